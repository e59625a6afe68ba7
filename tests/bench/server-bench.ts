/**
 * `npm run bench:server [-- --stories 10000 --users 200 --seconds 30 --think 5 --only <kind> --profile <dir> --server-log <file>]`
 * The team server (out/main/serve.js, a process of its own) on a generated library, with `users` people
 * signed in at once. Each person acts, waits for the answer, then thinks for a while (exponentially
 * distributed, `--think` seconds on average) before the next action, as people do: search as you type
 * (one call per keystroke, as SearchView asks), list a page, open a story (every role); save a draft and
 * submit an own draft, from the editor or from its page (contributors); approve a submitted story
 * (curators). `--think 0` has everyone act back to back: the server's capacity, not a team's day.
 * Prints per kind p50/p95/p99, errors and timeouts, and checks that every acknowledged write is in the
 * library afterwards (no lost writes). `--profile <dir>` writes the server's CPU profile there,
 * `--server-log <file>` its request log.
 *
 * The people are played with node:http, each on keep-alive connections of their own, rather than with
 * autocannon: autocannon drives a connection at a rate (or back to back), not as a person who waits for
 * the answer and then thinks; and in the per-person setup used at first, some of its calls hung until
 * its timeout while the server's log had answered every one (the cause was not found).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, openSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { openAccounts } from '../../electron/core/accounts/accounts'
import { hashPassword } from '../../electron/core/accounts/passwords'
import { openCore } from '../../electron/core/culture-core'
import { inputOf, type StoryFields } from '../../electron/core/stories/story-fields'
import { csrfToken, SESSION_COOKIE } from '../../electron/server/session-guard'
import { writeLibraryApart } from './bench-library'

const option = (name: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined)
const arg = (name: string, fallback: number) => Number(option(name) ?? fallback)
const STORIES = arg('stories', 10_000)
const USERS = arg('users', 200)
const SECONDS = arg('seconds', 30)
/** Mean seconds a person spends reading or typing between two actions. */
const THINK = arg('think', 5)
const ONLY = option('only')
const PROFILE = option('profile')
/** Where the server's request log (pino JSON lines, one a call with its ms) goes; discarded by default. */
const SERVER_LOG = option('server-log')
/** A call unanswered this long counts as a timeout. */
const TIMEOUT_S = 10
/** Milliseconds between keystrokes: more than useTypingPause's 80 ms, so every keystroke is a call. */
const KEYSTROKE_MS = 180
/** Rows per list call, as the story list asks for them (LIST_PAGE) and results per search (FIRST). */
const LIST_ROWS = 100
const SEARCH_ROWS = 20
const ROOT = resolve(import.meta.dirname, '../..')
const WORDS = ['kunde', 'parcel', 'levering', 'shoes', 'refund', 'bryllup', 'giraffe', 'warehouse', 'retur', 'flowers', 'size', 'boots']
const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

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
const idsWith = (status: string) =>
  (core.db.prepare('SELECT id FROM stories WHERE status = ? AND deleted_at IS NULL').all(status) as { id: string }[]).map((r) => r.id)
// What a contributor's editor holds of each draft they will submit: half are submitted from the editor
// (stories.update with submit, the text touched up, so it is reindexed), half from the story's page (setStatus).
const inEditor = new Map<string, { fields: StoryFields; updatedAt: string }>()
for (const p of contributors)
  for (const id of p.drafts.filter((_, i) => i % 2)) {
    const story = core.stories.get(id)
    inEditor.set(id, { fields: inputOf(story), updatedAt: story.updatedAt })
  }
const approved = idsWith('approved')
const submitted = idsWith('submitted')
// A team's library has its search index saved (the server builds and saves one on its first start): the
// figures are of a server at work, not of one still building its index.
core.search.rebuildNow()
core.close()

const port = 18_000 + Math.floor(Math.random() * 2000)
const url = `http://127.0.0.1:${port}`
const server = spawn(
  process.execPath,
  [
    ...(PROFILE ? ['--cpu-prof', '--cpu-prof-dir', PROFILE] : []),
    join(ROOT, 'out/main/serve.js'),
    ...['--library', library, '--port', String(port), '--insecure-http', '--public-url', url],
  ],
  { stdio: ['ignore', SERVER_LOG ? openSync(SERVER_LOG, 'w') : 'ignore', 'inherit'] },
)
const exited = () => {
  throw new Error(`the team server stopped (exit ${server.exitCode}); is out/main/serve.js built from this tree?`)
}
server.once('exit', exited)
for (let tries = 0; ; tries++) {
  try {
    if ((await fetch(`${url}/health`)).ok) break
  } catch {
    if (tries > 300) throw new Error('the team server did not start')
  }
  await sleep(100)
}

/** Acknowledged writes, checked in the library afterwards. */
const acked = { submitted: new Set<string>(), approved: new Set<string>(), drafts: new Map<string, number>() }
let draftSeq = 0

/** A contract call: a method and its input. */
type Call = { method: string; input: unknown }
/** What a write sent: a story's id, and a draft's content. */
type Written = { id: string; content: { n: number } }
type Kind = {
  name: string
  roles: string[]
  share: number
  /** The p95 the issue asks for, in ms. */
  target: number
  /** The calls of one action, KEYSTROKE_MS apart; null when this person has nothing left to do of this kind. */
  calls: (p: Person) => Call[] | null
  ack?: (input: Written) => void
}
const EVERYONE = ['curator', 'trainee', 'contributor']
const submittedPool = [...submitted]
const allKinds: Kind[] = [
  {
    name: 'search as you type',
    roles: EVERYONE,
    share: 0.3,
    target: 100,
    // A word typed letter by letter, from its second letter on: what SearchView asks for.
    calls: (p) => {
      const word = pick(WORDS)
      const filters = p.role === 'curator' ? {} : { status: 'approved' }
      return [...word.slice(1)].map((_, i) => ({
        method: 'search.query',
        input: { text: word.slice(0, i + 2), ...filters, limit: SEARCH_ROWS },
      }))
    },
  },
  {
    name: 'list',
    roles: EVERYONE,
    share: 0.25,
    target: 100,
    calls: (p) => [
      {
        method: 'stories.list',
        input: {
          offset: LIST_ROWS * Math.floor(Math.random() * 20),
          limit: LIST_ROWS,
          ...(p.role === 'curator' ? {} : { status: 'approved' }),
        },
      },
    ],
  },
  {
    name: 'open a story',
    roles: EVERYONE,
    share: 0.2,
    target: 200,
    calls: () => [{ method: 'stories.get', input: { id: pick(approved) } }],
  },
  {
    name: 'save a draft',
    roles: ['contributor'],
    share: 0.12,
    target: 200,
    calls: (p) =>
      p.editing.length
        ? [{ method: 'drafts.save', input: { kind: 'story', id: pick(p.editing), content: { body: `typed ${++draftSeq}`, n: draftSeq } } }]
        : null,
    ack: (input) => acked.drafts.set(input.id, Math.max(acked.drafts.get(input.id) ?? 0, input.content.n)),
  },
  {
    name: 'submit',
    roles: ['contributor'],
    share: 0.08,
    target: 200,
    calls: (p) => {
      const id = p.drafts.pop()
      if (!id) return null
      const editor = inEditor.get(id)
      if (!editor) return [{ method: 'stories.setStatus', input: { id, status: 'submitted' } }]
      const fields = { ...editor.fields, body: `${editor.fields.body}\n\nChecked before submitting.` }
      return [{ method: 'stories.update', input: { id, fields, baseUpdatedAt: editor.updatedAt, submit: true } }]
    },
    ack: (input) => {
      acked.submitted.add(input.id)
      submittedPool.unshift(input.id)
    },
  },
  {
    name: 'approve',
    roles: ['curator'],
    share: 0.05,
    target: 200,
    calls: () => {
      const id = submittedPool.pop()
      return id ? [{ method: 'stories.setStatus', input: { id, status: 'approved' } }] : null
    },
    ack: (input) => acked.approved.add(input.id),
  },
]
const kinds = allKinds.filter((k) => !ONLY || k.name.startsWith(ONLY))

/** Per kind: every answered call's latency (ms), failed answers, and calls unanswered within TIMEOUT_S. */
const tally = new Map(kinds.map((k) => [k, { latencies: [] as number[], failed: 0, timeouts: 0 }]))
/** An answer's outcome (its latency is counted apart): a failure, or an acknowledged write. */
const answered = (kind: Kind, call: Call, status: number, body: string) => {
  // Not parsed: the load generator shares the machine's cores with the server.
  if (status !== 200 || !body.startsWith('{"ok":true')) tally.get(kind)!.failed++
  else kind.ack?.(call.input as Written)
}

/** One call over the person's own keep-alive connections, as a browser holds them. */
function send(kind: Kind, person: Person, agent: Agent, call: Call): Promise<void> {
  const started = performance.now()
  return new Promise((done) => {
    const req = request(
      `${url}/api/${call.method}`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', origin: url, ...person.headers },
        signal: AbortSignal.timeout(TIMEOUT_S * 1000),
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => {
          tally.get(kind)!.latencies.push(performance.now() - started)
          done(answered(kind, call, res.statusCode ?? 0, body))
        })
      },
    )
    req.on('error', () => {
      tally.get(kind)!.timeouts++
      done()
    })
    req.end(JSON.stringify(call.input))
  })
}

/** One person for SECONDS: act, wait for the answers, think, again. */
async function person(p: Person, until: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 6 })
  const mine = kinds.filter((k) => k.roles.includes(p.role))
  const shares = mine.reduce((sum, k) => sum + k.share, 0)
  const think = () => -Math.log(1 - Math.random()) * THINK * 1000
  // People do not all start at the same instant.
  await sleep(Math.random() * THINK * 1000)
  while (mine.length && performance.now() < until) {
    let r = Math.random() * shares
    const kind = mine.find((k) => (r -= k.share) < 0) ?? mine[0]
    const calls = kind.calls(p) ?? []
    for (const [i, call] of calls.entries()) {
      if (i) await sleep(KEYSTROKE_MS)
      await send(kind, p, agent, call)
    }
    await sleep(Math.min(think(), until - performance.now()))
  }
  agent.destroy()
}

const cores = cpus().length
const loadBefore = loadavg()[0]
console.log(
  `${USERS} people signed in (${curators} curators, ${contributors.length} contributors, ${trainees} trainees) for ${SECONDS} s, ` +
    (THINK ? `each thinking ${THINK} s on average between actions` : 'back to back, without thinking (--think 0)') +
    `. Load generator and server are separate processes sharing this machine's ${cores} cores; load average ${loadBefore.toFixed(2)}.`,
)
const started = performance.now()
await Promise.all(people.map((p) => person(p, started + SECONDS * 1000)))
const elapsed = (performance.now() - started) / 1000
const loadAfter = loadavg()[0]
server.off('exit', exited)
server.kill('SIGTERM')
await new Promise((r) => server.once('exit', r))

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN
const ms = (n: number) => (Number.isNaN(n) ? '–' : `${Math.round(n)} ms`)
let calls = 0
let problems = 0
console.log('\n| kind | calls | p50 | p95 | p99 | max | errors | timeouts | p95 target |')
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for (const kind of kinds) {
  const { latencies, failed, timeouts } = tally.get(kind)!
  const sorted = latencies.sort((a, b) => a - b)
  const p95 = percentile(sorted, 95)
  calls += sorted.length + timeouts
  problems += failed + timeouts
  console.log(
    `| ${kind.name} | ${(sorted.length + timeouts).toLocaleString('en')} | ${ms(percentile(sorted, 50))} | ${ms(p95)} | ${ms(percentile(sorted, 99))} | ` +
      `${ms(sorted.at(-1) ?? NaN)} | ${failed} | ${timeouts} | ≤ ${kind.target} ms: ${p95 <= kind.target ? 'met' : 'missed'} |`,
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
  `\n${calls.toLocaleString('en')} calls in ${elapsed.toFixed(1)} s (${(calls / elapsed).toFixed(1)} a second); errors and timeouts: ${problems}. ` +
    `Load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} at the end (${cores} cores).`,
)
console.log(
  `Writes acknowledged: ${acked.submitted.size} submits, ${acked.approved.size} approvals, ${acked.drafts.size} drafts; lost: ${lostSubmits + lostApprovals + lostDrafts}`,
)
rmSync(dir, { recursive: true, force: true })
