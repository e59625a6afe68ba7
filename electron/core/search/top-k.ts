/**
 * The first `k` of `items` in the order `compare` gives, sorted. A common word matches tens of
 * thousands of stories while a page shows a few dozen: a bounded heap costs about one comparison per
 * item instead of a full sort's log2(n).
 */
export function topK<T>(items: T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (items.length <= k) return items.sort(compare)
  // Max-heap by `compare`: the root is the last of the kept items, the first to give way.
  const heap: T[] = []
  const later = (i: number, j: number) => compare(heap[i], heap[j]) > 0
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j], heap[i]])
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item)
      for (let i = heap.length - 1; i > 0 && later(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1)
    } else if (k > 0 && compare(item, heap[0]) < 0) {
      heap[0] = item
      for (let i = 0; ;) {
        const l = 2 * i + 1
        const r = l + 1
        let top = i
        if (l < k && later(l, top)) top = l
        if (r < k && later(r, top)) top = r
        if (top === i) break
        swap(i, top)
        i = top
      }
    }
  }
  return heap.sort(compare)
}
