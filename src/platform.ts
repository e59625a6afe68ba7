/**
 * Whether shortcuts are written and read with ⌘ instead of Ctrl: a Mac, an iPhone or an iPad (whose
 * keyboards have ⌘). One answer for the whole window, so a tooltip never names keys the editor ignores.
 */
export const isMac = (): boolean => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
