import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveLibraryPath, userDataDir } from '../../electron/core/library/library-location'

describe('where the library lives', () => {
  it('follows Electron’s userData folder on each platform', () => {
    expect(userDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/Culture Book')
    expect(userDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ann')).toBe('/cfg/Culture Book')
    expect(userDataDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/Culture Book')
    expect(userDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toBe(
      join('C:\\Users\\ann\\AppData\\Roaming', 'Culture Book'),
    )
  })

  // Reading --library from the command line (both spellings, a missing value) is shell-args.test.ts's.
  it('takes --library first, then CULTUREBOOK_LIBRARY, then the default', () => {
    const env = { CULTUREBOOK_LIBRARY: '/env/lib.sqlite' }
    expect(resolveLibraryPath('/a.sqlite', env, '/data')).toBe('/a.sqlite')
    expect(resolveLibraryPath(undefined, env, '/data')).toBe('/env/lib.sqlite')
    expect(resolveLibraryPath(undefined, {}, '/data')).toBe(join('/data', 'culture-book.sqlite'))
  })
})
