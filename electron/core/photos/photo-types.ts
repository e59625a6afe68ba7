/** A stored photo's format: a JPEG, or a PNG where transparency must be kept. */
export type PhotoMime = 'image/jpeg' | 'image/png'

/** What the library knows of a stored photo besides its bytes. */
export interface PhotoInfo {
  /** sha256 of the stored bytes, in hex: the same in every library. */
  id: string
  mime: PhotoMime
  width: number
  height: number
}

/** The largest file taken in: a phone's full-size photo is 3–12 MB. The contract sizes its upload from it. */
export const PHOTO_MAX_BYTES = 25 * 1024 * 1024
