/** A photo's id: the sha256 of its stored bytes, in lowercase hex. */
export const PHOTO_ID = /^[0-9a-f]{64}$/

/** How a story points at a photo in its library: `![alt text](photo:<sha256>)`. */
export const PHOTO_SCHEME = 'photo:'

/** The address of a photo inside Markdown, an image's or a link's: `(photo:<id>` up to its end. */
const PHOTO_LINK = /\]\(\s*photo:([0-9a-f]{64})(?=[\s)])/g

export const photoLink = (id: string) => `${PHOTO_SCHEME}${id}`

/** A photo as Markdown writes it, its alt text (escapes and all) captured: `![alt](photo:<id> "title")`. */
export const PHOTO_IMAGE = /!\[((?:\\.|[^\]\\])*)\]\(\s*photo:[0-9a-f]{64}(?:\s+"[^"]*")?\s*\)/g

/** The id a `photo:` address names, or null for any other address. */
export function photoIdOf(src: string): string | null {
  const m = /^photo:([0-9a-f]{64})$/.exec(src.trim())
  return m ? m[1] : null
}

/** Every photo a story's Markdown shows, each once, in order of first appearance. */
export function photoIdsIn(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(PHOTO_LINK)].map((m) => m[1]))]
}

/** The Markdown with each `photo:<id>` address replaced by `to(id)` (a file's relative path, and back). */
export function rewritePhotoLinks(markdown: string, to: (id: string) => string): string {
  return markdown.replace(PHOTO_LINK, (_all, id: string) => `](${to(id)}`)
}
