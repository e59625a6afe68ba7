/**
 * Reads `count` rows from `offset` in calls of at most `cap` rows each, the most one API call may ask
 * for, so a long list is never refused for its length. Stops early at the end of the list.
 * Returns the rows in order and the last page, which carries the total and whatever else the call answers.
 */
export async function fetchPages<P, T>(
  offset: number,
  count: number,
  cap: number,
  fetch: (offset: number, limit: number) => Promise<P>,
  rows: (page: P) => T[],
): Promise<{ rows: T[]; last: P }> {
  const all: T[] = []
  for (;;) {
    const limit = Math.max(1, Math.min(cap, count - all.length))
    const last = await fetch(offset + all.length, limit)
    all.push(...rows(last))
    // A short page is the end of the list.
    if (all.length >= count || rows(last).length < limit) return { rows: all, last }
  }
}
