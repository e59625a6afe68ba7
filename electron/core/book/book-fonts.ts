import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, normalize, sep } from 'node:path'

const resolveFrom = createRequire(import.meta.url)

/** The fonts the book ships with, so it prints the same on every machine. */
const FONT_SHEETS: { pkg: string; sheets: string[] }[] = [
  { pkg: '@fontsource/source-serif-4', sheets: ['400.css', '400-italic.css', '600.css', '600-italic.css'] },
  { pkg: '@fontsource/source-sans-3', sheets: ['300.css', '400.css', '600.css'] },
  // Monochrome on purpose: Chromium's PDF output drops the glyphs of the COLRv1 colour emoji font
  // (they print blank), while these outlines print everywhere.
  { pkg: '@fontsource/noto-emoji', sheets: ['400.css'] },
]

function packageDir(pkg: string): string {
  return dirname(resolveFrom.resolve(`${pkg}/package.json`))
}

/**
 * @font-face rules pointing at `fonts/<package>/<file>`; the printer serves those paths from the
 * packages, and the browser fetches only the unicode ranges a book actually uses.
 */
export function fontFaceCss(): string {
  return FONT_SHEETS.flatMap(({ pkg, sheets }) =>
    sheets.map((sheet) => readFileSync(join(packageDir(pkg), sheet), 'utf8').replace(/url\(\.\/files\//g, `url(fonts/${pkg}/files/`)),
  ).join('\n')
}

/** The bytes of `fonts/<package>/files/<file>`, or null for anything else. */
export function fontFile(path: string): Buffer | null {
  const match = /^fonts\/(@fontsource\/[a-z0-9-]+)\/files\/([a-z0-9-]+\.woff2?)$/.exec(path)
  if (!match || !FONT_SHEETS.some((f) => f.pkg === match[1])) return null
  const dir = join(packageDir(match[1]), 'files')
  const file = normalize(join(dir, match[2]))
  if (!file.startsWith(dir + sep)) return null
  try {
    return readFileSync(file)
  } catch {
    return null
  }
}

/** Same rules with the font data inlined, for the self-contained HTML export. Emoji stay with the system. */
export function inlineFontFaceCss(): string {
  return FONT_SHEETS.filter((f) => !f.pkg.includes('emoji'))
    .flatMap(({ pkg, sheets }) =>
      sheets.map((sheet) =>
        readFileSync(join(packageDir(pkg), sheet), 'utf8')
          // Only the woff2 source, and only Latin subsets: the book's languages.
          .split('@font-face')
          .filter((rule) => /latin/.test(rule))
          .map((rule) =>
            rule.replace(/src:[^;]+;/, (src) => {
              const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(src)?.[1]
              if (!file) return src
              const data = readFileSync(join(packageDir(pkg), 'files', file)).toString('base64')
              return `src: url(data:font/woff2;base64,${data}) format('woff2');`
            }),
          )
          .map((rule) => (rule.trim().startsWith('{') ? `@font-face ${rule}` : rule))
          .join('\n'),
      ),
    )
    .join('\n')
}
