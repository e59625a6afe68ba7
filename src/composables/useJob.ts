import type { JobState } from '@core/jobs/job-state'
import { computed, ref, watch } from 'vue'
import { call } from '../api/culture'
import { useJobsStore } from '../stores/jobs'
import { useNoticesStore } from '../stores/notices'

/** Follows one long job the core runs: its progress, its end, and a way to cancel it. */
export function useJob<R>(failMessage: string, onDone?: (result: R) => void) {
  const jobs = useJobsStore()
  const notices = useNoticesStore()
  const id = ref<string | null>(null)
  const job = computed(() => (id.value ? (jobs.jobs[id.value] as JobState<R> | undefined) : undefined))

  watch(
    () => job.value?.state,
    (state) => {
      if (state === 'done' && job.value?.result) onDone?.(job.value.result)
      else if (state === 'failed' || state === 'cancelled') notices.error(job.value?.error ?? failMessage)
    },
  )

  function track(started: JobState<R>) {
    jobs.update(started)
    id.value = started.id
  }

  return {
    job,
    /** Asks the core for the job and follows it; a refusal is told as a notice. */
    async start(request: () => Promise<JobState<R>>) {
      try {
        track(await request())
      } catch (err) {
        notices.error(err)
      }
    },
    async cancel() {
      if (id.value) jobs.update(await call('jobs.cancel', { id: id.value }))
    },
  }
}
