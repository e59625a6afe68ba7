import { describe, expect, it } from 'vitest'
import { snippet } from '../../electron/core/search/snippet'

const marked = (segments: { text: string; mark: boolean }[]) => segments.filter((s) => s.mark).map((s) => s.text)

describe('snippets and highlights of a result', () => {
  it('marks every matched word in the window after the first, in any language’s stem, and none past it', () => {
    const filler = 'and then nothing much happened for a while '.repeat(10)
    const text = `${filler}The Leveransen came late. Two refunds were paid, and the refund arrived. ${filler}refund at the very end.`
    const terms = new Set(['leverans', 'refund'])
    const segments = snippet(text, terms)
    expect(marked(segments)).toEqual(['Leveransen', 'refunds', 'refund'])
    // A window around the first hit, cut at words, with the cuts shown.
    expect(segments[0].text).toBe('…')
    expect(segments.at(-1)!.text).toBe('…')
    const shown = segments.map((s) => s.text).join('')
    expect(shown.length).toBeLessThanOrEqual(222)
    expect(shown).toContain('The Leveransen came late.')
  })

  it('shows the start of a story that has no matched word in its body, unmarked', () => {
    const segments = snippet('A **short** story with\n\nnothing to find.', new Set(['refund']))
    expect(segments).toEqual([{ text: 'A short story with nothing to find.', mark: false }])
  })
})
