import { createEmptyCard, fsrs, Rating, type Card, type Grade } from 'ts-fsrs'
import type { Outcome } from './scenario'

/** Bumped when the stored card's shape changes; newer states are read as "start over", never as a crash. */
export const REVIEW_FORMAT = 1

const scheduler = fsrs({ enable_fuzz: false })

/** How well the trainee handled it: the ending, the quality of the answers, and whether it took a retry. */
export function ratingFor(outcome: Outcome, worstQuality: number, retried: boolean): Grade {
  let rating: Grade =
    outcome === 'lost'
      ? Rating.Again
      : outcome === 'satisfied'
        ? Rating.Hard
        : worstQuality >= 3
          ? Rating.Easy
          : worstQuality >= 2
            ? Rating.Good
            : Rating.Hard
  if (retried && rating > Rating.Again) rating = (rating - 1) as Grade
  return rating
}

export function parseCard(json: string | null, format: number | null, now: Date): Card {
  if (!json || format === null || format > REVIEW_FORMAT) return createEmptyCard(now)
  try {
    const raw = JSON.parse(json)
    const card: Card = { ...raw, due: new Date(raw.due), last_review: raw.last_review ? new Date(raw.last_review) : undefined }
    if (Number.isNaN(card.due.getTime()) || typeof card.stability !== 'number') return createEmptyCard(now)
    return card
  } catch {
    return createEmptyCard(now)
  }
}

/** The next review. A clock that went backwards is treated as standing still at the last review. */
export function review(card: Card, rating: Grade, now: Date): Card {
  const last = card.last_review?.getTime() ?? 0
  const at = now.getTime() < last ? new Date(last) : now
  return scheduler.next(card, at, rating).card
}
