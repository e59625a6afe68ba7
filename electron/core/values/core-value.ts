export interface CoreValue {
  id: string
  slug: string
  name: string
  description: string
  /** `#rrggbb` */
  color: string
  /** 0-based display and chapter order */
  position: number
  /** Stories that use this value, trashed ones included (they still reference it). */
  storyCount: number
}
