import type { Story } from '../stories/story'
import type { ScenarioFields } from './scenario'

/**
 * "Make a training scenario" from a real story: the situation and the link come pre-filled, and the
 * author writes the choices. The three starter choices are placeholders for the author to rewrite;
 * saving checks them like any other (feedback is required, so nothing half-written can be saved).
 */
export function scenarioFromStory(story: Story): ScenarioFields {
  const situation = [story.customerContext, story.excerpt].filter(Boolean).join(' — ')
  return {
    title: story.title,
    language: story.language,
    valueIds: story.valueIds,
    start: 's1',
    storyId: story.id,
    steps: [
      {
        id: 's1',
        situation,
        customerSays: '',
        choices: ['a', 'b', 'c'].map((id) => ({
          id,
          text: '',
          feedback: '',
          quality: id === 'a' ? 3 : 1,
          serves: [],
          betrays: [],
          next: null,
          outcome: id === 'a' ? 'customer-for-life' : 'satisfied',
        })),
      },
    ],
  } as ScenarioFields
}
