import createDOMPurify from 'dompurify'
import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { isSafeExternalUrl } from '../../electron/core/markdown/external-links'
import { createStoryMarkdown } from '../../electron/core/markdown/story-markdown'

const { window } = new JSDOM('')
const markdown = createStoryMarkdown(createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]))

function dom(html: string) {
  const doc = new JSDOM(`<body>${html}</body>`).window.document
  return doc.body
}

describe('story Markdown', () => {
  it('renders Markdown', () => {
    const body = dom(markdown.render('Some **bold** text\n\n> a quote\n\n- one\n- two'))
    expect(body.querySelector('strong')?.textContent).toBe('bold')
    expect(body.querySelector('blockquote')).not.toBeNull()
    expect(body.querySelectorAll('li')).toHaveLength(2)
  })

  it('shows raw HTML as text instead of running it', () => {
    const source = '<script>alert(1)</script> <img src=x onerror=alert(1)> <iframe src="https://evil.example"></iframe>'
    const body = dom(markdown.render(source))
    expect(body.querySelector('script, img, iframe')).toBeNull()
    expect(body.textContent).toContain('<script>alert(1)</script>')
    expect(body.textContent).toContain('<img src=x onerror=alert(1)>')
  })

  it('never turns javascript:, data: or vbscript: into links', () => {
    for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:msgbox(1)']) {
      const body = dom(markdown.render(`[click me](${url})`))
      expect(body.querySelector('a')).toBeNull()
      expect(body.textContent).toContain('click me')
    }
  })

  it('keeps http(s) and mailto links, marked to open outside', () => {
    const body = dom(markdown.render('[site](https://example.com/a) and [mail](mailto:hi@example.com)'))
    const links = [...body.querySelectorAll('a')]
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a', 'mailto:hi@example.com'])
    expect(links[0].getAttribute('rel')).toBe('noopener noreferrer')
  })

  it('knows which URLs may leave the app', () => {
    expect(isSafeExternalUrl('https://example.com')).toBe(true)
    expect(isSafeExternalUrl('mailto:a@b.c')).toBe(true)
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false)
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false)
    expect(isSafeExternalUrl('not a url')).toBe(false)
  })
})
