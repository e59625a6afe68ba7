import Database from 'better-sqlite3'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/culture-core'
import { backupDir, listBackups } from '../../electron/core/library/backups'
import { spawnScript } from './child-process'
import { tempDir } from './temp-library'

const partials = (file: string) => readdirSync(backupDir(file)).filter((f) => f.endsWith('.partial'))

describe('a backup killed half-way', () => {
  it('leaves a .partial file that the next start removes, and no half backup is ever listed', async () => {
    const file = join(tempDir(), 'library.sqlite')
    openCore(file).close()
    // About 48 MB, so a backup takes a while and is caught half-way.
    const db = new Database(file)
    db.exec(
      'CREATE TABLE ballast (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 48) INSERT INTO ballast SELECT randomblob(1000000) FROM n;',
    )
    db.close()

    const writer = spawnScript('backup-writer.ts', [file])
    await writer.line(/^backing-up$/)
    for (let i = 0; i < 2000 && !readdirSyncSafe(file).some((f) => f.endsWith('.partial')); i++) await new Promise((r) => setTimeout(r, 2))
    writer.child.kill('SIGKILL')
    await writer.exited
    expect(partials(file).length, 'the kill came mid-backup').toBeGreaterThan(0)
    for (const b of listBackups(file)) expect(b.name.endsWith('.partial')).toBe(false)

    const core = openCore(file)
    core.close()
    expect(partials(file)).toEqual([])
    for (const b of listBackups(file)) {
      const copy = new Database(b.path, { readonly: true })
      expect(copy.pragma('quick_check', { simple: true })).toBe('ok')
      copy.close()
    }
  })
})

function readdirSyncSafe(file: string): string[] {
  try {
    return readdirSync(backupDir(file))
  } catch {
    return []
  }
}
