/** Schemes a story link may use; everything else (javascript:, data:, file:, …) stays plain text. */
export const SAFE_LINK = /^(https?:|mailto:)/i

/** Whether a URL may be handed to the system browser or mail program. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    return ['http:', 'https:', 'mailto:'].includes(new URL(url).protocol)
  } catch {
    return false
  }
}
