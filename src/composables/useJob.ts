import type { JobState } from '@core/jobs/job-state'
import { computed, ref, watch } from 'vue'
import { call } from '../api/culture'
import { useJobsStore } from '../stores/jobs'
import { useNoticesStore } from '../stores/notices'

/** Follows one long job the core runs: its progress, its end, and a way to cancel it. */
export function useJob<R>(onDone: (result: R) => void, failMessage: string) {
  const jobs = useJobsStore()
  const notices = useNoticesStore()
  const id = ref<string | null>(null)
  const job = computed(() => (id.value ? (jobs.jobs[id.value] as JobState<R> | undefined) : undefined))

  watch(
    () => job.value?.state,
    (state) => {
      if (state === 'done' && job.value?.result) onDone(job.value.result)
      else if (state === 'failed' || state === 'cancelled') notices.error(job.value?.error ?? failMessage)
    },
  )

  return {
    job,
    track(started: JobState<R>) {
      jobs.update(started)
      id.value = started.id
    },
    async cancel() {
      if (id.value) jobs.update(await call('jobs.cancel', { id: id.value }))
    },
  }
}
