/**
 * Issue 15, the desktop app as a team server's client: File ▸ Connect to Team Library… takes only
 * an address that is safe to sign in at, and only one where a Culture Book team server answers.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { CultureError } from '../../electron/core/errors'
import { checkTeamServer, parseTeamAddress, teamLibraryName } from '../../electron/main/team-address'
import { closeTeamServers, team } from './team-server-helpers'
import { thrown } from './temp-library'

const codeOf = (fn: () => unknown) => thrown<CultureError>(fn).code
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (err) => (err instanceof CultureError ? `${err.code} ${err.message}` : String(err)),
  )

const servers: Server[] = []
afterEach(async () => {
  await closeTeamServers()
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))))
})

/** A web server on 127.0.0.1 that is not Culture Book: it answers /health as `answer` says. */
async function otherServer(answer: (res: import('node:http').ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => (req.url === '/health' ? answer(res) : res.writeHead(404).end()))
  servers.push(server)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('a team library address', () => {
  it('takes https, adds it when left out, and keeps only the origin', () => {
    expect(parseTeamAddress('https://books.example.com')).toBe('https://books.example.com')
    expect(parseTeamAddress('  books.example.com  ')).toBe('https://books.example.com')
    expect(parseTeamAddress('HTTPS://Books.Example.com:8443/#/stories?x=1')).toBe('https://books.example.com:8443')
    expect(teamLibraryName('https://books.example.com:8443')).toBe('books.example.com:8443')
  })

  it('takes plain http only for this machine', () => {
    expect(parseTeamAddress('http://localhost:8080')).toBe('http://localhost:8080')
    expect(parseTeamAddress('http://127.0.0.1:3000/')).toBe('http://127.0.0.1:3000')
    expect(parseTeamAddress('http://[::1]:3000')).toBe('http://[::1]:3000')
    expect(codeOf(() => parseTeamAddress('http://books.example.com'))).toBe('web.teamAddressInsecure')
    expect(codeOf(() => parseTeamAddress('http://192.168.1.20:8080'))).toBe('web.teamAddressInsecure')
    // A name that only starts like a loopback address is another machine.
    expect(codeOf(() => parseTeamAddress('http://127.0.0.1.evil.example'))).toBe('web.teamAddressInsecure')
    expect(codeOf(() => parseTeamAddress('http://localhost.evil.example'))).toBe('web.teamAddressInsecure')
  })

  it('refuses garbage, other schemes and credentials in the address', () => {
    for (const typed of [
      '',
      '   ',
      'not an address',
      'https://',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ftp://books.example.com',
      'https://ann:secret@books.example.com',
      'app://culture/index.html',
    ]) {
      expect(
        codeOf(() => parseTeamAddress(typed)),
        typed,
      ).toBe('web.teamAddressInvalid')
    }
  })
})

describe('checking that a Culture Book team server answers', () => {
  it('accepts a real team server', async () => {
    const { server, core } = await team()
    const origin = parseTeamAddress(server.url)
    expect(await checkTeamServer(origin)).toEqual({ schemaVersion: core.schemaVersion })
  })

  it('says so, in words, when the server is another one', async () => {
    const html = await otherServer((res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Welcome</h1>'))
    const almost = await otherServer((res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'))
    const missing = await otherServer((res) => res.writeHead(404).end())
    const moved = await otherServer((res) => res.writeHead(302, { location: 'https://elsewhere.example/health' }).end())
    for (const origin of [html, almost, missing, moved]) {
      expect(await failureOf(checkTeamServer(origin)), origin).toBe(
        `web.notTeamServer ${new URL(origin).host} answers, but it is not a Culture Book team library.`,
      )
    }
  })

  it('says so when nothing answers, or not in time', async () => {
    // A port nobody listens on any more.
    const gone = await otherServer(() => {})
    await new Promise((done) => servers.pop()!.close(done))
    expect(await failureOf(checkTeamServer(gone))).toMatch(/^web\.teamUnreachable 127\.0\.0\.1:\d+ does not answer/)
    const hanging = await otherServer(() => {})
    expect(await failureOf(checkTeamServer(hanging, fetch, 200))).toMatch(/^web\.teamUnreachable/)
  })
})
