import { STORY_LANGUAGES, type StoryLanguage } from '../stories/story'

/** The languages a library, and each core value's name and description, can be in: those stories are told in. */
export const VALUE_LANGUAGES = STORY_LANGUAGES
export type ValueLanguage = StoryLanguage

export interface ValueText {
  name: string
  description: string
}
