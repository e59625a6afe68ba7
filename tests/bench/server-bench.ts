/**
 * `npm run bench:server [-- --stories 10000 --users 200 --seconds 20]`
 * The team server (out/main/serve.js) on a generated library, with `users` people signed in at once
 * doing a realistic mix through autocannon, one instance per kind of call, all at the same time:
 * search as you type, list, open a story (every role); save a draft and submit their own draft
 * (contributors); approve a submitted story (curators). Prints latency per kind, errors, and checks
 * that every acknowledged write is in the library afterwards (no lost writes).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { openAccounts } from '../../electron/core/accounts/accounts'
import { hashPassword } from '../../electron/core/accounts/passwords'
import { openCore } from '../../electron/core/culture-core'
import { csrfToken, SESSION_COOKIE } from '../../electron/server/session-guard'
import { writeLibraryApart } from './bench-library'

const arg = (name: string, fallback: number) =>
  process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : fallback
const STORIES = arg('stories', 10_000)
const USERS = arg('users', 200)
const SECONDS = arg('seconds', 20)
const ROOT = resolve(import.meta.dirname, '../..')
const WORDS = ['kunde', 'parcel', 'levering', 'shoes', 'refund', 'bryllup', 'giraffe', 'warehouse', 'retur', 'flowers', 'size', 'boots']
const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]

interface Person {
  id: string
  headers: Record<string, string>
  /** Contributors: their own drafts, submitted one by one. */
  drafts: string[]
  /** Contributors: their own drafts they keep typing in (never submitted here). */
  editing: string[]
  role: string
}

const dir = mkdtempSync(join(tmpdir(), 'culture-book-server-bench-'))
const library = join(dir, 'library.sqlite')
console.log(`Writing ${STORIES.toLocaleString('en')} stories…`)
writeLibraryApart(library, STORIES)

// People and their sessions, made in the library before the server opens it (sign-in is rate-limited per address).
const core = openCore(library, { rebuildSearch: () => new Promise(() => {}) })
const accounts = openAccounts(core.db)
const passwordHash = await hashPassword('bench password for everyone')
const curators = Math.max(2, Math.round(USERS * 0.1))
const trainees = Math.round(USERS * 0.15)
const roles = (i: number) => (i < curators ? ['curator'] : i < curators + trainees ? ['trainee'] : ['contributor'])
const people: Person[] = []
const drafts = (core.db.prepare("SELECT id FROM stories WHERE status = 'draft' AND deleted_at IS NULL").all() as { id: string }[]).map(
  (r) => r.id,
)
const setOwner = core.db.prepare('UPDATE stories SET created_by = ? WHERE id = ?')
for (let i = 0; i < USERS; i++) {
  const user = accounts.users.create({ email: `person${i}@example.com`, displayName: `Person ${i}`, passwordHash, roles: roles(i) }, null)
  const { token, session } = accounts.sessions.create(user.id)
  people.push({
    id: user.id,
    role: roles(i)[0],
    headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfToken(session) },
    drafts: [],
    editing: [],
  })
}
const contributors = people.filter((p) => p.role === 'contributor')
core.db.transaction(() => drafts.forEach((id, i) => setOwner.run(contributors[i % contributors.length].id, id)))()
drafts.forEach((id, i) => {
  const owner = contributors[i % contributors.length]
  ;(Math.floor(i / contributors.length) % 2 ? owner.drafts : owner.editing).push(id)
})
const approved = (core.db.prepare("SELECT id FROM stories WHERE status = 'approved' AND deleted_at IS NULL").all() as { id: string }[]).map(
  (r) => r.id,
)
const submitted = (
  core.db.prepare("SELECT id FROM stories WHERE status = 'submitted' AND deleted_at IS NULL").all() as { id: string }[]
).map((r) => r.id)
core.close()

const port = 18_000 + Math.floor(Math.random() * 2000)
const url = `http://127.0.0.1:${port}`
const server = spawn(
  process.execPath,
  [join(ROOT, 'out/main/serve.js'), '--library', library, '--port', String(port), '--insecure-http', '--public-url', url],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
)
for (let tries = 0; ; tries++) {
  try {
    if ((await fetch(`${url}/health`)).ok) break
  } catch {
    if (tries > 300) throw new Error('the team server did not start')
  }
  await new Promise((r) => setTimeout(r, 100))
}

/** Acknowledged writes, checked in the library afterwards. */
const acked = { submitted: new Set<string>(), approved: new Set<string>(), drafts: new Map<string, number>() }
let draftSeq = 0

type Kind = {
  name: string
  who: Person[]
  share: number
  body: (p: Person) => { method: string; input: unknown } | null
  ack?: (input: Written) => void
}
/** What a write sent: a story's id, and a draft's content. */
type Written = { id: string; content: { n: number } }
const everyone = people
const byCookie = new Map(people.map((p) => [p.headers.cookie, p]))
const submittedPool = [...submitted]
const kinds: Kind[] = [
  {
    name: 'search as you type',
    who: everyone,
    share: 0.3,
    body: (p) => ({
      method: 'search.query',
      input: { text: pick(WORDS).slice(0, 3 + Math.floor(Math.random() * 4)), ...(p.role === 'curator' ? {} : { status: 'approved' }) },
    }),
  },
  {
    name: 'list',
    who: everyone,
    share: 0.25,
    body: (p) => ({
      method: 'stories.list',
      input: { offset: Math.floor(Math.random() * 2000), limit: 50, ...(p.role === 'curator' ? {} : { status: 'approved' }) },
    }),
  },
  { name: 'open a story', who: everyone, share: 0.2, body: () => ({ method: 'stories.get', input: { id: pick(approved) } }) },
  {
    name: 'save a draft',
    who: contributors,
    share: 0.12,
    body: (p) =>
      p.editing.length
        ? { method: 'drafts.save', input: { kind: 'story', id: pick(p.editing), content: { body: `typed ${++draftSeq}`, n: draftSeq } } }
        : null,
    ack: (input) => acked.drafts.set(input.id, Math.max(acked.drafts.get(input.id) ?? 0, input.content.n)),
  },
  {
    name: 'submit',
    who: contributors,
    share: 0.08,
    body: (p) => {
      const id = p.drafts.pop()
      return id ? { method: 'stories.setStatus', input: { id, status: 'submitted' } } : null
    },
    ack: (input) => acked.submitted.add(input.id),
  },
  {
    name: 'approve',
    who: people.filter((p) => p.role === 'curator'),
    share: 0.05,
    body: () => {
      const id = submittedPool.pop()
      return id ? { method: 'stories.setStatus', input: { id, status: 'approved' } } : null
    },
    ack: (input) => acked.approved.add(input.id),
  },
]

function run(kind: Kind): Promise<{ kind: Kind; result: autocannon.Result; failed: number }> {
  const connections = Math.max(1, Math.round(USERS * kind.share))
  let next = 0
  let failed = 0
  return new Promise((done, reject) => {
    autocannon(
      {
        url,
        connections,
        duration: SECONDS,
        setupClient: (client) => {
          const person = kind.who[next++ % kind.who.length]
          client.setHeaders({ 'content-type': 'application/json', origin: url, ...person.headers })
        },
        requests: [
          {
            method: 'POST',
            setupRequest: (req, context: { input?: unknown }) => {
              // Built once before setupClient has given the connection its person: a harmless placeholder.
              const person = byCookie.get((req.headers as Record<string, string> | undefined)?.cookie ?? '')
              const call = person && kind.body(person)
              if (!call) return { ...req, method: 'GET', path: '/health', body: undefined }
              context.input = call.input
              return { ...req, path: `/api/${call.method}`, body: JSON.stringify(call.input) }
            },
            onResponse: (status, body, context: { input?: unknown }) => {
              if (!context.input) return
              // Not parsed: the load generator shares the machine's two cores with the server.
              if (status !== 200 || !body.startsWith('{"ok":true')) failed++
              else kind.ack?.(context.input as Written)
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : done({ kind, result, failed })),
    )
  })
}

console.log(
  `${USERS} people signed in (${curators} curators, ${contributors.length} contributors, ${trainees} trainees), ${SECONDS} s, all kinds at once:`,
)
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null
const results = await Promise.all(kinds.filter((k) => !only || k.name.startsWith(only)).map(run))
server.kill('SIGTERM')
await new Promise((r) => server.once('exit', r))

console.log('\n| kind | connections | requests | p50 | p90 | p97.5 | p99 | errors |')
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |')
for (const { kind, result, failed } of results) {
  const l = result.latency
  console.log(
    `| ${kind.name} | ${Math.max(1, Math.round(USERS * kind.share))} | ${result.requests.total} | ${l.p50} ms | ${l.p90} ms | ${l.p97_5} ms | ${l.p99} ms | ${failed + result.errors + result.timeouts} |`,
  )
}

// Every acknowledged write is in the library.
const db = new Database(library, { readonly: true })
const status = db.prepare('SELECT status FROM stories WHERE id = ?')
const lostSubmits = [...acked.submitted].filter((id) => (status.get(id) as { status: string }).status === 'draft').length
const lostApprovals = [...acked.approved].filter((id) => (status.get(id) as { status: string }).status !== 'approved').length
const draftRow = db.prepare("SELECT content FROM drafts WHERE kind = 'story' AND target_id = ?")
const lostDrafts = [...acked.drafts].filter(([id, n]) => {
  const row = draftRow.get(id) as { content: string } | undefined
  return !row || (JSON.parse(row.content) as { n: number }).n < n
}).length
db.close()
console.log(
  `\nWrites acknowledged: ${acked.submitted.size} submits, ${acked.approved.size} approvals, ${acked.drafts.size} drafts; lost: ${lostSubmits + lostApprovals + lostDrafts}`,
)
rmSync(dir, { recursive: true, force: true })
