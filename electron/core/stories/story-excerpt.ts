const EXCERPT_CHARS = 180
/** The most of a body the default excerpt reads (max × 4): a list need not load more of it. */
export const EXCERPT_SOURCE_CHARS = EXCERPT_CHARS * 4

/** A plain-text teaser for list rows: Markdown syntax stripped, never rendered as HTML. */
export function plainExcerpt(markdown: string, max = EXCERPT_CHARS): string {
  const text = markdown
    .slice(0, max * 4)
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text
}
