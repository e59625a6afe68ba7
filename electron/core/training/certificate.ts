import { fontFaceCss, fontFile } from '../book/book-fonts'
import type { PdfPrinter } from '../book/pdf-printer'
import { writeFileAtomically } from '../book/atomic-file'
import { styleBlock } from '../book/book-renderer'
import { bookText, type BookLanguage } from '../book/book-text'
import { bookContentSecurityPolicy } from '../content-security'
import { CultureError } from '../errors'
import { escapeHtml } from '../html-escape'
import type { TraineeProgress } from './training-types'

const CERTIFICATE_CSS = `@page { size: A4 landscape; margin: 0; }
html, body { margin: 0; height: 100%; }
body { font-family: 'Source Serif 4', serif; color: #1b1b1b; display: flex; align-items: center; justify-content: center; background: #f7f4ef; }
.frame { width: 250mm; height: 170mm; box-sizing: border-box; border: 2mm solid #b4441c; outline: 0.6mm solid #b4441c; outline-offset: 2mm;
  display: flex; flex-direction: column; align-items: center; justify-content: center; text-align: center; padding: 16mm; background: #fff; }
.kicker { font-family: 'Source Sans 3', sans-serif; letter-spacing: 0.3em; text-transform: uppercase; font-size: 11pt; color: #b4441c; }
h1 { font-size: 34pt; font-weight: 600; margin: 8mm 0 4mm; }
.name { font-size: 28pt; font-style: italic; margin: 4mm 0; }
p { font-size: 13pt; max-width: 180mm; line-height: 1.5; }
.meta { font-family: 'Source Sans 3', sans-serif; font-size: 10pt; color: #666; margin-top: 10mm; }
`

export interface CertificateOptions {
  company: string
  /** The calendar day it is given, `2025-06-14`, printed the way the language writes dates. */
  date: string
  /** The trainee's language; every fixed text, the score and the date are printed in it. */
  language?: BookLanguage
}

/**
 * The certificate runs no script and takes no style from a name: the same pinned policy as the book.
 * It says "all core values" only when the trainee's scenarios touched every value the library has
 * (a value added after the onboarding path was written is not covered by it), else how many.
 */
export function certificateHtml(progress: TraineeProgress, { company, date, language = 'en' }: CertificateOptions): string {
  const text = bookText(language)
  const { t } = text
  const total = progress.values.length
  const covered = progress.values.filter((v) => v.attempts > 0).length
  const score = text.percent(progress.pathScore ?? 0)
  const achievement =
    covered === total
      ? t('certificate.allValues', { score, total: text.number(total) }, total)
      : t('certificate.someValues', { score, covered: text.number(covered), total: text.number(total) })
  const styles = [fontFaceCss(), CERTIFICATE_CSS].map(styleBlock)
  const policy = bookContentSecurityPolicy({ styleHashes: styles.map((st) => st.hash), fontSrc: "'self'" })
  return `<!doctype html><html lang="${escapeHtml(text.language)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<title>${escapeHtml(t('certificate.title'))}</title>
${styles.map((st) => st.tag).join('\n')}
</head><body><div class="frame" id="certificate">
<div class="kicker">${escapeHtml(company || 'Culture Book')}</div>
<h1>${escapeHtml(t('certificate.heading'))}</h1>
<p>${escapeHtml(t('certificate.certifies'))}</p>
<div class="name">${escapeHtml(progress.trainee.name)}</div>
<p>${escapeHtml(achievement)}</p>
<div class="meta">${escapeHtml(progress.trainee.team)}${progress.trainee.team ? ' · ' : ''}${escapeHtml(text.date(date))}</div>
</div></body></html>`
}

/** A one-page PDF, printed by the same printer as the book. */
export async function printCertificate(
  progress: TraineeProgress,
  options: CertificateOptions & { printer: PdfPrinter; outPath: string },
): Promise<void> {
  if (!progress.certificate) {
    throw new CultureError('trainee.notCertified', { name: progress.trainee.name })
  }
  const session = await options.printer.open(certificateHtml(progress, options), fontFile)
  try {
    const pdf = await session.print()
    writeFileAtomically(options.outPath, pdf)
  } finally {
    await session.close()
  }
}
