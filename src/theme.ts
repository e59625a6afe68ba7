import type { ThemeChoice } from '@core/settings/app-settings'
import { readonly, ref } from 'vue'

/**
 * Light or dark. styles.css gives every colour both values (light-dark()) and lets `color-scheme` pick:
 * without a data-theme on <html> it follows the system by itself, so nothing flashes before this runs.
 * Setting data-theme to the shown theme pins it, and tells charts (which draw their own colours) which one shows.
 */
export type ShownTheme = 'light' | 'dark'

/** The choice mirrored in localStorage, so the next start shows it before the core has answered. */
export const THEME_STORAGE_KEY = 'culture-book.theme'
const DARK_QUERY = '(prefers-color-scheme: dark)'

const shown = ref<ShownTheme>('light')
/** The theme the window shows now (a chart redraws when it changes). */
export const shownTheme = readonly(shown)

let choice: ThemeChoice = 'system'
let listening = false

function systemPrefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches
}

function show() {
  shown.value = choice === 'system' ? (systemPrefersDark() ? 'dark' : 'light') : choice
  document.documentElement.dataset.theme = shown.value
}

/** Shows a theme and remembers it for the next start; "system" keeps following the system's setting as it changes. */
export function applyTheme(next: ThemeChoice): void {
  choice = next
  show()
  try {
    localStorage.setItem(THEME_STORAGE_KEY, next)
  } catch {
    // A window without storage still shows the theme; the next start waits for the core's answer.
  }
  if (!listening && typeof matchMedia === 'function') {
    listening = true
    matchMedia(DARK_QUERY).addEventListener('change', () => {
      if (choice === 'system') show()
    })
  }
}

/** The theme remembered from the last run, before the first paint (main.ts); the core's settings follow. */
export function applyRememberedTheme(): void {
  let remembered: string | null = null
  try {
    remembered = localStorage.getItem(THEME_STORAGE_KEY)
  } catch {
    // No storage: follow the system until the settings arrive.
  }
  applyTheme(remembered === 'light' || remembered === 'dark' ? remembered : 'system')
}
