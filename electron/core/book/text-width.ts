/**
 * Advance widths of Source Sans 3 Regular (the chart's font), in thousandths of an em, for U+0020 to
 * U+017F: Latin-1 and Latin Extended-A, which covers English, Danish and Swedish. Read from the
 * @fontsource/source-sans-3 files; -1 marks a code point the font has no glyph for.
 */
const ADVANCES = [
  200, 289, 426, 497, 497, 824, 609, 249, 303, 303, 418, 497, 249, 311, 249, 350, 497, 497, 497, 497, 497, 497, 497, 497, 497, 497, 249,
  249, 497, 497, 497, 425, 847, 543, 588, 571, 615, 527, 494, 617, 652, 263, 479, 579, 486, 727, 647, 664, 566, 664, 569, 534, 536, 645,
  515, 786, 513, 476, 539, 303, 350, 303, 497, 500, 542, 504, 553, 456, 555, 496, 292, 504, 544, 246, 247, 495, 255, 829, 547, 542, 555,
  555, 347, 419, 338, 544, 467, 719, 446, 467, 425, 303, 241, 303, 497, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 200, 289, 497, 497, 497, 497, 241, 497, 542, 744, 345, 429, 497, 311, 423,
  542, 331, 497, 367, 367, 542, 562, 560, 249, 542, 367, 365, 429, 781, 808, 796, 425, 544, 544, 544, 544, 544, 544, 822, 571, 527, 527,
  527, 527, 263, 263, 263, 263, 639, 647, 664, 664, 664, 664, 664, 497, 664, 645, 645, 645, 645, 476, 583, 576, 504, 504, 504, 504, 504,
  504, 778, 456, 496, 496, 496, 496, 246, 246, 246, 246, 544, 547, 542, 542, 542, 542, 542, 497, 542, 544, 544, 544, 544, 467, 555, 467,
  544, 504, 544, 504, 544, 504, 571, 456, 571, 456, 571, 456, 571, 456, 615, 573, 635, 562, 527, 496, 527, 496, 527, 496, 527, 496, 527,
  496, 617, 504, 617, 504, 617, 504, 617, 504, 652, 544, 692, 557, 263, 246, 263, 246, 263, 246, 263, 246, 263, 247, 526, 493, 480, 247,
  579, 495, 495, 486, 255, 486, 255, 486, 265, 486, 362, 500, 298, 647, 547, 647, 547, 647, 547, 769, 635, 547, 664, 542, 664, 542, 664,
  542, 847, 839, 569, 347, 569, 347, 569, 347, 534, 419, 534, 419, 534, 419, 534, 419, 536, 338, 536, 338, 536, 338, 645, 544, 645, 544,
  645, 544, 645, 544, 645, 544, 645, 544, 786, 718, 476, 467, 476, 539, 425, 539, 425, 539, 425, 271,
]
const FIRST = 0x20
/** Anything outside the table (another script, an emoji) is counted a full em wide, so it never overflows. */
const UNKNOWN = 1000

/** How wide `text` prints in the chart's font at `fontSize`, in the same units. */
export function textWidth(text: string, fontSize: number): number {
  let sum = 0
  for (const char of text) {
    const advance = ADVANCES[char.codePointAt(0)! - FIRST] ?? -1
    sum += advance < 0 ? UNKNOWN : advance
  }
  return (sum / 1000) * fontSize
}

/** `text` broken into lines no wider than `width`: at spaces, and inside a word only when the word alone is too wide. */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.trim().split(/\s+/)) {
    const joined = line ? `${line} ${word}` : word
    if (textWidth(joined, fontSize) <= width) {
      line = joined
      continue
    }
    if (line) lines.push(line)
    line = ''
    for (const char of word) {
      if (line && textWidth(line + char, fontSize) > width) {
        lines.push(line)
        line = ''
      }
      line += char
    }
  }
  if (line) lines.push(line)
  return lines.length ? lines : ['']
}
