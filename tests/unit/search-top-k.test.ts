import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { topK } from '../../electron/core/search/top-k'

describe('topK', () => {
  it('gives the first k of a full sort, ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.nat(30))), fc.nat(40), (items, k) => {
        const compare = (a: [number, number], b: [number, number]) => b[0] - a[0] || a[1] - b[1]
        expect(topK([...items], k, compare)).toEqual([...items].sort(compare).slice(0, k))
      }),
    )
  })
})
