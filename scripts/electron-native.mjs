#!/usr/bin/env node
/**
 * better-sqlite3 is a native addon, and Node and Electron need different builds of it (different
 * ABIs). node_modules keeps the Node build, which `npm install` compiles and the tests and browser
 * mode use. This script compiles a second copy for Electron into `.native/electron-<version>/`,
 * which the desktop app loads through better-sqlite3's `nativeBinding` option. It runs before
 * `npm run dev` and `npm run package`, and does nothing when that build already exists.
 * It needs the internet once, to fetch Electron's headers (or a prebuilt addon).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version
const target = join(root, '.native', `electron-${electronVersion}`, 'better_sqlite3.node')
// electron-builder ships this fixed path as an extra resource (see electron-builder.yml).
const current = join(root, '.native', 'current', 'better_sqlite3.node')

function publishCurrent() {
  mkdirSync(dirname(current), { recursive: true })
  cpSync(target, current)
}

if (existsSync(target)) {
  publishCurrent()
  process.exit(0)
}

const work = join(root, '.native', `build-${electronVersion}`)
rmSync(work, { recursive: true, force: true })
mkdirSync(join(work, 'node_modules'), { recursive: true })
// Build in a copy, so the Node build in node_modules stays as it is.
cpSync(join(root, 'node_modules/better-sqlite3'), join(work, 'node_modules/better-sqlite3'), {
  recursive: true,
  filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
})
writeFileSync(
  join(work, 'package.json'),
  JSON.stringify({ name: 'native-build', version: '1.0.0', dependencies: { 'better-sqlite3': '*' } }),
)

console.log(`Building better-sqlite3 for Electron ${electronVersion} (once; later starts reuse it)…`)
try {
  const { rebuild } = await import('@electron/rebuild')
  await rebuild({ buildPath: work, electronVersion, force: true, onlyModules: ['better-sqlite3'] })
  mkdirSync(dirname(target), { recursive: true })
  cpSync(join(work, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), target)
  rmSync(work, { recursive: true, force: true })
  publishCurrent()
  console.log(`Done: ${target}`)
} catch (err) {
  rmSync(work, { recursive: true, force: true })
  console.error(
    `\nCould not build better-sqlite3 for Electron ${electronVersion}: ${err?.message ?? err}\n` +
      "This step needs the internet once, to download Electron's headers. Browser mode (`npm run web`) and `npm test` do not need it.",
  )
  process.exit(1)
}
