import type { ApiMethod } from '@core/api'
import { teamSession } from './team-session'

/**
 * The contract methods each page and action stands on. On a team server the sidebar and the command
 * palette offer a page only when the signed-in person may call one of them (the server's answer in
 * /auth/me, from the permission table); the server refuses the calls anyway. Browser mode and the
 * desktop app have no people: everything shows.
 */
export const PAGE_METHODS = {
  stories: ['stories.list'],
  search: ['search.query'],
  'story-new': ['stories.create'],
  review: ['stories.setStatusMany'],
  training: ['training.mine', 'trainees.list'],
  insights: ['insights.summary'],
  book: ['book.plan'],
  'export-book': ['book.export'],
  values: ['values.list'],
  library: ['exchange.previewPack', 'library.backups'],
  backup: ['library.backupNow'],
  trash: ['stories.restore'],
  settings: ['settings.get'],
  people: ['users.list'],
} as const satisfies Record<string, readonly ApiMethod[]>

export type Page = keyof typeof PAGE_METHODS

export function mayOpen(page: Page): boolean {
  return PAGE_METHODS[page].some(mayCall)
}

/**
 * Whether the signed-in person may call `method` at all (some only on their own things; see
 * mayChangeStory). An action stands on its method: shown only when the server would not just answer
 * 'you may not do this'. Browser mode and the desktop app: always.
 */
export function mayCall(method: ApiMethod): boolean {
  return !teamSession.active || teamSession.methods.includes(method)
}

/** Whether the person reviews: approves, archives, sends back any story (a curator's). */
export const reviews = (): boolean => mayCall('stories.setStatusMany')

/** A story as stories.get answers it: on a team server, `mine` says whether the caller wrote it. */
interface StoryAsRead {
  status: string
  mine?: boolean
}

/**
 * Whether the person may make this change to a story as it stands. A reviewer any; a contributor only
 * their own draft (permissions.ts ownDraft). `submit` is the one status change that needs no review rights.
 */
export function mayChangeStory(
  method: 'stories.update' | 'stories.trash' | 'stories.revert' | 'stories.setStatus',
  story: StoryAsRead,
): boolean {
  return reviews() || (mayCall(method) && story.mine !== false && story.status === 'draft')
}

/** Whether the person may read a story's history: a reviewer any, a contributor their own (permissions.ts). */
export function mayReadHistory(story: StoryAsRead): boolean {
  return reviews() || (mayCall('stories.history') && story.mine !== false)
}

/**
 * Whether a file a job wrote is worth naming by its path: on the person's own machine (the desktop
 * app, browser mode on 127.0.0.1) it is; a team server's path means nothing to them, they download it.
 */
export const showsFilePaths = (): boolean => !teamSession.active
