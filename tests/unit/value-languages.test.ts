import { randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/culture-core'
import { createDispatch } from '../../electron/core/dispatch'
import type { CultureError } from '../../electron/core/errors'
import type { CoreValue } from '../../electron/core/values/core-value'
import { ValueNames } from '../../electron/core/exchange/value-names'
import { storyFields } from '../../electron/core/stories/story-input'
import { SEED_TEXTS } from '../../electron/core/values/seed-texts'
import { VALUE_LANGUAGES } from '../../electron/core/values/value-texts'
import { oldFormatLibrary, storyInput, tempCore, tempDir, thrown, valueId } from './temp-library'

const slugsOf = (values: { slug: string }[]) => values.map((v) => v.slug)

describe('core values in three languages', () => {
  it('seeds a new library in the language chosen at creation, with the same slugs and the other languages as texts', () => {
    const english = tempCore()
    const file = join(tempDir(), 'dansk.sqlite')
    const danish = openCore(file, { language: 'da' })
    try {
      expect(danish.values.mainLanguage()).toBe('da')
      const values = danish.values.list()
      expect(slugsOf(values)).toEqual(slugsOf(english.values.list()))
      expect(values.find((v) => v.slug === 'humble')).toMatchObject({ name: 'Vær ydmyg', language: 'da' })
      for (const v of values) {
        expect(v.name).toBe(SEED_TEXTS.da.get(v.slug)!.name)
        expect(v.description).toBe(SEED_TEXTS.da.get(v.slug)!.description)
        for (const language of VALUE_LANGUAGES) expect(v.texts[language]).toEqual(SEED_TEXTS[language].get(v.slug))
      }
      // A new value's slug comes from its Danish name, æ and ø included.
      expect(danish.values.create({ name: 'Vær nærværende', description: '', color: '#123456' }).slug).toBe('vaer-naervaerende')
    } finally {
      danish.close()
    }
    // Reopened, it stays Danish: the language is the library's, not the call's.
    const again = openCore(file, { language: 'sv' })
    try {
      expect(again.values.mainLanguage()).toBe('da')
      expect(again.values.get(valueId(again, 'humble')).name).toBe('Vær ydmyg')
    } finally {
      again.close()
    }
  })

  it('names each value in the language asked for, falling back to the main language where it has no text', () => {
    const core = tempCore()
    expect(core.values.mainLanguage()).toBe('en')
    expect(core.values.list('sv').find((v) => v.slug === 'humble')).toMatchObject({ name: 'Var ödmjuk', language: 'sv' })
    expect(core.values.list().find((v) => v.slug === 'humble')).toMatchObject({ name: 'Be humble', language: 'en' })
    const kind = core.values.create({ name: 'Be kind', description: 'Always.', color: '#aabbcc' })
    expect(core.values.get(kind.id, 'da')).toMatchObject({ name: 'Be kind', description: 'Always.', language: 'en' })
    expect(kind.texts).toEqual({ en: { name: 'Be kind', description: 'Always.' } })
  })

  it('sets the name and description in one language, leaving the others, and the colour in all', () => {
    const core = tempCore()
    const id = valueId(core, 'humble')
    const updated = core.values.update(id, { name: 'Vær beskeden', description: 'Hold fødderne på jorden.', color: '#112233' }, 'da')
    expect(updated).toMatchObject({ name: 'Vær beskeden', language: 'da', color: '#112233', slug: 'humble' })
    const english = core.values.get(id)
    expect(english).toMatchObject({ name: 'Be humble', description: SEED_TEXTS.en.get('humble')!.description, color: '#112233' })
    expect(english.texts.sv).toEqual(SEED_TEXTS.sv.get('humble'))
    // Naming it in the main language changes the main text.
    expect(core.values.update(id, { name: 'Stay humble', description: '', color: '#112233' }, 'en').texts.en).toEqual({
      name: 'Stay humble',
      description: '',
    })
    // A text for a language the value had none in is added.
    const kind = core.values.create({ name: 'Be kind', description: '', color: '#aabbcc' })
    expect(core.values.update(kind.id, { name: 'Var snäll', description: 'Alltid.', color: '#aabbcc' }, 'sv').texts).toEqual({
      en: { name: 'Be kind', description: '' },
      sv: { name: 'Var snäll', description: 'Alltid.' },
    })
  })

  it('refuses a name another value has in any language, whatever the case of Æ, Ø, Å, Ä or Ö', () => {
    const core = tempCore()
    const kind = core.values.create({ name: 'Be kind', description: '', color: '#aabbcc' })
    const clash = thrown<CultureError>(() => core.values.update(kind.id, { name: 'VÆR YDMYG', description: '', color: '#aabbcc' }, 'da'))
    expect(clash.kind).toBe('conflict')
    expect(clash.message).toBe('There is already a core value called "VÆR YDMYG".')
    expect(thrown<CultureError>(() => core.values.create({ name: 'var ÖDMJUK', description: '', color: '#000000' })).kind).toBe('conflict')
    expect(core.values.get(kind.id).texts).toEqual({ en: { name: 'Be kind', description: '' } })
    // Its own name in another language is no clash.
    const humble = valueId(core, 'humble')
    expect(core.values.update(humble, { name: 'Be humble', description: '', color: '#000000' }, 'sv').name).toBe('Be humble')
  })

  it("deletes a value's texts with it", () => {
    const core = tempCore()
    const fun = valueId(core, 'fun-and-weirdness')
    core.values.delete(fun)
    expect(core.db.prepare('SELECT count(*) AS n FROM core_value_texts WHERE value_id = ?').get(fun)).toEqual({ n: 0 })
  })

  it('answers the contract in the language asked for and sets a text through it', async () => {
    const core = tempCore()
    const dispatch = createDispatch(core)
    const listed = await dispatch('values.list', { language: 'da' })
    expect(listed.ok && (listed.value as CoreValue[]).find((v) => v.slug === 'more-with-less')?.name).toBe('Gør mere med mindre')
    const id = valueId(core, 'more-with-less')
    const updated = await dispatch('values.update', {
      id,
      fields: { name: 'Gör mer av mindre', description: '', color: '#5c940d' },
      language: 'sv',
    })
    expect(updated.ok && updated.value).toMatchObject({ name: 'Gör mer av mindre', language: 'sv' })
    const refused = await dispatch('values.list', { language: 'de' } as never)
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.issues).toMatchObject([{ path: 'language', code: 'input.notAllowed', field: 'value.language' }])
  })

  it('matches a spreadsheet value by its name in any of its languages', () => {
    const core = tempCore()
    const names = new ValueNames(core.values.list())
    const [wow, humble, change] = ['deliver-wow', 'humble', 'embrace-change'].map((slug) => valueId(core, slug))
    expect(names.one('skapa wow genom service')).toBe(wow)
    expect(names.all('Vær ydmyg; Embrace and drive change, Var ödmjuk | Rejected')).toEqual({
      ids: [humble, change],
      unknown: ['Rejected'],
    })
    const adventurous = valueId(core, 'adventurous-creative-open')
    expect(names.all('Vær eventyrlysten, kreativ og åben, Vær ydmyg')).toEqual({ ids: [adventurous, humble], unknown: [] })
  })

  it('upgrades a schema-11 library as English without changing a value, a link or a text, translating only untouched values', () => {
    const file = join(tempDir(), 'old.sqlite')
    const storyId = randomUUID()
    const old = oldFormatLibrary(file, 11, { id: storyId, title: 'Kept', at: new Date().toISOString() })
    const id = (slug: string) => (old.prepare('SELECT id FROM core_values WHERE slug = ?').get(slug) as { id: string }).id
    old.prepare("UPDATE core_values SET name = 'Stay humble' WHERE slug = 'humble'").run()
    old.prepare("UPDATE core_values SET description = 'Our own words.' WHERE slug = 'more-with-less'").run()
    old.prepare("UPDATE core_values SET color = '#000000' WHERE slug = 'embrace-change'").run()
    // An extra value, named like a Swedish seed name: that translation must then stay out.
    old
      .prepare(
        "INSERT INTO core_values (id, slug, name, description, color, position) VALUES (?, 'wow-sv', 'Skapa WOW genom service', 'Egen', '#abcdef', 10)",
      )
      .run(randomUUID())
    old.prepare('INSERT INTO story_values VALUES (?, ?)').run(storyId, id('humble'))
    const before = old.prepare('SELECT * FROM core_values ORDER BY position').all()
    const links = old.prepare('SELECT * FROM story_values ORDER BY value_id').all()
    const story = old.prepare('SELECT * FROM stories').all()
    old.close()

    const core = openCore(file, { language: 'da' })
    try {
      expect(core.values.mainLanguage()).toBe('en')
      expect(core.db.prepare('SELECT * FROM core_values ORDER BY position').all()).toEqual(before)
      expect(core.db.prepare('SELECT * FROM story_values ORDER BY value_id').all()).toEqual(links)
      expect(core.db.prepare('SELECT id, title, body, author, primary_value_id, status FROM stories').all()).toEqual(
        (story as Record<string, unknown>[]).map(({ id, title, body, author, primary_value_id, status }) => ({
          id,
          title,
          body,
          author,
          primary_value_id,
          status,
        })),
      )
      const bySlug = new Map(core.values.list('da').map((v) => [v.slug, v]))
      expect(Object.keys(bySlug.get('humble')!.texts)).toEqual(['en'])
      expect(bySlug.get('humble')!.name).toBe('Stay humble')
      expect(Object.keys(bySlug.get('more-with-less')!.texts)).toEqual(['en'])
      expect(bySlug.get('embrace-change')).toMatchObject({ name: 'Omfavn og driv forandring', color: '#000000' })
      expect(bySlug.get('passionate-determined')!.texts.sv).toEqual(SEED_TEXTS.sv.get('passionate-determined'))
      expect(bySlug.get('deliver-wow')!.texts).toEqual({ en: SEED_TEXTS.en.get('deliver-wow'), da: SEED_TEXTS.da.get('deliver-wow') })
      expect(bySlug.get('wow-sv')!.texts).toEqual({ en: { name: 'Skapa WOW genom service', description: 'Egen' } })
      // No two values share a name in any language.
      const names = core.values.list().flatMap((v) => Object.values(v.texts).map((t) => t.name.toLowerCase()))
      expect(new Set(names).size).toBe(names.length)
      // The story still reads with its values.
      expect(core.stories.get(storyId).valueIds.sort()).toEqual((links as { value_id: string }[]).map((l) => l.value_id).sort())
      core.stories.create(storyFields.parse(storyInput(core)), 'draft')
    } finally {
      core.close()
    }
  })
})

describe('a new library in the person’s language', () => {
  it('starts its core values in the language chosen in Settings, else the system’s', () => {
    const mainName = (core: ReturnType<typeof openCore>) => core.values.list().find((v) => v.slug === 'deliver-wow')!.name

    const settingsDir = tempDir()
    mkdirSync(settingsDir, { recursive: true })
    writeFileSync(join(settingsDir, 'settings.json'), JSON.stringify({ language: 'sv' }))
    const swedish = openCore(join(tempDir(), 'library.sqlite'), { settingsDir, systemLanguages: ['da-DK'] })
    expect(swedish.values.mainLanguage()).toBe('sv')
    expect(mainName(swedish)).not.toBe('Deliver WOW through service')
    swedish.close()

    // Following the system: Danish here.
    const danish = openCore(join(tempDir(), 'library.sqlite'), { settingsDir: tempDir(), systemLanguages: ['fr-FR', 'da-DK'] })
    expect(danish.values.mainLanguage()).toBe('da')
    danish.close()

    // An existing library keeps its language whatever the settings say now.
    const path = join(tempDir(), 'library.sqlite')
    openCore(path, { systemLanguages: ['en-GB'] }).close()
    const reopened = openCore(path, { settingsDir, systemLanguages: ['sv-SE'] })
    expect(reopened.values.mainLanguage()).toBe('en')
    reopened.close()
  })
})
