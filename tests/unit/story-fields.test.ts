import { parse as parseCsv } from 'csv-parse/sync'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { describe, expect, it } from 'vitest'
import { renderBook } from '../../electron/core/book/book-renderer'
import type { CultureCore } from '../../electron/core/culture-core'
import { exportMarkdownFolder, readMarkdownFolder } from '../../electron/core/exchange/markdown-folder'
import type { Story } from '../../electron/core/stories/story'
import { STORY_FIELD_LIST, storyFields } from '../../electron/core/stories/story-fields'
import { storyInput, tempCore, tempDir } from './temp-library'

/** A word of its own per text field, so each can be looked for wherever the registry says it goes. */
const marker = (name: string) => `Marker${name}zq`
const TEXTS = STORY_FIELD_LIST.filter((f) => f.input && ['line', 'markdown', 'note'].includes(f.kind))

function storyWithMarkers(core: CultureCore): Story {
  const overrides = Object.fromEntries(TEXTS.map((f) => [f.name, `${marker(f.name)} text`]))
  const story = core.stories.create(storyFields.parse(storyInput(core, overrides)), 'draft')
  return core.stories.setStatus(story.id, 'approved')
}

/** Every field but the value tags, whose ids differ between libraries. */
const ownFields = (s: Story) =>
  Object.fromEntries(STORY_FIELD_LIST.filter((f) => f.kind !== 'values' && f.kind !== 'primaryValue').map((f) => [f.name, s[f.name]]))
const slugs = (core: CultureCore, s: Story) => {
  const slugOf = new Map(core.values.list().map((v) => [v.id, v.slug]))
  return [s.valueIds.map((v) => slugOf.get(v)), slugOf.get(s.primaryValueId)]
}

async function importPack(core: CultureCore, pack: string | object) {
  const preview = core.packs.preview(pack)
  await core.packs.apply(preview.previewId, {}, {})
}

describe('the field registry drives every shape of a story', () => {
  it('carries every field through a pack, CSV and a Markdown folder into another library', async () => {
    const a = tempCore()
    const story = storyWithMarkers(a)

    const packFile = join(tempDir(), 'stories.culturepack')
    a.packs.exportPack(packFile, {})
    const packed = JSON.parse(readFileSync(packFile, 'utf8')).stories[0]
    for (const f of STORY_FIELD_LIST) expect(packed).toHaveProperty(f.key)
    const csv = a.csv.export()
    const [header, row] = parseCsv(csv, { bom: true }) as string[][]
    for (const f of TEXTS) expect(row[header.indexOf(f.csv!.header)]).toBe(story[f.name])
    const folder = tempDir()
    exportMarkdownFolder(folder, a.stories, a.values)
    const [file] = readdirSync(folder)
    const front = parseYaml(/^---\n([\s\S]*?)\n---/.exec(readFileSync(join(folder, file), 'utf8'))![1])
    for (const f of TEXTS.filter((t) => t.kind !== 'markdown')) expect(front[f.frontMatter]).toBe(story[f.name])

    const viaPack = tempCore()
    await importPack(viaPack, readFileSync(packFile, 'utf8'))
    const viaCsv = tempCore()
    const preview = viaCsv.csv.preview(Buffer.from(csv).toString('base64'))
    await viaCsv.csv.import(preview.previewId, preview.suggested, 'draft')
    const viaMarkdown = tempCore()
    await importPack(viaMarkdown, readMarkdownFolder(folder, viaMarkdown.values).pack)
    for (const other of [viaPack, viaCsv, viaMarkdown]) {
      const copy = other.stories.get(story.id)
      expect(ownFields(copy)).toEqual(ownFields(story))
      expect(slugs(other, copy)).toEqual(slugs(a, story))
    }
  })

  it('searches the fields marked for it and prints the ones marked for the book', () => {
    const core = tempCore()
    const story = storyWithMarkers(core)
    for (const f of TEXTS) {
      const found = core.search.search(marker(f.name), {}, 0, 10).results.map((r) => r.id)
      expect(found, f.name).toEqual(f.search ? [story.id] : [])
    }
    const book = core.books.model(Number(story.happenedOn.slice(0, 4)))
    const printed = book.chapters.flatMap((c) => c.stories).find((s) => s.id === story.id)!
    for (const f of STORY_FIELD_LIST.filter((field) => field.book))
      expect(printed[f.name as keyof typeof printed], f.name).toEqual(story[f.name])
    // The body's words carry soft hyphens for print (book-hyphens.ts): compared without them.
    const html = renderBook(book, { fontCss: '' }).html.replaceAll('\u00ad', '')
    for (const f of TEXTS.filter((t) => t.book)) expect(html, f.name).toContain(marker(f.name))
  })

  it('keeps the CSV columns, front matter keys and pack keys that older files have', () => {
    const core = tempCore()
    storyWithMarkers(core)
    const [header] = parseCsv(core.csv.export(), { bom: true }) as string[][]
    expect(header).toEqual([
      'id',
      'revision',
      'title',
      'story',
      'author',
      'team',
      'customer situation',
      'date',
      'values',
      'primary value',
      'status',
      'language',
      'service recovery',
    ])
    const folder = tempDir()
    exportMarkdownFolder(folder, core.stories, core.values)
    const text = readFileSync(join(folder, readdirSync(folder)[0]), 'utf8')
    expect(Object.keys(parseYaml(/^---\n([\s\S]*?)\n---/.exec(text)![1]))).toEqual([
      'id',
      'title',
      'author',
      'team',
      'customer_context',
      'happened_on',
      'values',
      'primary_value',
      'status',
      'language',
      'service_recovery',
      'created_at',
      'updated_at',
    ])
    const packFile = join(tempDir(), 'stories.culturepack')
    core.packs.exportPack(packFile, {})
    const pack = JSON.parse(readFileSync(packFile, 'utf8'))
    expect(pack.version).toBe(2)
    expect(Object.keys(pack.stories[0]).sort()).toEqual(
      [
        'id',
        'title',
        'body',
        'author',
        'team',
        'customerContext',
        'happenedOn',
        'status',
        'isRecovery',
        'language',
        'values',
        'primaryValue',
        'createdAt',
        'updatedAt',
        'revision',
        'ancestors',
      ].sort(),
    )
  })

  it('reads a version saved before a field existed with that field empty, and restores it', () => {
    const core = tempCore()
    const story = core.stories.create(storyFields.parse(storyInput(core, { title: 'First words' })), 'draft')
    core.stories.update(story.id, storyFields.parse(storyInput(core, { title: 'Second words' })))
    // As an app without the customer's situation wrote its versions.
    core.db.prepare("UPDATE story_revisions SET snapshot = json_remove(snapshot, '$.customerContext')").run()
    const [old] = core.stories.revisions.list(story.id)
    expect(old.snapshot).toMatchObject({ title: 'First words', customerContext: null })
    const restored = core.stories.revert(story.id, old.id)
    expect([restored.title, restored.customerContext]).toEqual(['First words', null])
  })
})
