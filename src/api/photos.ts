import { call } from './culture'

/** Object URLs of the library's photos, by id. A photo's bytes never change (the id is their hash), so one URL serves every view. */
const urls = new Map<string, Promise<string | null>>()

/**
 * A URL the window can show a stored photo from (a blob: URL, which the window's policy allows for
 * images), or null when the library has no such photo. A failure is not remembered: the photo may
 * arrive later (a pack, a restored backup).
 */
export function photoUrl(id: string): Promise<string | null> {
  let url = urls.get(id)
  if (!url) {
    url = call('photos.get', { id }).then(
      (photo) => URL.createObjectURL(new Blob([Uint8Array.from(atob(photo.base64), (c) => c.charCodeAt(0))], { type: photo.mime })),
      () => {
        urls.delete(id)
        return null
      },
    )
    urls.set(id, url)
  }
  return url
}
