/**
 * The windows' own words (resources/locales/ui/<area>.<locale>.json): every key the renderer uses
 * exists in English, Danish and Swedish, no catalogue holds words nobody shows, and every translation
 * takes the same placeholders and plural forms as the English.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CATALOGUES, LOCALES } from '../../electron/core/error-text'

const ROOT = join(import.meta.dirname, '../..')
const UI = join(ROOT, 'resources/locales/ui')

type Tree = { [key: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv)
  }
  return out
}

function uiCatalogue(locale: string): Map<string, string> {
  const merged = new Map<string, string>()
  for (const file of readdirSync(UI).filter((f) => f.endsWith(`.${locale}.json`))) {
    for (const [k, v] of leaves(JSON.parse(readFileSync(join(UI, file), 'utf8')) as Tree)) merged.set(k, v)
  }
  return merged
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(vue|ts)$/.test(e.name) ? [join(dir, e.name)] : [],
  )
}

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
const forms = (message: string) => message.split(/\s\|\s/)

const ui = Object.fromEntries(LOCALES.map((l) => [l, uiCatalogue(l)])) as Record<string, Map<string, string>>
const core = Object.fromEntries(LOCALES.map((l) => [l, leaves(CATALOGUES[l] as Tree)])) as Record<string, Map<string, string>>
const sources = sourceFiles(join(ROOT, 'src')).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }))

/** Literal keys in t('…'), $t('…'), i18n.global.t('…') and the like. */
const CALL = /(?:\$t|\bt|\btc|\bte|\btm|\brt)\(\s*(['"])([\w.-]+)\1/g
/** Keys built at run time, t(`stories.status.${s}`): everything under the literal prefix counts as used. */
const DYNAMIC = /(?:\$t|\bt|\btc|\bte|\btm)\(\s*`([\w.-]+)\.\$\{/g
/** Keys named outside a call (a table of labels): written as 'ui:<key>' in a comment or a string. */
const NAMED = /['"`]ui:([\w.-]+)['"`]/g

const used = new Set(
  sources.flatMap(({ text }) => [...text.matchAll(CALL)].map((m) => m[2]).concat([...text.matchAll(NAMED)].map((m) => m[1]))),
)
const dynamicPrefixes = new Set(sources.flatMap(({ text }) => [...text.matchAll(DYNAMIC)].map((m) => `${m[1]}.`)))

describe('the windows’ catalogues', () => {
  it('has the same areas, keys, placeholders and plural forms in every language', () => {
    const areas = (l: string) =>
      readdirSync(UI)
        .filter((f) => f.endsWith(`.${l}.json`))
        .map((f) => f.replace(`.${l}.json`, ''))
        .sort()
    for (const l of LOCALES) {
      expect(areas(l), `areas in ${l}`).toEqual(areas('en'))
      expect([...ui[l].keys()].sort(), `keys in ${l}`).toEqual([...ui.en.keys()].sort())
      for (const [key, english] of ui.en) {
        const translated = ui[l].get(key)!
        expect(forms(translated).length, `plural forms of ${key} in ${l}`).toBe(forms(english).length)
        forms(english).forEach((form, i) =>
          expect(placeholders(forms(translated)[i]), `placeholders of ${key} in ${l}`).toEqual(placeholders(form)),
        )
      }
    }
  })

  it('has every key the windows use, in every language', () => {
    for (const key of used) {
      for (const l of LOCALES) expect(ui[l].has(key) || core[l].has(key), `${key} in ${l}`).toBe(true)
    }
  })

  it('holds no words the windows never show', () => {
    const unused = [...ui.en.keys()].filter((key) => !used.has(key) && ![...dynamicPrefixes].some((p) => key.startsWith(p)))
    expect(unused).toEqual([])
  })
})
