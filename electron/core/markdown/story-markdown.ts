import MarkdownIt from 'markdown-it'
import type { DOMPurify } from 'dompurify'
import { SAFE_LINK } from './external-links'


/**
 * Story text is untrusted. markdown-it runs with raw HTML off, so `<script>` arrives as text, and
 * DOMPurify cleans the result anyway in case a Markdown construct ever yields something unsafe.
 * The same renderer serves the app and, later, the printed book.
 */
export function createStoryMarkdown(purify: DOMPurify) {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false })
  md.validateLink = (url) => SAFE_LINK.test(url.trim())

  const defaultLinkOpen =
    md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx].attrSet('rel', 'noopener noreferrer')
    tokens[idx].attrSet('target', '_blank')
    return defaultLinkOpen(tokens, idx, options, env, self)
  }

  return {
    render(markdown: string): string {
      return purify.sanitize(md.render(markdown), {
        // Not USE_PROFILE: it silently overrides ADD_ATTR, which would drop rel and target.
        ADD_ATTR: ['target', 'rel'],
        // Without this the URI rule below would also judge (and strip) rel and target values.
        ADD_URI_SAFE_ATTR: ['target', 'rel'],
        FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'svg', 'math'],
        ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
      })
    },
  }
}
