import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml, stringify as toYaml } from 'yaml'
import { writeFileAtomically } from '../book/atomic-file'
import { CultureError } from '../errors'
import type { Story } from '../stories/story'
import type { StoryRepository } from '../stories/story-repository'
import type { ValueRepository } from '../values/value-repository'
import { slugify } from '../values/value-repository'
import { PACK_FORMAT, PACK_VERSION, type PackStory, type StoryPack } from './pack-format'

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/

/** The way out: one Markdown file per story, with its facts as YAML front matter. */
export function exportMarkdownFolder(folder: string, stories: StoryRepository, values: ValueRepository): { folder: string; count: number } {
  mkdirSync(folder, { recursive: true })
  const slugs = new Map(values.list().map((v) => [v.id, v.slug]))
  const list = stories.list({ sort: 'oldest', trashed: false, offset: 0, limit: 1_000_000 }).items.map((s) => stories.get(s.id))
  for (const s of list) {
    const front = {
      id: s.id,
      title: s.title,
      author: s.author,
      team: s.team,
      customer_context: s.customerContext,
      happened_on: s.happenedOn,
      values: s.valueIds.map((v) => slugs.get(v)),
      primary_value: slugs.get(s.primaryValueId),
      status: s.status,
      language: s.language,
      service_recovery: s.isRecovery,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    }
    const name = `${slugify(s.title).slice(0, 60)}-${s.id.slice(0, 8)}.md`
    writeFileAtomically(join(folder, name), `---\n${toYaml(front)}---\n\n${s.body}\n`)
  }
  return { folder, count: list.length }
}

export interface MarkdownReadResult {
  pack: StoryPack
  /** Files left out, each with why. */
  refused: { file: string; reason: string }[]
}

/**
 * Reads such a folder back as a story pack, so it goes through the same preview, conflicts and
 * single transaction as any pack. A file without front matter is refused, with its name.
 */
export function readMarkdownFolder(folder: string, values: ValueRepository): MarkdownReadResult {
  let files: string[]
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a folder')
    files = readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.md')).sort()
  } catch {
    throw new CultureError('invalid_input', `“${folder}” is not a folder this app can read.`)
  }
  const known = new Map(values.list().map((v) => [v.slug, v]))
  const refused: MarkdownReadResult['refused'] = []
  const stories: PackStory[] = []
  for (const file of files) {
    const text = readFileSync(join(folder, file), 'utf8')
    const m = FRONT_MATTER.exec(text)
    if (!m) {
      refused.push({ file, reason: 'it has no front matter (the --- block with id, values and dates).' })
      continue
    }
    let front: Record<string, unknown>
    try {
      front = (parseYaml(m[1]) ?? {}) as Record<string, unknown>
    } catch (err) {
      refused.push({ file, reason: `its front matter is not valid YAML (${(err as Error).message.split('\n')[0]}).` })
      continue
    }
    const valuesList = Array.isArray(front.values) ? front.values.map(String) : []
    const story: PackStory = {
      id: String(front.id ?? ''),
      title: String(front.title ?? ''),
      // The export puts one blank line after the front matter and a newline at the end.
      body: m[2].replace(/^\r?\n/, '').replace(/\r?\n$/, ''),
      author: String(front.author ?? ''),
      team: String(front.team ?? ''),
      customerContext: front.customer_context ? String(front.customer_context) : null,
      happenedOn: String(front.happened_on ?? ''),
      status: (front.status ?? 'draft') as Story['status'],
      isRecovery: front.service_recovery === true,
      language: (front.language ?? 'en') as Story['language'],
      values: valuesList,
      primaryValue: String(front.primary_value ?? valuesList[0] ?? ''),
      createdAt: String(front.created_at ?? new Date().toISOString()),
      updatedAt: String(front.updated_at ?? new Date().toISOString()),
    }
    stories.push(story)
  }
  const used = new Set(stories.flatMap((s) => s.values))
  return {
    pack: {
      format: PACK_FORMAT,
      version: PACK_VERSION,
      exportedAt: new Date().toISOString(),
      values: [...used].map((slug) => ({ slug, name: known.get(slug)?.name ?? slug, description: '', color: known.get(slug)?.color ?? '#888888' })),
      stories,
    },
    refused,
  }
}
