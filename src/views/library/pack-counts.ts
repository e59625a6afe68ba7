import { useCount } from '../../composables/useCount'

/** The counts an import tells: Danish and Swedish inflect the word with the number (1 ny, 2 nye), so each is a plural message. */
export type PackCount = 'fresh' | 'updated' | 'conflicts' | 'unchangedSkipped' | 'unchanged' | 'older' | 'kept' | 'newStories'

/** One count of an import's outcome in the window's language: "3 new", "1 older (skipped)". */
export function usePackCount() {
  const tc = useCount()
  return (kind: PackCount, n: number): string => tc(`library.count.${kind}`, n)
}
