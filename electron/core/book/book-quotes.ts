import MarkdownIt from 'markdown-it'
import type { BookLanguage } from './edition'

/**
 * Each language's quotation marks, as markdown-it's typographer takes them (double open, double close,
 * single open, single close): “…” ‘…’ in English, »…« ›…‹ in Danish, ”…” ’…’ in Swedish.
 */
export const QUOTES: Record<BookLanguage, string> = { en: '“”‘’', da: '»«›‹', sv: '””’’' }

const typographers = new Map<BookLanguage, InstanceType<typeof MarkdownIt>>()

/**
 * Plain text (a title, a name, a team) with the same typographic quotes and apostrophes as a story's
 * body: markdown-it's own smartquotes rule, with every Markdown rule off, so `*` or `<` stay as typed.
 * A straight apostrophe it leaves (the '90s) is an apostrophe all the same.
 */
export function typographicQuotes(text: string, language: BookLanguage): string {
  if (!/["']/.test(text)) return text
  let md = typographers.get(language)
  if (!md) {
    md = new MarkdownIt('zero', { typographer: true, quotes: QUOTES[language] ?? QUOTES.en }).enable(['smartquotes'])
    typographers.set(language, md)
  }
  const [line] = md.parseInline(text, {})
  return (line?.children ?? [])
    .map((token) => token.content)
    .join('')
    .replace(/'/g, '’')
}
