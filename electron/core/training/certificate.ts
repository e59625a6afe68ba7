import { fontFaceCss, fontFile } from '../book/book-fonts'
import type { PdfPrinter } from '../book/pdf-printer'
import { writeFileAtomically } from '../book/atomic-file'
import { styleBlock } from '../book/book-renderer'
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

/** The certificate runs no script and takes no style from a name: the same pinned policy as the book. */
export function certificateHtml(progress: TraineeProgress, company: string, date: string): string {
  const styles = [fontFaceCss(), CERTIFICATE_CSS].map(styleBlock)
  const policy = bookContentSecurityPolicy({ styleHashes: styles.map((st) => st.hash), fontSrc: "'self'" })
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<title>Certificate</title>
${styles.map((st) => st.tag).join('\n')}
</head><body><div class="frame" id="certificate">
<div class="kicker">${escapeHtml(company || 'Culture Book')}</div>
<h1>Service recovery, onboarding path</h1>
<p>This certifies that</p>
<div class="name">${escapeHtml(progress.trainee.name)}</div>
<p>worked through every scenario of the onboarding path, covering all core values, with a score of ${Math.round((progress.pathScore ?? 0) * 100)}%.</p>
<div class="meta">${escapeHtml(progress.trainee.team)}${progress.trainee.team ? ' · ' : ''}${escapeHtml(date)}</div>
</div></body></html>`
}

/** A one-page PDF, printed by the same printer as the book. */
export async function printCertificate(
  progress: TraineeProgress,
  options: { printer: PdfPrinter; outPath: string; company: string; date: string },
): Promise<void> {
  if (!progress.certificate) {
    throw new CultureError('trainee.notCertified', { name: progress.trainee.name })
  }
  const session = await options.printer.open(certificateHtml(progress, options.company, options.date), fontFile)
  try {
    const pdf = await session.print()
    writeFileAtomically(options.outPath, pdf)
  } finally {
    await session.close()
  }
}
