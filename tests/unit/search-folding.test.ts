import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fold, spelledAs } from '../../electron/core/search/text-analysis'
import { storyFields, type StoryFieldsInput } from '../../electron/core/stories/story-input'
import { storyInput, tempCore } from './temp-library'

type Fixture = Partial<StoryFieldsInput> & { key: string }

/** Stories whose distinctive words carry diacritics, in the library's three languages. */
const CORPUS: Fixture[] = [
  { key: 'umea', title: 'Leverans till Umeå', body: 'Paketet kom fram till Umeå i tid.', language: 'sv' },
  { key: 'malmo', title: 'Ny butik i Malmö', body: 'Kunderna i Malmö fick sina skor samma dag.', language: 'sv' },
  { key: 'kobenhavn', title: 'Bud gennem København', body: 'Pakken kørte gennem København om natten.', language: 'da' },
  { key: 'arhus', title: 'Glade kunder i Århus', body: 'Butikken i Århus ringede til kunden.', language: 'da' },
  { key: 'cafe', title: 'Coffee for the courier', body: 'We met the courier at a café near the station.', language: 'en' },
  { key: 'faroe', title: 'Pakke til Færøerne', body: 'Sendt med skib til Færøerne.', language: 'da' },
  { key: 'sheep', title: 'Uld fra får', body: 'Vi solgte uld fra får på marken.', language: 'da' },
  { key: 'father', title: 'Uld til far', body: 'Vi solgte uld til far på marken.', language: 'da' },
]

function setup() {
  const core = tempCore()
  const ids = new Map<string, string>()
  for (const { key, ...overrides } of CORPUS) {
    const story = core.stories.create(
      storyFields.parse(storyInput(core, { customerContext: null, author: 'Ann Holm', ...overrides })),
      'draft',
    )
    ids.set(key, story.id)
  }
  const keyOf = new Map([...ids].map(([k, v]) => [v, k]))
  const find = (text: string) => {
    const response = core.search.search(text, {}, 0, 50)
    return { keys: response.results.map((r) => keyOf.get(r.id) ?? r.id), response }
  }
  return { core, find }
}

/** Runs `check` on the recent-edits index, then again once the same stories are in a full build. */
function inBothIndexes(check: (find: ReturnType<typeof setup>['find']) => void) {
  const { core, find } = setup()
  expect(core.search.engine.deltaSize).toBeGreaterThan(0)
  check(find)
  core.search.rebuildNow()
  expect(core.search.engine.deltaSize).toBe(0)
  check(find)
}

describe('accent folding', () => {
  it('finds words written with å, ä, ö, ø and é when the query is typed without them', () => {
    inBothIndexes((find) => {
      expect(find('umea').keys).toEqual(['umea'])
      expect(find('UMEA').keys).toEqual(['umea'])
      expect(find('malmo').keys).toEqual(['malmo'])
      expect(find('kobenhavn').keys).toEqual(['kobenhavn'])
      expect(find('arhus').keys).toEqual(['arhus'])
      expect(find('cafe').keys).toEqual(['cafe'])
      // æ is spelled "ae", as CLDR's Latin-ASCII transliteration does.
      expect(find('faeroerne').keys).toEqual(['faroe'])
      // Several words, each folded on its own.
      expect(find('umea paketet').keys).toEqual(['umea'])
    })
  })

  it('reads a typed "aa" as the Danish å it stands for in names', () => {
    inBothIndexes((find) => {
      expect(find('aarhus').keys).toEqual(['arhus'])
      expect(find('Aarhus butikken').keys).toEqual(['arhus'])
    })
  })

  it('folds the word still being typed, so results appear before it is finished', () => {
    inBothIndexes((find) => {
      expect(find('kobenh').keys).toEqual(['kobenhavn'])
      expect(find('faero').keys).toEqual(['faroe'])
      expect(find('aarh').keys).toEqual(['arhus'])
    })
  })

  it('folds the words of a quoted phrase the same way', () => {
    inBothIndexes((find) => {
      expect(find('"till umea"').keys).toEqual(['umea'])
      expect(find('"i aarhus"').keys).toEqual(['arhus'])
      expect(find('"fra far"').keys).toEqual(['sheep'])
      expect(find('"fra får"').keys).toEqual(['sheep'])
      expect(find('"til får"').keys).toEqual([])
    })
  })

  it('leaves out the accented word a plain -exclusion names', () => {
    inBothIndexes((find) => {
      expect(find('uld -far').keys).toEqual([])
      expect(find('uld -får').keys).toEqual(['father'])
      expect(find('skor').keys).toEqual(['malmo'])
      expect(find('skor -malmo').keys).toEqual([])
    })
  })

  it('marks the accented word in the title and the snippet', () => {
    const { find } = setup()
    const [hit] = find('umea').response.results
    expect(hit.title.filter((s) => s.mark).map((s) => s.text)).toEqual(['Umeå'])
    expect(hit.snippet.filter((s) => s.mark).map((s) => s.text)).toEqual(['Umeå'])
  })

  it('keeps a query typed with diacritics exact: "får" is not "far"', () => {
    inBothIndexes((find) => {
      expect(find('får').keys).toEqual(['sheep'])
      expect(find('umeå').keys).toEqual(['umea'])
      expect(find('café').keys).toEqual(['cafe'])
      // Typed plainly, "far" may be either word; the exact spelling ranks first.
      expect(find('far').keys).toEqual(['father', 'sheep'])
    })
  })
})

describe('fold', () => {
  it('drops the marks of Latin letters and spells the letters Unicode cannot decompose', () => {
    expect(['umeå', 'malmö', 'københavn', 'færøerne', 'straße', 'café', 'œuvre', 'łódź'].map(fold)).toEqual([
      'umea',
      'malmo',
      'kobenhavn',
      'faeroerne',
      'strasse',
      'cafe',
      'oeuvre',
      'lodz',
    ])
  })

  it('folds letter by letter exactly as the whole word would fold', () => {
    // The reference: the word decomposed, marks after Latin letters dropped, the undecomposed letters spelled out.
    const spelled: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i' }
    const reference = (word: string) =>
      word
        .normalize('NFD')
        .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
        .replace(/[øæœßđðþłı]/gu, (c) => spelled[c])
        .normalize('NFC')
    const latin = Array.from({ length: 0x250 - 0xc0 }, (_, i) => String.fromCodePoint(0xc0 + i).toLowerCase())
    for (const c of latin) expect(fold(`x${c}y`)).toBe(reference(`x${c}y`))
    const letter = fc.constantFrom(...latin, 'a', 'e', 'o', '\u0301', '\u030a', 'й', 'ά', '中', '\u0308')
    fc.assert(
      fc.property(fc.array(letter, { maxLength: 8 }), (letters) => {
        const word = letters.join('').normalize('NFC')
        expect(fold(word)).toBe(reference(word))
      }),
    )
  })

  it('leaves other scripts alone, where a mark can make another letter', () => {
    expect(fold('й')).toBe('й')
    expect(fold('ά')).toBe('ά')
  })

  it('matches a typed word to a written one only when the typed one is plain', () => {
    expect(spelledAs('umea', 'umeå')).toBe(true)
    expect(spelledAs('aarhus', 'århus')).toBe(true)
    expect(spelledAs('får', 'far')).toBe(false)
    expect(spelledAs('far', 'får')).toBe(true)
    expect(spelledAs('umeå', 'umea')).toBe(false)
  })
})
