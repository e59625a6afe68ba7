import type { Translate } from '../error-text'

/**
 * Something left out of an exported book, as data: the window words it in its language, the command
 * line in English. Each code is a key of the core catalogues' `notes` section.
 */
export interface BookNote {
  code:
    | 'imageLeftOutOfStory'
    | 'imageLeftOutOfForeword'
    | 'imageLeftOutOfClosing'
    | 'photoLowResolutionInStory'
    | 'photoLowResolutionInForeword'
    | 'photoLowResolutionInClosing'
  /** `src`: the image's address ('' when it had none); `title`: the story's; `dpi`: a photo's resolution as printed. */
  params: { src: string; title?: string; dpi?: number }
}

/** A note's sentence through a catalogue lookup (the core's `translator`, or the window's). */
export function noteText(note: BookNote, t: Translate): string {
  return t(`notes.${note.code}`, { ...note.params, src: note.params.src || t('notes.noAddress') })
}
