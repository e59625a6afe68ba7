import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/culture-core'
import type { CultureError } from '../../electron/core/errors'
import { spawnScript } from './child-process'
import { tempDir, thrown } from './temp-library'

const openError = (path: string) => thrown<CultureError>(() => openCore(path, { owner: 'browser mode' }).close())

describe('one library, one process', () => {
  it('refuses a second process, naming the first, and lets it in once the first has closed', async () => {
    const file = join(tempDir(), 'library.sqlite')
    const holder = spawnScript('library-holder.ts', [file, 'the desktop app'])
    try {
      await holder.line(/^ready$/)
      const err = openError(file)
      expect(err.kind).toBe('in_use')
      expect(err.message).toContain('the desktop app')
      expect(err.message).toContain(`process ${holder.child.pid}`)
      expect(err.message).toMatch(/since \d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
      holder.child.stdin.write('close\n')
      await holder.line(/^closed$/)
      expect(existsSync(`${file}.lock`), 'closing released the lock').toBe(false)
    } finally {
      holder.child.kill('SIGKILL')
      await holder.exited
    }
    // And the other way round: the process that comes second is refused, naming this one.
    const core = openCore(file, { owner: 'browser mode' })
    const second = spawnScript('library-holder.ts', [file, 'the desktop app'])
    const refused = await second.line(/^refused /)
    expect(refused).toContain('browser mode')
    expect(refused).toContain(`process ${process.pid}`)
    core.close()
    expect(readdirSync(join(file, '..')).filter((f) => f.endsWith('.lock'))).toEqual([])
  })

  it('takes over the lock of a process that was killed', async () => {
    const file = join(tempDir(), 'library.sqlite')
    const holder = spawnScript('library-holder.ts', [file, 'the desktop app'])
    await holder.line(/^ready$/)
    holder.child.kill('SIGKILL')
    await holder.exited
    expect(existsSync(`${file}.lock`)).toBe(true)
    const core = openCore(file)
    expect(core.values.list()).toHaveLength(10)
    core.close()
    expect(existsSync(`${file}.lock`)).toBe(false)
  })

  it('takes over a stale lock left by a dead process, but not one held on another machine', () => {
    const file = join(tempDir(), 'library.sqlite')
    openCore(file).close()
    // A pid far above any live one: the process that wrote it is gone.
    const stale = { pid: 2 ** 22 + 17, shell: 'the desktop app', host: hostname(), startedAt: '2026-01-01T09:00:00.000Z' }
    writeFileSync(`${file}.lock`, JSON.stringify(stale))
    openCore(file).close()
    writeFileSync(`${file}.lock`, JSON.stringify({ ...stale, host: 'another-machine.example' }))
    const err = openError(file)
    expect(err.kind).toBe('in_use')
    expect(err.message).toContain('another-machine.example')
    expect(err.message).toContain(`${file}.lock`)
  })

  it('refuses a second open within the same process, and releases on close', () => {
    const file = join(tempDir(), 'library.sqlite')
    const first = openCore(file, { owner: 'the desktop app' })
    expect(openError(file).message).toContain('the desktop app')
    first.close()
    openCore(file).close()
  })
})
