import { nativeTheme } from 'electron'
import type { ChangeEvent } from '../core/api'
import type { ThemeChoice } from '../core/settings/app-settings'

/** The paper colour of each theme (src/styles.css --paper): what a new window shows before its page paints. */
const PAPER = { light: '#f7f4ef', dark: '#1a1816' } as const

/**
 * The desktop's own parts follow the theme chosen in Settings: title bar, scroll bars, form controls
 * and the page's prefers-color-scheme. Set now, and again whenever Settings changes.
 */
export function keepNativeTheme(
  changes: { subscribe(listener: (change: ChangeEvent) => void): () => void },
  theme: () => ThemeChoice,
): () => void {
  nativeTheme.themeSource = theme()
  return changes.subscribe((change) => {
    if (change.topic === 'settings') nativeTheme.themeSource = theme()
  })
}

/** The background a window opens with, so a dark theme does not flash light while the page loads. */
export function windowBackground(): string {
  return nativeTheme.shouldUseDarkColors ? PAPER.dark : PAPER.light
}
