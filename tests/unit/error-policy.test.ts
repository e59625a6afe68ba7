import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../electron/core/dispatch'
import { HTTP_STATUS, kindOf, type ErrorKind } from '../../electron/core/errors'
import { ChangeFeed } from '../../electron/core/library/change-feed'
import { startWebServer } from '../../electron/web/web-server'
import { memoryLogger } from './memory-logger'
import { tempCore, tempDir } from './temp-library'

async function post(url: string, token: string, method: string, body: unknown) {
  const res = await fetch(`${url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-culture-token': token },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: Record<string, unknown> } }
}

describe('one policy for status codes', () => {
  it('answers 500 only for internal failures, and never labels one forbidden', () => {
    const kinds = Object.keys(HTTP_STATUS) as ErrorKind[]
    expect(kinds.filter((k) => HTTP_STATUS[k] >= 500 && k !== 'library')).toEqual(['internal'])
    expect(HTTP_STATUS.forbidden).toBe(403)
    expect(kindOf('internal.unexpected')).toBe('internal')
    expect(kindOf('job.cancelled')).toBe('cancelled')
  })

  it('answers a failure of the server itself with 500, internal, and a reference that is in the log', async () => {
    const log = memoryLogger()
    const server = await startWebServer({
      dispatch: () => Promise.reject(new RangeError('the dispatch table broke')),
      changes: new ChangeFeed(),
      rendererDir: tempDir(),
      log,
    })
    try {
      const reply = await post(server.url, server.token, 'values.list', {})
      expect(reply.status).toBe(500)
      expect(reply.body.error).toMatchObject({ kind: 'internal', code: 'internal.unexpected', ref: expect.stringMatching(/^[0-9a-f]{8}$/) })
      expect(log.entries).toHaveLength(1)
      expect(log.entries[0].details).toMatchObject({
        ref: reply.body.error!.ref,
        err: expect.objectContaining({ message: 'the dispatch table broke' }),
      })
    } finally {
      await server.close()
    }
  })

  it('answers each kind of failure a call returns with that kind’s status', async () => {
    const core = tempCore()
    const log = memoryLogger()
    const server = await startWebServer({ dispatch: createDispatch(core, log), changes: core.changes, rendererDir: tempDir(), log })
    try {
      const missing = await post(server.url, server.token, 'values.update', {
        id: '7f000000-0000-4000-8000-000000000000',
        fields: { name: 'Gone', color: '#123456' },
      })
      expect(missing).toMatchObject({ status: 404, body: { error: { kind: 'not_found', code: 'value.notFound' } } })
      const bad = await post(server.url, server.token, 'values.create', { name: '', color: '#123456' })
      expect(bad).toMatchObject({ status: 400, body: { error: { kind: 'invalid_input', code: 'input.invalid' } } })
      const taken = await post(server.url, server.token, 'values.create', { name: core.values.list()[0].name, color: '#123456' })
      expect(taken).toMatchObject({ status: 409, body: { error: { kind: 'conflict', code: 'value.nameTaken' } } })
      const unknown = await post(server.url, server.token, 'shell.exec', {})
      expect(unknown).toMatchObject({ status: 404, body: { error: { kind: 'unknown_method', code: 'call.unknownMethod' } } })
      core.close()
      const broken = await post(server.url, server.token, 'values.list', {})
      expect(broken).toMatchObject({ status: 500, body: { error: { kind: 'internal', code: 'internal.unexpected' } } })
      expect(log.entries.map((e) => e.details.ref)).toEqual([(broken.body.error as { ref: string }).ref])
    } finally {
      await server.close()
    }
  })
})
