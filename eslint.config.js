import { dirname, relative, resolve, sep } from 'node:path'
import js from '@eslint/js'
import prettier from 'eslint-config-prettier/flat'
import vue from 'eslint-plugin-vue'
import { defineConfig } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// ---------------------------------------------------------------------------------------------
// Layers. The core (electron/core) is plain Node: every shell and the tests drive it, so it never
// imports Electron, the renderer or a shell. The renderer (src) talks to the core over the one
// contract (api.ts) and imports only its types, except from the few pure modules below. The shells
// reach the core through culture-core and dispatch, plus the few modules named below.
// ---------------------------------------------------------------------------------------------

const SHELLS = ['electron/main/', 'electron/web/', 'electron/cli/', 'electron/preload/']

/** Core modules whose values the renderer runs too: data and pure functions, nothing that needs Node. */
const RENDERER_SHARED = [
  'errors', // the kind of an error code
  'error-text', // error codes into words, the same for every caller
  'format-date', // dates shown the same in the app and the book
  'stories/story', // status names
  'stories/story-fields', // the one list of a story's fields, their labels and limits
  'stories/story-input', // the editor's limits
  'training/scenario', // outcome names
  'training/session-engine', // the scenario editor plays its draft with the real engine
  'training/scenario-validation', // the scenario editor clears a graph problem as soon as it is fixed, by the core's own rules
  'input-issues', // the editors word a field problem they find themselves as the core words its refusal
  'training/training-texts', // the endings' names in each language, the same words the trainee's player shows
  'training/training-types', // the certificate's threshold, which the progress panel names
  'exchange/csv-types', // the CSV fields to map columns to
  'search/search-types', // the similarity from which a story is probably told twice
  'markdown/story-markdown', // story Markdown, rendered the same in the app and the book
  'markdown/external-links', // which links may open outside
  'photos/photo-references', // what a photo: link is, read the same by the reader, the editor and the core
  'settings/app-settings', // the language choices and how 'system' is read, the same as the desktop menu's
  'book/book-notes', // what a book export left out, worded like the command line's
  'book/edition', // the trim sizes and the paper and back cover limits the edition form offers, the core's own
  'name-match', // the team filter suggests the names the core's filter would match
  'accounts/roles', // the People view offers the roles the permission table knows
]

/** Core modules the shells use besides culture-core and dispatch: each is about being a shell. */
const SHELL_FACING = [
  'api', // browser mode checks that a request names a method before dispatching it
  'errors', // one error policy: a CultureError's code decides the HTTP status and the message
  'failure', // an unexpected error is logged in full and answered with a reference id
  'logger', // the shape of a log the core writes to
  'log-file', // the rotating log file in the user-data folder
  'shell-args', // command-line arguments, parsed the same in every shell
  'content-security', // the policy both shells send with the renderer
  'static-content-types', // serving the built renderer
  'markdown/external-links', // which links the shells hand to the system browser
  'stories/story-input', // browser mode caps a request at the largest story
  'path-policy', // the desktop app's dialog grants
  'library/library-location', // where the library and the user-data folder are
  'library/open-with-recovery', // opening a library, recovering from a backup if it is damaged
  'library/library-check', // a library's integrity check in a worker thread, which the shell starts before opening it
  'library/library-snapshot', // the book command line prints from a read-only snapshot
  'owned-temp', // temp folders swept at start and exit
  'search/worker-rebuild', // search rebuilds in a worker thread, which the shell starts
  'book/pdf-reader', // a printed book is read in a worker thread, which the shell starts
  'demo/demo-library', // --demo
  'training/training-clock', // browser mode's clock, which a test may run ahead
  'book/chromium-locator', // browser mode and the command line print with Chromium
  'book/chromium-printer',
  'book/page-numbering', // the desktop printer numbers the loaded book as the core's Chromium printer does
  'book/book-export', // the book command line
  'book/book-cover', // the book command line's --cover
  'book/book-notes', // the book command line words the export's notes in English
  'settings/app-settings', // the desktop menu speaks the language chosen in Settings
  'settings/settings-store', // the desktop app reads the chosen language before any library is open
  'error-text', // the desktop menu's and its dialogs' words, from the core's catalogues
  'html-escape', // the Connect to Team Library dialog's page, written in the main process
  'exchange/slices', // browser mode parses and writes a big call's JSON in the core's 10 ms slices
]

const ROOT = import.meta.dirname

/** Where an import lands: a path from the repository root without extension, or a package name. */
function landing(specifier, file) {
  const bare = specifier.replace(/\?.*$/, '')
  if (bare.startsWith('@core/')) return { path: `electron/core/${bare.slice('@core/'.length)}` }
  if (!bare.startsWith('.')) return { pkg: bare }
  const path = relative(ROOT, resolve(dirname(file), bare))
    .split(sep)
    .join('/')
  return { path: path.replace(/\.(ts|js|mjs|vue)$/, '') }
}

const typeOnly = (node) =>
  node.importKind === 'type' ||
  node.exportKind === 'type' ||
  (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'))

/**
 * `forbidden`: packages or folders (ending in /) that may not be imported at all, not even a type.
 * `coreValues`: when set, the only core modules (path under electron/core) values may come from;
 * types may come from any. `why` ends each message.
 */
const layers = {
  meta: {
    type: 'problem',
    schema: [
      {
        type: 'object',
        properties: { forbidden: { type: 'array' }, coreValues: { type: 'array' }, why: { type: 'string' } },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { forbidden = [], coreValues, why = '' } = context.options[0] ?? {}
    const check = (node, source, isType) => {
      if (typeof source?.value !== 'string') return
      const { path, pkg } = landing(source.value, context.filename)
      // A folder (ending in /) is matched against the path an import lands on, anything else against a package.
      const hit = forbidden.find((f) => (f.endsWith('/') ? `${path}/`.startsWith(f) : pkg === f || pkg?.startsWith(`${f}/`)))
      if (hit) return context.report({ node: source, message: `'${source.value}' is off limits here (${hit}): ${why}` })
      if (isType || !coreValues || !path?.startsWith('electron/core/')) return
      if (!coreValues.includes(path.slice('electron/core/'.length))) {
        context.report({ node: source, message: `Only types may come from '${source.value}': ${why}` })
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source, typeOnly(node)),
      ExportNamedDeclaration: (node) => check(node, node.source, typeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source, typeOnly(node)),
      ImportExpression: (node) => check(node, node.source, false),
    }
  },
}

export default defineConfig(
  { ignores: ['out/', 'dist/', '.native/', 'tests/e2e/__screenshots__/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['electron/**', 'tests/**', 'scripts/**', '*.js', '*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    rules: {
      // As TypeScript's noUnusedLocals: a leading underscore marks a name left out on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },

  { plugins: { culture: { rules: { layers } } } },
  {
    files: ['electron/core/**'],
    rules: {
      'culture/layers': [
        'error',
        {
          forbidden: ['electron', 'src/', ...SHELLS],
          why: 'the core is plain Node, driven by every shell and the tests; it never imports Electron, the renderer or a shell.',
        },
      ],
    },
  },
  {
    files: ['src/**'],
    rules: {
      'culture/layers': [
        'error',
        {
          forbidden: ['electron', ...SHELLS],
          coreValues: RENDERER_SHARED,
          why: 'the renderer talks to the core through the contract (api.ts); it imports values only from the pure modules listed in eslint.config.js.',
        },
      ],
    },
  },
  {
    files: ['electron/main/**', 'electron/web/**', 'electron/cli/**'],
    rules: {
      'culture/layers': [
        'error',
        {
          forbidden: ['src/'],
          coreValues: ['culture-core', 'dispatch', ...SHELL_FACING],
          why: 'a shell reaches the core through culture-core and dispatch (and the shell-facing modules listed in eslint.config.js), so the shells cannot diverge.',
        },
      ],
    },
  },
  {
    files: ['electron/preload/**'],
    rules: {
      'culture/layers': [
        'error',
        {
          forbidden: ['src/'],
          coreValues: [],
          why: 'the preload runs sandboxed and only forwards calls; it needs the contract’s types, nothing else.',
        },
      ],
    },
  },

  // Last: switch off every stylistic rule Prettier decides.
  prettier,
)
