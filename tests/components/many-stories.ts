import { randomUUID } from 'node:crypto'
import type { CultureCore } from '../../electron/core/culture-core'
import { storyFields } from '../../electron/core/stories/story-input'
import { storyInput } from '../unit/temp-library'

/** `count` stories "<title> <n>" written in one transaction and announced once, as an import writes them: fast at any count. */
export function manyStories(core: CultureCore, count: number, title = 'Story'): void {
  const fields = storyFields.parse(storyInput(core))
  const ids: string[] = []
  const now = new Date().toISOString()
  core.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = randomUUID()
      core.stories.putFromElsewhere(
        id,
        { ...fields, title: `${title} ${i}` },
        { status: 'draft', createdAt: now, updatedAt: now, revisionId: randomUUID() },
      )
      ids.push(id)
    }
  })()
  core.stories.announce(ids)
}
