import MarkdownIt from 'markdown-it'
import type { DOMPurify } from 'dompurify'
import type { IOptions as SanitizeHtmlOptions } from 'sanitize-html'
import { SAFE_LINK } from './external-links'

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
  th: ['style'],
  td: ['style'],
}
/** The only class (a fenced block's language) and the only style (a table column's alignment) markdown-it writes. */
const LANGUAGE_CLASS = /^language-\S+$/
const ALIGNMENTS = /^(left|center|right)$/
const SCHEMES = ['http', 'https', 'mailto']

/** sanitize-html keeps a URL without a scheme; like DOMPurify, keep only the schemes allowed. */
const withSafeUrl = (attribute: string) => (tagName: string, attribs: Record<string, string>) => {
  const { [attribute]: url = '', ...rest } = attribs
  return { tagName, attribs: SAFE_LINK.test(url.trim()) ? attribs : rest }
}

/** The allow-list for sanitize-html, which needs no DOM: the core (the printed book) uses it. */
export const SANITIZE_HTML_OPTIONS: SanitizeHtmlOptions = {
  allowedTags: Object.keys(STORY_HTML),
  allowedAttributes: STORY_HTML,
  allowedSchemes: SCHEMES,
  allowProtocolRelative: false,
  transformTags: { a: withSafeUrl('href'), img: withSafeUrl('src') },
  allowedClasses: { code: [LANGUAGE_CLASS] },
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
    const allowed =
      (STORY_HTML[element.nodeName.toLowerCase()] ?? []).includes(name) &&
      (name !== 'class' || LANGUAGE_CLASS.test(value)) &&
      (name !== 'style' || ALIGNMENTS.test(/^text-align:\s*(\w+);?$/.exec(value)?.[1] ?? ''))
    if (!allowed) event.keepAttr = false
  })
  return (html) => purify.sanitize(html, config)
}

/**
 * Story text is untrusted. markdown-it runs with raw HTML off, so `<script>` arrives as text, and
 * the sanitizer cleans the result anyway in case a Markdown construct ever yields something unsafe.
 * The same renderer serves the app (with DOMPurify) and the printed book (with sanitize-html).
 */
export function createStoryMarkdown(sanitize: (html: string) => string) {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false })
  md.validateLink = (url) => SAFE_LINK.test(url.trim())

  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx].attrSet('rel', 'noopener noreferrer')
    tokens[idx].attrSet('target', '_blank')
    return defaultLinkOpen(tokens, idx, options, env, self)
  }

  return {
    render(markdown: string): string {
      return sanitize(md.render(markdown))
    },
  }
}
