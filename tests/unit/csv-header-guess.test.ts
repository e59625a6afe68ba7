import { describe, expect, it } from 'vitest'
import { CATALOGUES, LOCALES } from '../../electron/core/error-text'
import { lookup } from '../../electron/core/message-format'
import { STORY_FIELD_LIST } from '../../electron/core/stories/story-fields'
import { tempCore } from './temp-library'

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')
const suggest = (headers: string[]) => {
  const core = tempCore()
  return core.csv.preview(b64([headers.join(','), headers.map(() => 'x').join(',')].join('\n'))).suggested
}

describe('CSV columns guessed from their headers', () => {
  it('takes "What happened" for the story and "Date" for the date', () => {
    expect(suggest(['Title', 'What happened', 'Date', 'Author', 'Values'])).toEqual({
      title: 0,
      body: 1,
      happenedOn: 2,
      author: 3,
      values: 4,
    })
  })

  it('gives an exact name the column even when a partial one comes first, and each column one field', () => {
    // "Date it happened" holds "date" as a word; the exact "Happened on" would otherwise be left over.
    expect(suggest(['Date it happened', 'Happened on', 'Story'])).toEqual({ happenedOn: 1, body: 2 })
    // One column, two fields naming it in words: the column feeds only one, the primary value by its priority.
    expect(suggest(['Primary core value'])).toEqual({ primaryValue: 0 })
    expect(suggest(['Primary core value', 'Core values'])).toEqual({ primaryValue: 0, values: 1 })
    // "text" inside "context" is no story.
    expect(suggest(['Title', 'Context'])).toEqual({ title: 0, customerContext: 1 })
  })

  it.each([
    ['What happened', 'body'],
    ['Story', 'body'],
    ['Text', 'body'],
    ['Description', 'body'],
    ['Your story', 'body'],
    ['Date', 'happenedOn'],
    ['When', 'happenedOn'],
    ['Happened on', 'happenedOn'],
    ['When did it happen?', 'happenedOn'],
    ['Headline', 'title'],
    ['Written by', 'author'],
    ['Department', 'team'],
    ['Core values', 'values'],
    ['Primary value', 'primaryValue'],
    ['Customer situation', 'customerContext'],
    ['Service recovery', 'isRecovery'],
    ['story_id', 'id'],
    // Danish
    ['Hvad skete der', 'body'],
    ['Fortælling', 'body'],
    ['Historie', 'body'],
    ['Kundehistorie', 'body'],
    ['Beskrivelse', 'body'],
    ['Dato', 'happenedOn'],
    ['Hvornår', 'happenedOn'],
    ['Overskrift', 'title'],
    ['Skrevet af', 'author'],
    ['Afdeling', 'team'],
    ['Kerneværdier', 'values'],
    ['Primær kerneværdi', 'primaryValue'],
    ['Genopretning efter servicesvigt', 'isRecovery'],
    ['Sprog', 'language'],
    // Swedish
    ['Vad hände', 'body'],
    ['Berättelse', 'body'],
    ['Beskrivning', 'body'],
    ['Datum', 'happenedOn'],
    ['När', 'happenedOn'],
    ['Rubrik', 'title'],
    ['Författare', 'author'],
    ['Skriven av', 'author'],
    ['Avdelning', 'team'],
    ['Kärnvärden', 'values'],
    ['Primärt kärnvärde', 'primaryValue'],
    ['Serviceåterhämtning', 'isRecovery'],
    ['Språk', 'language'],
  ])('"%s" → %s', (header, field) => {
    // Beside a column that names nothing, the header alone decides.
    expect(suggest(['Row', header])).toEqual({ [field]: 1 })
  })

  it.each(LOCALES)("maps every column of a file headed with the app's %s field labels to its field", (locale) => {
    const columns = STORY_FIELD_LIST.filter((f) => f.csv)
    const headers = columns.map((f) => lookup(CATALOGUES[locale], `fields.story.${f.name}`))
    expect(suggest(headers)).toEqual(Object.fromEntries(columns.map((f, i) => [f.key, i])))
  })

  it("maps the app's own export header to its fields", () => {
    const columns = STORY_FIELD_LIST.filter((f) => f.csv)
    const headers = ['id', 'revision', ...columns.map((f) => f.csv!.header)]
    expect(suggest(headers)).toEqual(Object.fromEntries(['id', 'revision', ...columns.map((f) => f.key)].map((k, i) => [k, i])))
  })
})
