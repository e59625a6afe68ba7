import { ref, watch } from 'vue'

/**
 * Bumped by the shell (App.vue's one change listener) when the library's training changed: a new
 * trainee (someone given the role), a finished session, a scenario. On a team server only trainers
 * hear these (change-streams.ts).
 */
export const trainingChanges = ref(0)

/** Reads the view's data again on every change to training while it is open (the watch ends with the view). */
export function reloadOnTrainingChange(load: () => Promise<unknown>, failed: (err: unknown) => void): void {
  watch(trainingChanges, () => load().catch(failed))
}
