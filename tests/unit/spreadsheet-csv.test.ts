import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { restoreFormula } from '../../electron/core/exchange/csv-cell'
import { detectDelimiter } from '../../electron/core/exchange/csv-delimiter'
import { teamCsv } from '../../electron/core/training/team-csv'
import { tempCore } from './temp-library'

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

describe('the team progress CSV (issue 10)', () => {
  it('is written by csv-stringify like the story CSV: BOM, CRLF, one row per trainee, formulas neutralised', () => {
    const core = tempCore()
    const trainees = [
      { name: '=HYPERLINK("http://evil")', team: 'Lager, Århus', startDate: '2026-01-01' },
      // A spreadsheet may end a row at any of these; the formula after it must not start a live row.
      { name: 'Line\u2028=cmd|calc', team: 'Two\nlines "quoted"', startDate: '2026-02-01' },
      { name: '-2+3', team: 'Carriage\r@SUM(A1)', startDate: '2026-03-01' },
    ]
    for (const t of trainees) core.training.createTrainee(t)
    const csv = teamCsv(core.training.team(), core.values.list())

    expect(csv.startsWith('\uFEFFTrainee,Team,Start date,')).toBe(true)
    expect(csv.endsWith('\r\n')).toBe(true)
    expect(csv).toContain('"Line\u2028=cmd|calc"')
    expect(csv).toContain('"Carriage\r@SUM(A1)"')
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`)

    const [header, ...rows] = parse(csv, { bom: true }) as string[][]
    expect(header).toHaveLength(11)
    const byName = new Map(rows.map((r) => [restoreFormula(r[0]), r]))
    for (const t of trainees) {
      const row = byName.get(t.name)
      expect(row, t.name).toBeDefined()
      expect(restoreFormula(row![1])).toBe(t.team)
      expect(row![2]).toBe(t.startDate)
    }
    // Every text cell that starts like a formula carries the apostrophe.
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@]/)
  })
})

describe('the CSV import finds the delimiter (issue 10)', () => {
  it('reads a semicolon file whose header has a comma inside quotes', () => {
    const csv = 'Titel;Historie;"Navn, team";Dato;Værdier\r\nBryllupssko;"Pakken gik galt, vi sendte nye.";Maja;14.03.2026;Be humble\r\n'
    const preview = tempCore().csv.preview(b64(csv))
    expect(preview.headers).toEqual(['Titel', 'Historie', 'Navn, team', 'Dato', 'Værdier'])
    expect(preview.sample[0][1]).toBe('Pakken gik galt, vi sendte nye.')
  })

  it('reads a tab-separated file', () => {
    const csv = 'Title\tStory\tName\tDate\tValues\nShoes\tWe sent, overnight; a new pair.\tMaja\t2026-03-14\tBe humble\n'
    const preview = tempCore().csv.preview(b64(csv))
    expect(preview.headers).toEqual(['Title', 'Story', 'Name', 'Date', 'Values'])
    expect(preview.sample[0]).toEqual(['Shoes', 'We sent, overnight; a new pair.', 'Maja', '2026-03-14', 'Be humble'])
  })

  it('keeps a comma file whose cells hold semicolons in one piece', () => {
    const csv = '\uFEFFTitle,Story,Name,Date,Values\nShoes,Sent; overnight,Maja,2026-03-14,Be humble; Deliver WOW through service\n'
    const preview = tempCore().csv.preview(b64(csv))
    expect(preview.headers).toEqual(['Title', 'Story', 'Name', 'Date', 'Values'])
    expect(preview.sample[0][4]).toBe('Be humble; Deliver WOW through service')
  })

  it('chooses the delimiter that splits every one of the first rows most, the comma on a tie', () => {
    expect(detectDelimiter('a;b;c\n1;2;3\n')).toBe(';')
    expect(detectDelimiter('a,b;c\n1,2;3\n')).toBe(',')
    // Two semicolons in the header, but only one on a row: the comma splits every row in three.
    expect(detectDelimiter('a,b;x;y,c\n1,2;3,4\n')).toBe(',')
    expect(detectDelimiter('title\nShoes\n')).toBe(',')
    expect(detectDelimiter('')).toBe(',')
  })
})
