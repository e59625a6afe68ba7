import type { Accounts } from '../core/accounts/accounts'
import { everybodys, storiesFacts } from '../core/accounts/ownership'
import type { Caller } from '../core/accounts/roles'
import { inStoryScope, storyScope } from '../core/accounts/story-scope'
import type { ChangeEvent } from '../core/api'
import type { CultureCore } from '../core/culture-core'
import { authorize } from '../core/permissions'
import { serverPathsHidden } from '../core/accounts/server-paths'
import type { ChangeStreams, StreamListener } from '../web/contract-app'
import type { SessionGuard } from './session-guard'

/** A signed-in session's stream. Each check re-reads the account, so new roles change what it hears. */
class SessionListener implements StreamListener {
  constructor(
    private accounts: Accounts,
    private token: string,
    public caller: Caller,
  ) {}

  recheck(): boolean {
    // Only a check: an open tab is not the person using the library, so it does not keep the session alive.
    const found = this.accounts.sessions.validate(this.token, { use: false })
    if (found) this.caller = found.user
    return !!found
  }
}

/**
 * The team server's change stream: a change naming stories is narrowed to the ids each person may
 * see (storyScope: another contributor's draft is never named), a job's progress goes only to
 * those who may follow that job (its files by name only), and training only to trainers. The stories are looked up once per change, not per listener.
 *
 * A story that stops being everybody's (archived, sent back, trashed) is still named to those who
 * saw it until then, so their lists let it go without a reload: the server remembers which stories
 * are approved now, starting from the library as it opens.
 */
export function sessionStreams(guard: SessionGuard, accounts: Accounts, core: CultureCore): ChangeStreams {
  const readApproved = () =>
    new Set(core.db.prepare("SELECT id FROM stories WHERE status = 'approved' AND deleted_at IS NULL").pluck().all() as string[])
  let approvedNow = readApproved()
  return {
    open: (request) => {
      const { token, user } = guard.required(request)
      return new SessionListener(accounts, token, user)
    },
    narrow: (change) => {
      if (change.topic === 'jobs') {
        const id = change.job!.id
        // Its files by name, as jobs.get answers them (dispatch.ts).
        const heard = serverPathsHidden(change, core)
        return (listener) => (authorize('jobs.get', { id }, listener.caller, core) === 'allowed' ? heard : null)
      }
      // Trainees, sessions and scenarios changed: for those who follow the team's training. A trainee's
      // own page answers their own calls, and nobody hears that another trainee trained.
      if (change.topic === 'training') {
        return (listener) => (authorize('training.team', {}, listener.caller, core) === 'allowed' ? change : null)
      }
      const ids = change.ids
      // A change to every story at once (a restore): read afresh what is approved now.
      if (change.topic === 'stories' && !ids) approvedNow = readApproved()
      if (change.topic !== 'stories' || !ids) return () => change
      const facts = storiesFacts(core.db, ids)
      const wasApproved = new Set(ids.filter((id) => approvedNow.has(id)))
      for (const id of ids) {
        if (everybodys(facts.get(id))) approvedNow.add(id)
        else approvedNow.delete(id)
      }
      // Everyone who sees only approved stories hears the same; a contributor's own stories make theirs personal.
      const heard = new Map<string, ChangeEvent | null>()
      return (listener) => {
        const scope = storyScope(listener.caller)
        if (!scope) return change
        const key = scope.own ? scope.userId : ''
        if (!heard.has(key)) {
          const seen = ids.filter((id) => {
            const story = facts.get(id)
            return (scope.approved && wasApproved.has(id)) || (!!story && inStoryScope(scope, story))
          })
          heard.set(key, seen.length === ids.length ? change : seen.length ? { ...change, ids: seen } : null)
        }
        return heard.get(key)!
      }
    },
  }
}
