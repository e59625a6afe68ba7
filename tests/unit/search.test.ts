import { describe, expect, it } from 'vitest'
import type { SearchFilters } from '../../electron/core/search/search-engine'
import { storyFields, type StoryFieldsInput } from '../../electron/core/stories/story-input'
import { storyInput, tempCore, valueId } from './temp-library'

type Fixture = Partial<StoryFieldsInput> & { key: string; status?: 'draft' | 'submitted' }

/** A small corpus in three languages; each test names what it must find and what it must not. */
const CORPUS: Fixture[] = [
  {
    key: 'funeral',
    title: 'Boots after a funeral',
    body: 'She could not return the boots, so we sent flowers after the funeral and refunded her.',
    language: 'en',
  },
  {
    key: 'scattered',
    title: 'A busy week',
    body: 'The funeral home ordered flowers. Later, after the rush, we sent the boots.',
    language: 'en',
  },
  {
    key: 'wedding',
    title: 'Wedding shoes overnight',
    body: 'The carrier lost the parcel before the wedding; a new pair went out by courier.',
    language: 'en',
    team: 'Warehouse',
  },
  {
    key: 'delivery',
    title: 'Late delivery for a birthday',
    body: 'The delivery was late, so we called and upgraded shipping. Zappos style service.',
    language: 'en',
    happenedOn: '2023-05-02',
  },
  {
    key: 'returned',
    title: 'Returned twice',
    body: 'He returned the same jacket twice and we kept smiling.',
    language: 'en',
    author: 'Bo Berg',
  },
  {
    key: 'kunderne',
    title: 'Glade kunder i Aarhus',
    body: 'Kunderne fik deres sko dagen efter, og kunden ringede for at takke.',
    language: 'da',
    happenedOn: '2024-02-10',
  },
  {
    key: 'leverans',
    title: 'Leverans till Umeå',
    body: 'Leveransen kom fram sent, men kunden blev glad när vi ringde upp. Bröllopet var räddat.',
    language: 'sv',
  },
  {
    key: 'bryllup',
    title: 'Bryllupssko på én dag',
    body: 'Brudens sko blev væk i posten. Vi sendte et nyt par med kurér før brylluppet.',
    language: 'da',
  },
  {
    key: 'refund',
    title: 'A quick refund',
    body: 'The card was charged twice, and finance refunded the extra amount within the hour.',
    language: 'en',
    status: 'submitted',
  },
  { key: 'title-only', title: 'Courier saves the day', body: 'Nothing else to see here, just a good day.', language: 'en' },
]

function setup() {
  const core = tempCore()
  const ids = new Map<string, string>()
  for (const { key, status, ...overrides } of CORPUS) {
    // No shared customer context: every fixture's words are its own.
    const story = core.stories.create(
      storyFields.parse(storyInput(core, { customerContext: null, author: 'Ann Holm', ...overrides })),
      status ?? 'draft',
    )
    ids.set(key, story.id)
  }
  const keyOf = new Map([...ids].map(([k, v]) => [v, k]))
  const find = (text: string, filters: SearchFilters = {}) => {
    const response = core.search.search(text, filters, 0, 50)
    return { keys: response.results.map((r) => keyOf.get(r.id) ?? r.id), response }
  }
  return { core, ids, find }
}

describe('search relevance', () => {
  it('matches inflected forms through each language’s stemmer', () => {
    const { find } = setup()
    // Swedish "kunden" shares the stem: the query runs in all three languages. The Danish story has
    // the word in its title, so it ranks first.
    expect(find('kunder').keys).toEqual(['kunderne', 'leverans'])
    expect(find('kunderne').keys).toEqual(['kunderne', 'leverans'])
    expect(find('kunde').keys).toEqual(['kunderne', 'leverans'])
    expect(find('leveransen').keys).toEqual(['leverans'])
    expect(find('returned').keys).toContain('returned')
    expect(find('return').keys).toEqual(['returned', 'funeral'])
    expect(find('bröllop').keys).toEqual(['leverans'])
    expect(find('brylluppet').keys).toEqual(['bryllup'])
  })

  it('matches prefixes from three letters', () => {
    const { find } = setup()
    // The title hit first; the body's "refunded" after it.
    expect(find('refu').keys).toEqual(['refund', 'funeral'])
    expect(find('wed').keys).toEqual(['wedding'])
    expect(find('Ume').keys).toEqual(['leverans'])
  })

  it('forgives one typo in words of five letters or more, but not in short ones', () => {
    const { find } = setup()
    expect(find('deliverry').keys).toEqual(['delivery'])
    expect(find('zapos').keys).toEqual(['delivery'])
    expect(find('weding').keys).toEqual(['wedding'])
    expect(find('bots').keys).toEqual([])
  })

  it('requires every word, keeps quoted phrases together and honours -exclusions', () => {
    const { find } = setup()
    // Both have both words in the body; "Boots after a funeral" also has one in its title.
    expect(find('flowers boots').keys).toEqual(['funeral', 'scattered'])
    expect(find('"flowers after the funeral"').keys).toEqual(['funeral'])
    expect(find('flowers -funeral').keys).toEqual([])
    expect(find('courier').keys).toEqual(['title-only', 'wedding'])
    expect(find('courier -wedding').keys).toEqual(['title-only'])
  })

  it('shows the stories with most of the words, and says so, when no story has them all', () => {
    const { core, find } = setup()
    // Alone, "courier" ranks the title-only story first; with two of the three words, "wedding" comes first.
    expect(find('courier').keys).toEqual(['title-only', 'wedding'])
    const { keys, response } = find('courier parcel flowers')
    expect(keys[0]).toBe('wedding')
    expect(keys.slice(1).sort()).toEqual(['funeral', 'scattered', 'title-only'])
    expect(response.total).toBe(4)
    expect(response.hints).toEqual([{ code: 'partial' }])
    expect(response.hint).toMatch(/No story has all of these words/)
    // Among stories with as many words, the better score first, as in a plain search.
    const byScore = (text: string) => find(text).keys
    expect(keys.slice(1)).toEqual([...byScore('courier'), ...byScore('flowers')].filter((k) => k !== 'wedding'))
    // Exclusions, phrases, filters, offset and limit still hold.
    expect(find('courier parcel flowers -wedding').keys).toEqual(keys.slice(1))
    expect(find('"sent flowers" courier').keys).toEqual(['funeral'])
    expect(find('"sent flowers" courier').response.hints).toEqual([{ code: 'partial' }])
    expect(find('courier parcel flowers', { team: 'Warehouse' }).keys).toEqual(['wedding'])
    expect(find('courier parcel flowers', { status: 'submitted' }).response).toMatchObject({ total: 0, hints: [] })
    const page = core.search.search('courier parcel flowers', {}, 1, 2)
    expect(page.total).toBe(4)
    expect(page.results.map((r) => r.id)).toEqual(response.results.slice(1, 3).map((r) => r.id))
  })

  it('keeps requiring every word while some story has them all, with no hint', () => {
    const { find } = setup()
    // "title-only" has "courier" but not "wedding": a story with both exists, so it is left out.
    expect(find('courier wedding').keys).toEqual(['wedding'])
    expect(find('courier wedding').response.hints).toEqual([])
    expect(find('flowers boots').response.hints).toEqual([])
    // One word that nothing has is not a partial match of anything.
    expect(find('flowers -funeral').response).toMatchObject({ total: 0, hints: [] })
  })

  it('ranks title hits before value hits before body hits', () => {
    const { core } = setup()
    const humble = valueId(core, 'humble')
    const add = (title: string, body: string, valueIds = [valueId(core, 'deliver-wow')]) =>
      core.stories.create(
        storyFields.parse(storyInput(core, { title, body, valueIds, primaryValueId: valueIds[0], customerContext: null })),
        'draft',
      ).id
    // Created body first, so neither creation order nor id order can pass for the ranking.
    const inBody = add('A box gone astray', 'We stayed humble and humble again when it went humble wrong.')
    const inValues = add('Owning the mistake', 'We said sorry.', [humble])
    const inTitle = add('A humble apology', 'We said sorry and meant it.')
    expect(core.search.search('humble', {}, 0, 10).results.map((r) => r.id)).toEqual([inTitle, inValues, inBody])

    // With two words, where they are decides before how strongly: a long title that holds both beats
    // short titles that hold one, though those score higher.
    const bothInTitle = add('A long tale of a humble parcel that went around the whole wide world and came back at last', 'It did.')
    const titleAndValues = add('Parcel', 'It came.', [humble])
    const titleAndBody = add('Humble', 'The parcel came.')
    expect(core.search.search('humble parcel', {}, 0, 10).results.map((r) => r.id)).toEqual([bothInTitle, titleAndValues, titleAndBody])
  })

  it('finds stories by their core values’ names', () => {
    const { core } = setup()
    const humble = valueId(core, 'humble')
    const story = core.stories.create(
      storyFields.parse(
        storyInput(core, { title: 'Owning a mistake', body: 'We said sorry.', valueIds: [humble], primaryValueId: humble }),
      ),
      'draft',
    )
    expect(core.search.search('humble', {}, 0, 10).results.map((r) => r.id)).toEqual([story.id])
  })

  it('combines the query with filters', () => {
    const { core, find } = setup()
    expect(find('refunded', { status: 'submitted' }).keys).toEqual(['refund'])
    expect(find('kunden', { yearFrom: 2024, yearTo: 2024 }).keys).toEqual(['kunderne'])
    expect(find('kunden', { yearFrom: 2025 }).keys).toEqual(['leverans'])
    expect(find('parcel', { team: 'Warehouse' }).keys).toEqual(['wedding'])
    expect(find('jacket', { author: 'bo berg' }).keys).toEqual(['returned'])
    expect(find('jacket', { author: 'Someone Else' }).keys).toEqual([])
    expect(find('boots', { valueIds: [valueId(core, 'humble')] }).keys).toEqual([])
  })

  it('matches the author and team filters on any part of the name, ignoring case across Unicode', () => {
    const { core, find } = setup()
    const asa = core.stories.create(
      storyFields.parse(
        storyInput(core, { customerContext: null, author: 'Åsa Ek', team: 'Customer Loyalty', title: 'Parcel for Åsa', body: 'A parcel.' }),
      ),
      'draft',
    )
    const found = (filters: SearchFilters) => core.search.search('parcel', filters, 0, 50).results.map((r) => r.id)
    expect(found({ author: 'åsa' })).toEqual([asa.id])
    expect(found({ author: 'ÅSA EK' })).toEqual([asa.id])
    expect(found({ author: 'ek' })).toEqual([asa.id])
    // A decomposed "å" (a + combining ring) is the same letter.
    expect(found({ author: 'a\u030Asa' })).toEqual([asa.id])
    // Accents stay: "asa" is another name.
    expect(found({ author: 'asa' })).toEqual([])
    expect(found({ team: 'loyal' })).toEqual([asa.id])
    expect(found({ team: 'warehouse' })).toHaveLength(1)
    expect(find('jacket', { author: 'berg' }).keys).toEqual(['returned'])
    expect(find('jacket', { author: 'holm' }).keys).toEqual([])
  })

  it('highlights the matched words in the title and a snippet', () => {
    const { find } = setup()
    const [hit] = find('leveransen').response.results
    expect(hit.title.filter((s) => s.mark).map((s) => s.text)).toEqual(['Leverans'])
    expect(hit.snippet.filter((s) => s.mark).map((s) => s.text)).toEqual(['Leveransen'])
    expect(hit.snippet.map((s) => s.text).join('')).toContain('kom fram sent')
  })
})

describe('search input that could break it', () => {
  // What each input must answer with the fixture corpus: the stories found, in order, and the hint (or none).
  const nasty: [text: string, keys: string[], hint: RegExp | undefined][] = [
    ['x'.repeat(10_000), [], /first 500 characters/],
    ['!!! ??? ... ;;;', [], /Type letters or numbers/],
    ['the and of', [], /too common/],
    ['og i på', [], /too common/],
    // Regex and lunr syntax are read as the words in them ('b', 'd', 'title'), which no story has.
    ['.*(a|b)[', [], undefined],
    ['\\d+$^', [], undefined],
    ['🎉👟', [], /Type letters or numbers/],
    ['title:', [], undefined],
    ['*', [], /Type letters or numbers/],
    ['~', [], /Type letters or numbers/],
    ['^2', [], /Type letters or numbers/],
    ['"unclosed', [], /closing quote was missing/],
    ['title:wedding^10 shoes~2', ['wedding'], undefined],
    // No story has all three words: the one with two of them comes first, then the two with "boots".
    ['title:wedding^10 shoes~2 +boots -', ['wedding', 'funeral', 'scattered'], /No story has all of these words/],
    [':::', [], /Type letters or numbers/],
    ['-', [], /Type letters or numbers/],
    ['""', [], /Type letters or numbers/],
  ]
  it.each(nasty)('answers %j with the stories it names or a hint, never an exception', (text, keys, hint) => {
    const { find } = setup()
    const { keys: found, response } = find(text)
    expect(found).toEqual(keys)
    if (hint) expect(response.hint).toMatch(hint)
    else expect(response.hint).toBeUndefined()
  })

  it('explains itself for common words only, and for over-long queries', () => {
    const { core } = setup()
    expect(core.search.search('the and of', {}, 0, 10).hint).toMatch(/too common/)
    expect(core.search.search('wedding '.repeat(2000), {}, 0, 10).hint).toMatch(/first 500 characters/)
    expect(core.search.search('"flowers after', {}, 0, 10).hint).toMatch(/closing quote/)
    // The window words them in its own language from these codes.
    expect(core.search.search('the and of', {}, 0, 10).hints).toEqual([{ code: 'tooCommon' }])
    expect(core.search.search('wedding '.repeat(2000), {}, 0, 10).hints).toEqual([{ code: 'truncated', max: 500 }])
    expect(core.search.search('-flowers', {}, 0, 10).hints).toEqual([{ code: 'onlyExcluded' }])
    expect(core.search.search('!!!', {}, 0, 10).hints).toEqual([{ code: 'noLetters' }])
    expect(core.search.search('wedding', {}, 0, 10).hints).toEqual([])
  })

  it('understands field prefixes and lunr syntax as plain intent', () => {
    const { find } = setup()
    expect(find('title:courier').keys).toEqual(['title-only'])
    expect(find('wedding^10').keys).toEqual(['wedding'])
    expect(find('refu*').keys).toEqual(['refund', 'funeral'])
    // An unknown field is a word no story has: the story with the other word is shown, with the hint.
    expect(find('unknownfield:wedding').keys).toEqual(['wedding'])
    expect(find('unknownfield:wedding').response.hints).toEqual([{ code: 'partial' }])
  })
})

describe('search follows the library', () => {
  it('finds an edited story by its new word at once, and forgets trashed ones', () => {
    const { core, ids, find } = setup()
    const id = ids.get('wedding')!
    const story = core.stories.get(id)
    core.stories.update(id, storyFields.parse({ ...storyInput(core), title: story.title, body: 'A pelican delivered the parcel.' }))
    expect(find('pelican').keys).toEqual(['wedding'])
    expect(find('carrier').keys).not.toContain('wedding')
    core.stories.trash(id)
    expect(find('pelican').keys).toEqual([])
    core.stories.restore(id)
    expect(find('pelican').keys).toEqual(['wedding'])
  })

  it('gives the same results after any edits as a fresh full build', () => {
    const { core } = setup()
    let seed = 20261129
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    const vocabulary = ['parcel', 'refund', 'kunden', 'leverans', 'boots', 'flowers', 'courier', 'bröllop', 'wedding', 'smile']
    const pick = () => vocabulary[Math.floor(random() * vocabulary.length)]
    const live = () => core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 1000 }).items.map((s) => s.id)
    const trashed = () => core.stories.list({ sort: 'newest', trashed: true, offset: 0, limit: 1000 }).items.map((s) => s.id)
    const queries = ['parcel', 'kund', 'refu', 'weding', '"sent flowers"', 'boots -courier', 'bröllop', 'smile']
    for (let step = 0; step < 120; step++) {
      const roll = random()
      const ids = live()
      if (roll < 0.35 || ids.length === 0) {
        const language = (['en', 'da', 'sv'] as const)[Math.floor(random() * 3)]
        core.stories.create(
          storyFields.parse(
            storyInput(core, { title: `${pick()} ${pick()}`, body: `${pick()} ${pick()} ${pick()} sent flowers`, language }),
          ),
          'draft',
        )
      } else if (roll < 0.7) {
        const id = ids[Math.floor(random() * ids.length)]
        core.stories.update(id, storyFields.parse(storyInput(core, { title: `${pick()} story`, body: `${pick()} ${pick()}` })))
      } else if (roll < 0.85) {
        core.stories.trash(ids[Math.floor(random() * ids.length)])
      } else {
        const bin = trashed()
        if (bin.length) core.stories.restore(bin[Math.floor(random() * bin.length)])
      }
      if (step % 20 === 19) {
        // The same stories in the same order: scores read live statistics, not those of the last build.
        const incremental = queries.map((q) => core.search.search(q, {}, 0, 1000).results.map((r) => r.id))
        core.search.rebuildNow()
        const rebuilt = queries.map((q) => core.search.search(q, {}, 0, 1000).results.map((r) => r.id))
        expect(incremental).toEqual(rebuilt)
      }
    }
  })

  it('keeps the ranking when an edited story moves from the recent-edits index into a full build', () => {
    const { core, ids: fixtures } = setup()
    // Eight stories about a parcel, each mentioning it a different number of times: eight distinct scores.
    const ids = Array.from(
      { length: 8 },
      (_, i) =>
        core.stories.create(
          storyFields.parse(
            storyInput(core, {
              title: `Story ${i + 1}`,
              body: `${'The parcel. '.repeat(i + 1)}Then other things happened, and more.`,
              customerContext: null,
            }),
          ),
          'draft',
        ).id,
    )
    core.search.rebuildNow()
    const ranking = () => core.search.search('parcel', {}, 0, 50).results.map((r) => r.id)
    const built = ranking()
    // The more often, the higher; the wedding fixture mentions it once in a longer text.
    expect(built).toEqual([...ids].reverse().concat(fixtures.get('wedding')!))
    // An edit that changes nothing about the parcel: its story sits in the middle of the ranking.
    const edited = ids[3]
    expect(built.indexOf(edited)).toBeGreaterThan(0)
    expect(built.indexOf(edited)).toBeLessThan(8)
    core.stories.update(
      edited,
      storyFields.parse(
        storyInput(core, {
          title: 'Story 4, retold',
          body: `${'The parcel. '.repeat(4)}Then other things happened, and more.`,
          customerContext: null,
        }),
      ),
    )
    expect(core.search.engine.deltaSize).toBe(1)
    const withDelta = ranking()
    core.search.rebuildNow()
    expect(core.search.engine.deltaSize).toBe(0)
    expect(withDelta).toEqual(built)
    expect(ranking()).toEqual(built)
  })

  it('follows a renamed core value', async () => {
    const { core } = setup()
    const wow = valueId(core, 'deliver-wow')
    core.values.update(wow, { name: 'Astonish every customer', description: '', color: '#000000' })
    await core.search.idle()
    expect(core.search.search('astonish', {}, 0, 50).total).toBe(
      core.stories.list({ sort: 'newest', trashed: false, offset: 0, limit: 100, valueId: wow }).total,
    )
  })

  it('suggests similar stories, and flags a near copy as a probable duplicate', () => {
    const { core, ids } = setup()
    const copy = core.stories.create(
      storyFields.parse(
        storyInput(core, {
          title: 'Boots after the funeral',
          body: 'She could not return the boots, so we sent flowers after the funeral and refunded her money.',
        }),
      ),
      'draft',
    )
    const similar = core.search.similar(copy.id, 3)
    expect(similar[0].id).toBe(ids.get('funeral'))
    expect(similar[0].similarity).toBeGreaterThan(0.6)
    const unrelated = core.search.similar(ids.get('kunderne')!, 3)
    expect(unrelated.every((s) => s.similarity < 0.6)).toBe(true)
  })
})
