import { join } from 'node:path'
import demoStories from '../../../resources/demo/stories.json'
import { openCore, type CultureCore, type ShellServices } from '../culture-core'
import { ownedTempDir } from '../owned-temp'
import type { Rebuild } from '../search/search-service'
import type { StoryStatus } from '../stories/story'
import { contentOf, type PackStory } from '../exchange/pack-format'
import { inputOf, storyFields } from '../stories/story-fields'

/**
 * A fresh library in a temp folder, filled with the demo stories. Fresh each time so that a demo
 * can be played with freely and never touches the real library; the folder goes when the app exits.
 */
export function openDemoCore({
  rebuildSearch,
  ...options
}: ShellServices & {
  nativeBinding?: string
  /** Given the demo library's path, which is only known here. */
  rebuildSearch?: (libraryPath: string) => Rebuild
} = {}): CultureCore {
  const dir = ownedTempDir('demo')
  const path = join(dir, 'demo-library.sqlite')
  const core = openCore(path, { ...options, rebuildSearch: rebuildSearch?.(path), isDemo: true })
  seedDemoStories(core)
  return core
}

export function seedDemoStories(core: CultureCore): void {
  const idBySlug = new Map(core.values.list().map((v) => [v.slug, v.id]))
  const idOf = (slug: string) => {
    const id = idBySlug.get(slug)
    if (!id) throw new Error(`Demo story refers to unknown value slug "${slug}"`)
    return id
  }
  // One transaction and one search-index build for all of them (one build per story took 0.25 s of start-up).
  core.search.batch(
    core.db.transaction(() => {
      for (const demo of demoStories) {
        // Written like a pack's stories (values by slug); it goes through the same validation as anything a person types.
        const fields = storyFields.parse(inputOf(contentOf(demo as unknown as PackStory, idOf)))
        core.stories.create(fields, demo.status as StoryStatus, `${demo.happenedOn}T12:00:00.000Z`)
      }
    }),
  )
}
