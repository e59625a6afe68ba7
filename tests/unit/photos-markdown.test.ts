import createDOMPurify from 'dompurify'
import { JSDOM } from 'jsdom'
import sanitizeHtml from 'sanitize-html'
import { describe, expect, it } from 'vitest'
import { createStoryMarkdown, purifyStoryHtml, SANITIZE_HTML_OPTIONS } from '../../electron/core/markdown/story-markdown'
import { photoIdsIn, rewritePhotoLinks } from '../../electron/core/photos/photo-references'
import { snippet } from '../../electron/core/search/snippet'

const sanitizers = {
  'the book (sanitize-html)': (html: string) => sanitizeHtml(html, SANITIZE_HTML_OPTIONS),
  'the app (DOMPurify)': purifyStoryHtml(createDOMPurify(new JSDOM('').window as unknown as Parameters<typeof createDOMPurify>[0])),
}
const dom = (html: string) => new JSDOM(`<body>${html}</body>`).window.document.body
const ID = 'a1'.repeat(32)
const BLOB = 'blob:http://127.0.0.1:4321/6f1c2a3e-9d0b-4c55-8e1a-2b3c4d5e6f70'
const DATA = 'data:image/jpeg;base64,/9j/4AAQSkZJRg=='

describe.each(Object.entries(sanitizers))('photos in story Markdown, in %s', (_name, sanitize) => {
  const markdown = createStoryMarkdown(sanitize)

  it('shows a photo: image from the URL the caller gives (blob: in the window, data: in the book)', () => {
    for (const url of [BLOB, DATA]) {
      const img = dom(markdown.render(`![The van](photo:${ID} "At the door")`, { photoSrc: () => url })).querySelector('img')
      expect([img?.getAttribute('src'), img?.getAttribute('alt'), img?.getAttribute('title')]).toEqual([url, 'The van', 'At the door'])
    }
  })

  it('shows the alt text of a photo the library lacks, and of any image when asked to', () => {
    const body = dom(markdown.render(`![A <b>lost</b> photo](photo:${ID}) ![Tracker](https://example.com/t.png)`, { otherImages: 'alt' }))
    expect(body.querySelector('img')).toBeNull()
    expect([...body.querySelectorAll('span.photo-missing')].map((s) => s.textContent)).toEqual(['A <b>lost</b> photo', 'Tracker'])
  })

  it('lets no other address into an image: not written in Markdown, not given by a caller, not in raw HTML', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', BLOB, DATA, 'photo:xyz']) {
      const body = dom(markdown.render(`![x](${url})`))
      for (const img of body.querySelectorAll('img')) expect(img.getAttribute('src') ?? '').not.toBe(url)
    }
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'data:image/svg+xml,<svg onload=alert(1)>', 'file:///x']) {
      const img = dom(markdown.render(`![x](photo:${ID})`, { photoSrc: () => url })).querySelector('img')
      expect(img?.getAttribute('src') ?? null).toBeNull()
    }
    const raw = dom(sanitize(`<img src="${BLOB.replace('blob:', 'javascript:')}"><a href="${BLOB}">x</a><span class="evil">y</span>`))
    expect(raw.querySelector('img')?.getAttribute('src') ?? null).toBeNull()
    expect(raw.querySelector('a')?.getAttribute('href') ?? null).toBeNull()
    expect(raw.querySelector('span')?.getAttribute('class') ?? null).toBeNull()
    // A photo: address as a link's target is no link at all.
    expect(dom(markdown.render(`[see](photo:${ID})`)).querySelector('a[href]')).toBeNull()
  })
})

describe('photo references', () => {
  it('finds each photo once and rewrites only photo: addresses', () => {
    const text = `![a](photo:${ID}) ![b]( photo:${ID} "t") [c](https://x.example/photo:${ID}) \`photo:${ID}\``
    expect(photoIdsIn(text)).toEqual([ID])
    expect(rewritePhotoLinks(text, (id) => `photos/${id}.jpg`)).toBe(
      `![a](photos/${ID}.jpg) ![b](photos/${ID}.jpg "t") [c](https://x.example/photo:${ID}) \`photo:${ID}\``,
    )
  })

  it('leave the photo address out of a search snippet, and keep its alt text', () => {
    const text = snippet(`We drove out.\n\n![The van at her door](photo:${ID} "Evening")\n\nShe smiled.`, new Set(['van']))
      .map((s) => s.text)
      .join('')
    expect(text).toBe('We drove out. The van at her door She smiled.')
  })
})
