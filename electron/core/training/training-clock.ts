/**
 * The clock training schedules reviews by. For tests only, CULTURE_TRAINING_CLOCK_OFFSET_MS runs it
 * that far ahead of the wall clock, so a scenario due again in a minute can be checked without
 * waiting a minute. The desktop app never reads it.
 */
export function trainingClock(env: NodeJS.ProcessEnv = process.env): () => Date {
  const text = env.CULTURE_TRAINING_CLOCK_OFFSET_MS
  if (!text) return () => new Date()
  const offset = Number(text)
  if (!Number.isSafeInteger(offset)) {
    throw new Error(`CULTURE_TRAINING_CLOCK_OFFSET_MS must be a whole number of milliseconds, not "${text}".`)
  }
  return () => new Date(Date.now() + offset)
}
