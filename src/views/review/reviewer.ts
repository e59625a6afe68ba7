/** The reviewer's name as they last gave it when archiving: kept with their decisions in each story's history. */
const REVIEWER = 'culture-book-reviewer'

export const reviewerName = (): string => localStorage.getItem(REVIEWER) ?? ''

export function rememberReviewer(name: string): void {
  localStorage.setItem(REVIEWER, name.trim())
}

/** What a decision carries of the reviewer: their name when they gave one. */
export function byReviewer(): { by?: string } {
  const name = reviewerName().trim()
  return name ? { by: name } : {}
}
