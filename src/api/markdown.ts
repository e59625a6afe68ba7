import DOMPurify from 'dompurify'
import { createStoryMarkdown } from '@core/markdown/story-markdown'

export const storyMarkdown = createStoryMarkdown(DOMPurify)
