import DOMPurify from 'dompurify'
import { createStoryMarkdown, purifyStoryHtml } from '@core/markdown/story-markdown'

export const storyMarkdown = createStoryMarkdown(purifyStoryHtml(DOMPurify))
