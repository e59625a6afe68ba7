import { z } from 'zod'
import { STORY_LANGUAGES, STORY_STATUSES, type StoryLanguage, type StoryStatus } from '../stories/story'
import { uuid } from '../stories/story-input'

/** Office sizes, then book trims: A5, 6 × 9 in (the common trade book) and 5.5 × 8.5 in (page-geometry.ts). */
export const PAGE_SIZES = ['A4', 'A5', 'Letter', 'USTrade', 'Digest'] as const
export type PageSize = (typeof PAGE_SIZES)[number]
/**
 * What the contents lists: each chapter's stories under it up to CONTENTS_STORY_LIMIT stories ('auto'),
 * always ('stories'), or the chapters only ('chapters'), for a very long book.
 */
export const CONTENTS_MODES = ['auto', 'stories', 'chapters'] as const
export type ContentsMode = (typeof CONTENTS_MODES)[number]

/** A book is printed in one of the languages stories are told in. */
export const BOOK_LANGUAGES = STORY_LANGUAGES
export type BookLanguage = StoryLanguage

/** One year's book and how its curator shaped it. */
export interface Edition {
  id: string
  year: number
  title: string
  subtitle: string
  company: string
  foreword: string
  closing: string
  pageSize: PageSize
  /** For a print shop: 3 mm bleed around every page and crop marks outside it (print-marks.ts). */
  bleed: boolean
  /** One leaf of the paper (two pages) in millimetres: the cover's spine is the book's leaves × this (book-cover.ts). */
  paperThickness: number
  /** The back cover's text: plain, a few sentences. */
  backCover: string
  contents: ContentsMode
  /** The language of every fixed text the book prints: headings, labels, numbers and dates. */
  language: BookLanguage
  /** Which story statuses go into the book: approved only, unless the curator says otherwise. */
  statuses: StoryStatus[]
  /** Core value ids in chapter order; values added later join at the end. */
  chapterOrder: string[]
  /** Values whose chapter the curator left out. */
  droppedValues: string[]
  excludedStories: string[]
  /** Per value id: story ids in the curator's order; stories not listed follow by date. */
  storyOrder: Record<string, string[]>
  createdAt: string
  updatedAt: string
}

/**
 * Paper from thin bible paper to thick card-like stock, per leaf: 80 g/m² offset paper is about
 * 0.1 mm a leaf (0.05 mm a page), the default.
 */
export const PAPER_THICKNESS = { min: 0.04, max: 0.4, default: 0.1 } as const
/** The back cover holds a short text: a paragraph or two at a readable size. */
export const BACK_COVER_MAX = 800

const markdownText = (tooLong: 'edition.forewordTooLong' | 'edition.closingTooLong') => z.string().max(50_000, tooLong)

/** What the curator can change; every field optional, so the form can save one at a time. */
export const editionFields = z
  .object({
    title: z.string().trim().min(1, 'edition.titleMissing').max(200, 'edition.titleTooLong'),
    subtitle: z.string().trim().max(300, 'edition.subtitleTooLong'),
    company: z.string().trim().max(200, 'edition.companyTooLong'),
    foreword: markdownText('edition.forewordTooLong'),
    closing: markdownText('edition.closingTooLong'),
    pageSize: z.enum(PAGE_SIZES, { message: 'edition.pageSizeInvalid' }),
    bleed: z.boolean(),
    paperThickness: z
      .number()
      .min(PAPER_THICKNESS.min, 'edition.paperThicknessInvalid')
      .max(PAPER_THICKNESS.max, 'edition.paperThicknessInvalid'),
    backCover: z.string().trim().max(BACK_COVER_MAX, 'edition.backCoverTooLong'),
    contents: z.enum(CONTENTS_MODES, { message: 'edition.contentsInvalid' }),
    language: z.enum(BOOK_LANGUAGES, { message: 'edition.languageInvalid' }),
    statuses: z
      .array(z.enum(STORY_STATUSES))
      .min(1, 'edition.statusesMissing')
      .refine((s) => new Set(s).size === s.length, 'edition.statusListedTwice'),
    chapterOrder: z.array(uuid).refine((ids) => new Set(ids).size === ids.length, 'edition.chapterListedTwice'),
    droppedValues: z.array(uuid),
    excludedStories: z.array(uuid),
    storyOrder: z.record(z.string(), z.array(uuid)),
  })
  .partial()
  .strict()

export type EditionFields = z.output<typeof editionFields>

export const editionYear = z.number().int().min(1900, 'edition.yearTooEarly').max(9999)
