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
  if (!teamSession.active) return true
  return PAGE_METHODS[page].some((method) => teamSession.methods.includes(method))
}
