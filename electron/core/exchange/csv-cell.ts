/** Text a spreadsheet would run as a formula gets a leading apostrophe, so it stays text. */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}
