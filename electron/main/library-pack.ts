import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { ApiResponse, ChangeEvent } from '../core/api'
import type { JobState } from '../core/jobs/job-state'
import type { Dispatch } from '../core/dispatch'
import { CultureError } from '../core/errors'
import type { PendingPack } from './pack-handover'

type Changes = { subscribe(listener: (change: ChangeEvent) => void): () => void }

/** The answer to a job, once it has ended (it may have ended before anyone listened). */
function jobEnded(dispatch: Dispatch, changes: Changes, id: string): Promise<JobState> {
  return new Promise((resolve, reject) => {
    const stop = changes.subscribe((change) => {
      if (change.job?.id === id && change.job.state !== 'running') {
        stop()
        resolve(change.job)
      }
    })
    void dispatch('jobs.get', { id }).then((res) => {
      if (!res.ok) {
        stop()
        reject(CultureError.fromInfo(res.error))
      } else if ((res.value as JobState).state !== 'running') {
        stop()
        resolve(res.value as JobState)
      }
    })
  })
}

/**
 * The whole local library as one zipped pack, through the core's own pack export (the same job the
 * Library page's Export all starts), read back for the team library's import.
 */
export async function exportLibraryPack(
  dispatch: Dispatch,
  changes: Changes,
  jobFile: (jobId: string) => string | null,
): Promise<PendingPack> {
  const started = (await dispatch('exchange.exportPack', { zipped: true })) as ApiResponse<JobState>
  if (!started.ok) throw CultureError.fromInfo(started.error)
  const ended = await jobEnded(dispatch, changes, started.value.id)
  if (ended.state !== 'done') throw ended.error ? CultureError.fromInfo(ended.error) : new CultureError('job.cancelled')
  const path = jobFile(ended.id)
  if (!path) throw new CultureError('web.fileUnavailable')
  // Too large a pack is refused by the team library's own import, in its words, as a picked file would be.
  return { fileName: basename(path), base64: (await readFile(path)).toString('base64') }
}
