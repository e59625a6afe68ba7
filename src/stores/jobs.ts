import type { JobState } from '@core/jobs/job-state'
import { defineStore } from 'pinia'
import { ref } from 'vue'

/** Long jobs (book exports) as the core reports them. */
export const useJobsStore = defineStore('jobs', () => {
  const jobs = ref<Record<string, JobState>>({})
  return {
    jobs,
    /** A finished job's notice can arrive before the reply that started it: never go back to running. */
    update(job: JobState) {
      const known = jobs.value[job.id]
      if (known && known.state !== 'running' && job.state === 'running') return
      jobs.value = { ...jobs.value, [job.id]: job }
    },
  }
})
