import type { JobState } from '@core/jobs/job-state'
import { defineStore } from 'pinia'
import { ref } from 'vue'

/** Long jobs (book exports) as the core reports them. */
export const useJobsStore = defineStore('jobs', () => {
  const jobs = ref<Record<string, JobState>>({})
  return {
    jobs,
    update(job: JobState) {
      jobs.value = { ...jobs.value, [job.id]: job }
    },
  }
})
