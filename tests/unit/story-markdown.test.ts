import createDOMPurify from 'dompurify'
import { JSDOM } from 'jsdom'
import sanitizeHtml from 'sanitize-html'
import { describe, expect, it } from 'vitest'
import { isSafeExternalUrl } from '../../electron/core/markdown/external-links'
import { createStoryMarkdown, purifyStoryHtml, SANITIZE_HTML_OPTIONS } from '../../electron/core/markdown/story-markdown'

// The book's renderer (sanitize-html, no DOM) and the app's (DOMPurify, as src/api/markdown.ts wires it).
const sanitizers = {
  'the book (sanitize-html)': (html: string) => sanitizeHtml(html, SANITIZE_HTML_OPTIONS),
  'the app (DOMPurify)': purifyStoryHtml(createDOMPurify(new JSDOM('').window as unknown as Parameters<typeof createDOMPurify>[0])),
}

function dom(html: string) {
  const doc = new JSDOM(`<body>${html}</body>`).window.document
  return doc.body
}

/** Every construct markdown-it writes, so a sanitizer that drops a legitimate tag or attribute shows. */
const EVERY_CONSTRUCT = [
  '# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six',
  'Some *em*, **strong**, ~~gone~~ and `code`, "quoted" -- (c) ... with a hard  \nbreak',
  '> a quote\n\n- one\n- two\n\n3. three\n4. four',
  '```js\nconst x = 1 < 2\n```\n\n    indented code\n\n---',
  '| left | centre | right |\n|:-----|:------:|------:|\n| a | b | c |',
  '[site](https://example.com/a?b=1&c=2 "A title"), <https://auto.example/x> and [mail](mailto:hi@example.com)',
  '![a picture](https://example.com/p.png "Picture title")',
].join('\n\n')

/** Raw HTML no Markdown construct yields today: what the sanitizers are there for. */
const HOSTILE_HTML = [
  '<script>alert(1)</script><img src=x onerror=alert(2)><iframe src="https://evil.example"></iframe>',
  '<a href="javascript:alert(3)">js</a><a href="JaVaScRiPt:alert(4)">js</a><a href=" javascript:alert(5)">js</a>',
  '<a href="data:text/html,<script>alert(6)</script>">data</a><img src="data:image/svg+xml,<svg onload=alert(7)>">',
  '<a href="vbscript:msgbox(8)">vb</a><a href="//evil.example/">protocol-relative</a>',
  '<svg onload=alert(9)><circle/></svg><math><mi>x</mi></math><style>body{display:none}</style>',
  '<form action="https://evil.example"><input name=a><button formaction="javascript:alert(10)">b</button></form>',
  '<p onclick="alert(11)" style="background:url(javascript:alert(12))">p</p>',
  '<td style="text-align:right;position:fixed">td</td><code class="language-js evil">c</code>',
  '<object data="x"></object><embed src="x"><base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example">',
].join('')

describe.each(Object.entries(sanitizers))('story Markdown in %s', (_name, sanitize) => {
  const markdown = createStoryMarkdown(sanitize)

  it('renders Markdown', () => {
    const body = dom(markdown.render('Some **bold** text\n\n> a quote\n\n- one\n- two'))
    expect(body.querySelector('strong')?.textContent).toBe('bold')
    expect(body.querySelector('blockquote')).not.toBeNull()
    expect(body.querySelectorAll('li')).toHaveLength(2)
  })

  it('keeps every construct markdown-it writes, with the attributes it needs', () => {
    const body = dom(markdown.render(EVERY_CONSTRUCT))
    expect(body.querySelectorAll('h1, h2, h3, h4, h5, h6')).toHaveLength(6)
    expect([...body.querySelectorAll('em, strong, s, p > code, br, blockquote, ul, pre, hr')].map((e) => e.tagName)).toEqual(
      expect.arrayContaining(['EM', 'STRONG', 'S', 'CODE', 'BR', 'BLOCKQUOTE', 'UL', 'PRE', 'HR']),
    )
    expect(body.querySelector('ol')?.getAttribute('start')).toBe('3')
    expect(body.querySelector('pre > code.language-js')?.textContent).toBe('const x = 1 < 2\n')
    expect([...body.querySelectorAll('th')].map((th) => th.getAttribute('style'))).toEqual([
      'text-align:left',
      'text-align:center',
      'text-align:right',
    ])
    expect(body.querySelectorAll('table > tbody > tr > td')).toHaveLength(3)
    const links = [...body.querySelectorAll('a')]
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/a?b=1&c=2',
      'https://auto.example/x',
      'mailto:hi@example.com',
    ])
    expect(links[0].getAttribute('title')).toBe('A title')
    expect(links.every((a) => a.getAttribute('rel') === 'noopener noreferrer' && a.getAttribute('target') === '_blank')).toBe(true)
    const img = body.querySelector('img')
    expect([img?.getAttribute('src'), img?.getAttribute('alt'), img?.getAttribute('title')]).toEqual([
      'https://example.com/p.png',
      'a picture',
      'Picture title',
    ])
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

  it('cleans raw HTML that slips past markdown-it: no script, handler, frame, form, style or unsafe URL survives', () => {
    const body = dom(sanitize(HOSTILE_HTML))
    expect(body.querySelectorAll('script, iframe, svg, math, style, form, input, button, object, embed, base, meta')).toHaveLength(0)
    for (const element of body.querySelectorAll('*')) {
      for (const { name, value } of element.attributes) {
        expect(name, element.outerHTML).not.toMatch(/^on/i)
        if (name === 'href') expect(value, element.outerHTML).toMatch(/^(https?|mailto):/i)
        // DOMPurify lets an image keep a data: address (an image cannot run script); nothing else.
        if (name === 'src') expect(value, element.outerHTML).toMatch(/^(https?:|data:image\/)/i)
        if (name === 'style') expect(value, element.outerHTML).toBe('text-align:right')
        if (name === 'class') expect(value, element.outerHTML).toMatch(/^language-\S+$/)
      }
    }
    expect(body.querySelectorAll('[href]')).toHaveLength(0)
    expect(body.textContent).toContain('js')
  })
})

describe('the book and the app', () => {
  it('render every Markdown construct to the same document', () => {
    const [book, app] = Object.values(sanitizers).map((sanitize) => dom(createStoryMarkdown(sanitize).render(EVERY_CONSTRUCT)).innerHTML)
    expect(book).toBe(app)
  })

  it('knows which URLs may leave the app', () => {
    expect(isSafeExternalUrl('https://example.com')).toBe(true)
    expect(isSafeExternalUrl('mailto:a@b.c')).toBe(true)
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false)
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false)
    expect(isSafeExternalUrl('not a url')).toBe(false)
  })
})
