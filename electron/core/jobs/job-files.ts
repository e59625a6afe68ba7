import { statSync } from 'node:fs'
import { CultureError } from '../errors'
import type { JobRunner } from './job-runner'

/**
 * The file a finished job of this run wrote (a book, a pack, a CSV, a certificate), for a shell to
 * open, show or serve. The page names a job, never a path, so it can reach no other file. Null for
 * an unknown job, one still running or failed, one that wrote no single file (a Markdown folder),
 * and a file removed since.
 */
export function finishedJobFile(jobs: JobRunner, jobId: string): string | null {
  let job
  try {
    job = jobs.get(jobId)
  } catch (err) {
    if (err instanceof CultureError) return null
    throw err
  }
  const path = (job.result as { path?: unknown } | undefined)?.path
  if (job.state !== 'done' || typeof path !== 'string') return null
  return statSync(path, { throwIfNoEntry: false })?.isFile() ? path : null
}
