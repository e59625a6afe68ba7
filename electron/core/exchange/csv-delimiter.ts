import { parse } from 'csv-parse/sync'

/** Comma first: it wins a tie. Semicolon is what a spreadsheet writes where the comma is the decimal mark; tab is its "text" export. */
const CANDIDATES = [',', ';', '\t'] as const
const SAMPLE_RECORDS = 20

/**
 * The field delimiter of a CSV file. csv-parse finds line ends by itself but not the delimiter (an
 * array of delimiters makes each of them split, which would cut a "Be humble; Deliver WOW" cell in
 * two), so the first records are parsed with each candidate, and the one that splits every one of
 * them into the most columns wins. Quotes are honoured, so a header like `Name, team` inside a
 * semicolon file does not fool it. Given the file's bytes, the parser stops after those records;
 * given text, it would first copy all of it into bytes, once per candidate.
 */
export function detectDelimiter(file: string | Uint8Array): string {
  const text = typeof file === 'string' ? file : Buffer.from(file.buffer, file.byteOffset, file.byteLength)
  let best: { delimiter: string; columns: number } = { delimiter: CANDIDATES[0], columns: 0 }
  for (const delimiter of CANDIDATES) {
    let records: string[][]
    try {
      records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, to: SAMPLE_RECORDS })
    } catch {
      continue // quotes that only make sense with another delimiter
    }
    const columns = records.length ? Math.min(...records.map((r) => r.length)) : 0
    if (columns > best.columns) best = { delimiter, columns }
  }
  return best.delimiter
}
