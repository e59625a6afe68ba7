import { spawnSync } from 'node:child_process'
import { chmodSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../electron/core/culture-core'
import { tempDir } from './temp-library'

const ROOT = resolve(import.meta.dirname, '../..')
const NOBODY = 65534

describe('a library the disk will not let us change', () => {
  it('says a read-only library is read-only (chmod 444, as a user who cannot override it)', () => {
    const dir = tempDir()
    const library = join(dir, 'library.sqlite')
    openCore(library).close()
    chmodSync(library, 0o444)
    // The folder stays writable, as a home folder is: only the library file is read-only.
    chmodSync(dir, 0o777)
    const asRoot = process.getuid?.() === 0
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/unit/read-only-library.child.ts'), library], {
      cwd: ROOT,
      encoding: 'utf8',
      // Root writes to any file whatever its mode; the app's users are not root.
      ...(asRoot ? { uid: NOBODY, gid: NOBODY, env: { ...process.env, HOME: dir } } : {}),
    })
    expect(run.status, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'library',
        code: 'storage.libraryReadOnly',
        params: { path: library },
        message: `The library "${library}" is read-only: its file, its folder or its disk does not allow changes. Make it writable, or open a copy, to save. Nothing was changed.`,
        issues: [],
      },
    })
  })
})
