import MarkdownIt from 'markdown-it'
import type { DOMPurify } from 'dompurify'
import type { IOptions as SanitizeHtmlOptions } from 'sanitize-html'
import { SAFE_LINK } from './external-links'
import { photoIdOf } from '../photos/photo-references'

/** Every tag markdown-it can write with raw HTML off, and the attributes it puts on them: nothing else is kept. */
const BARE_TAGS = [
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'li',
  'pre',
  'em',
  'strong',
  's',
  'table',
  'thead',
  'tbody',
  'tr',
]
const STORY_HTML: Record<string, string[]> = {
  ...Object.fromEntries(BARE_TAGS.map((tag) => [tag, []])),
  ol: ['start'],
  code: ['class'],
  a: ['href', 'title', 'rel', 'target'],
  img: ['src', 'alt', 'title'],
  // A photo the library lacks: its alt text, in place of a broken image.
  span: ['class'],
  th: ['style'],
  td: ['style'],
}
/** The only classes (a fenced block's language, a missing photo) and the only style (a table column's alignment) written. */
const LANGUAGE_CLASS = /^language-\S+$/
const MISSING_PHOTO = 'photo-missing'
const CLASSES: Record<string, RegExp> = { code: LANGUAGE_CLASS, span: new RegExp(`^${MISSING_PHOTO}$`) }
/**
 * What a photo's `photo:` address becomes once resolved: an object URL in the window, a data: URL in
 * the printed book. Only the image rule below writes these; Markdown cannot (see validateLink).
 */
export const PHOTO_SRC = /^(?:blob:|data:image\/(?:jpeg|png);base64,)/i
const ALIGNMENTS = /^(left|center|right)$/
const SCHEMES = ['http', 'https', 'mailto']

/** sanitize-html keeps a URL without a scheme; like DOMPurify, keep only the schemes allowed. */
const withSafeUrl = (attribute: string, also?: RegExp) => (tagName: string, attribs: Record<string, string>) => {
  const { [attribute]: url = '', ...rest } = attribs
  const safe = SAFE_LINK.test(url.trim()) || !!also?.test(url.trim())
  return { tagName, attribs: safe ? attribs : rest }
}

/** The allow-list for sanitize-html, which needs no DOM: the core (the printed book) uses it. */
export const SANITIZE_HTML_OPTIONS: SanitizeHtmlOptions = {
  allowedTags: Object.keys(STORY_HTML),
  allowedAttributes: STORY_HTML,
  allowedSchemes: SCHEMES,
  allowedSchemesByTag: { img: [...SCHEMES, 'data', 'blob'] },
  allowProtocolRelative: false,
  transformTags: { a: withSafeUrl('href'), img: withSafeUrl('src', PHOTO_SRC) },
  allowedClasses: { code: [LANGUAGE_CLASS], span: [MISSING_PHOTO] },
  allowedStyles: { th: { 'text-align': [ALIGNMENTS] }, td: { 'text-align': [ALIGNMENTS] } },
}

/**
 * The same allow-list for DOMPurify, which the renderer uses (it has a DOM). DOMPurify has one
 * attribute list for all tags, so a hook narrows it per tag (on this instance, which only story
 * Markdown uses).
 */
export function purifyStoryHtml(purify: DOMPurify): (html: string) => string {
  const config = {
    ALLOWED_TAGS: Object.keys(STORY_HTML),
    ALLOWED_ATTR: [...new Set(Object.values(STORY_HTML).flat())],
    // Without this the URI rule below would also judge (and strip) these values, which are no addresses.
    ADD_URI_SAFE_ATTR: ['target', 'rel', 'start'],
    ALLOWED_URI_REGEXP: new RegExp(`^(?:${SCHEMES.join('|')}):`, 'i'),
  }
  purify.addHook('uponSanitizeAttribute', (element, event) => {
    const { attrName: name, attrValue: value } = event
    const tag = element.nodeName.toLowerCase()
    if (tag === 'img' && name === 'src') {
      // A resolved photo is kept (the URI rule allows only link schemes); any other data: or blob:
      // image DOMPurify would let through is not, as in the book.
      if (PHOTO_SRC.test(value)) event.forceKeepAttr = true
      else if (!SAFE_LINK.test(value)) event.keepAttr = false
      return
    }
    const allowed =
      (STORY_HTML[tag] ?? []).includes(name) &&
      (name !== 'class' || !!CLASSES[tag]?.test(value)) &&
      (name !== 'style' || ALIGNMENTS.test(/^text-align:\s*(\w+);?$/.exec(value)?.[1] ?? ''))
    if (!allowed) event.keepAttr = false
  })
  return (html) => purify.sanitize(html, config)
}

/** Where a story's photos come from while rendering it. */
export interface PhotoSources {
  /** The URL to show a stored photo from, or null when it is missing (its alt text shows). */
  photoSrc?: (id: string) => string | null
  /** `alt`: an image from anywhere but the library shows as its description (the window's policy would block it anyway). */
  otherImages?: 'keep' | 'alt'
}

/**
 * Story text is untrusted. markdown-it runs with raw HTML off, so `<script>` arrives as text, and
 * the sanitizer cleans the result anyway in case a Markdown construct ever yields something unsafe.
 * The same renderer serves the app (with DOMPurify) and the printed book (with sanitize-html).
 */
export function createStoryMarkdown(sanitize: (html: string) => string, quotes?: string) {
  // `quotes`: the story's language's quotation marks (the printed book's); markdown-it's own default otherwise.
  const md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false, ...(quotes ? { quotes } : {}) })
  // A `photo:` address is kept for the image rule; as a link's, the sanitizer drops it.
  md.validateLink = (url) => SAFE_LINK.test(url.trim()) || photoIdOf(url) !== null

  const defaultImage = md.renderer.rules.image!
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const { photoSrc, otherImages } = (env ?? {}) as PhotoSources
    const token = tokens[idx]
    const src = String(token.attrGet('src') ?? '')
    const id = photoIdOf(src)
    const url = id ? (photoSrc?.(id) ?? null) : null
    if (url) token.attrSet('src', url)
    else if (id || otherImages === 'alt') {
      // The library lacks the photo (or the window cannot show a remote image): its description, never a broken image.
      const alt = self.renderInlineAsText(token.children ?? [], options, env)
      return `<span class="${MISSING_PHOTO}">${md.utils.escapeHtml(alt)}</span>`
    }
    return defaultImage(tokens, idx, options, env, self)
  }

  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx].attrSet('rel', 'noopener noreferrer')
    tokens[idx].attrSet('target', '_blank')
    return defaultLinkOpen(tokens, idx, options, env, self)
  }

  return {
    render(markdown: string, photos?: PhotoSources): string {
      return sanitize(md.render(markdown, { ...photos }))
    },
  }
}
