/** WCAG relative luminance of a #rgb or #rrggbb colour; null for anything else. */
function luminance(hex: string): number | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim())
  if (!m) return null
  const digits = m[1].length === 3 ? [...m[1]].map((d) => d + d) : m[1].match(/../g)!
  const [r, g, b] = digits.map((d) => {
    const c = parseInt(d, 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/**
 * Black or white, whichever contrasts more with a value's colour: one of the two always reaches at
 * least 4.58:1, so a chip filled with any colour a person picks stays readable.
 */
export function inkOn(color: string): '#000000' | '#ffffff' {
  const l = luminance(color)
  if (l === null) return '#ffffff'
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff'
}

/** The style that colours a chip, card or chapter with a value's colour, and the ink text on it takes. */
export function chipStyle(color: string): Record<string, string> {
  return { '--chip': color, '--chip-ink': inkOn(color) }
}
