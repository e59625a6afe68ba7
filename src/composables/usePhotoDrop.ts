import { photoLink } from '@core/photos/photo-references'
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { call } from '../api/culture'
import { fileToBase64 } from '../api/file-bytes'
import { insertAtCursor } from '../components/editor/markdown-commands'
import { useNoticesStore } from '../stores/notices'

/** What a story can hold; the core checks the bytes again and refuses anything else with its own message. */
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp']
/** A file button's `accept`: the photo types above. */
export const PHOTO_ACCEPT = PHOTO_TYPES.join(',')
const PHOTO_NAME = /\.(jpe?g|png|webp)$/i

const isPhoto = (file: File) => PHOTO_TYPES.includes(file.type) || (!file.type && PHOTO_NAME.test(file.name))

/** Alt text inside `![…]`: one line, with brackets and backslashes escaped so it cannot end the image early. */
function markdownAlt(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\[\]]/g, '\\$&')
}

/** The photo as a paragraph of its own at the caret: a blank line before it unless the caret starts a line. */
function photoMarkdown(textarea: HTMLTextAreaElement, alt: string, id: string): string {
  const before = textarea.value.slice(0, textarea.selectionStart)
  const gap = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n'
  return `${gap}![${markdownAlt(alt)}](${photoLink(id)})\n\n`
}

/**
 * Photos pasted, dropped or chosen (with a file button, for the keyboard) into a Markdown textarea: each is uploaded (the core shrinks it and strips
 * its metadata), its alt text asked for, and `![alt](photo:<id>)` typed in at the caret, so the
 * browser's undo takes it back. Anything but a JPEG, PNG or WebP gets a notice and is left out; a
 * photo whose alt text is cancelled is not inserted. Plain text pastes as usual.
 */
export function usePhotoDrop() {
  const notices = useNoticesStore()
  const { t } = useI18n()
  /** A photo is on its way to the library. */
  const addingPhoto = ref(false)
  /** The alt-text dialog is open. */
  const askingAlt = ref(false)
  let answer: ((alt: string | null) => void) | null = null

  function askAlt(): Promise<string | null> {
    askingAlt.value = true
    return new Promise((resolve) => {
      answer = (alt) => {
        askingAlt.value = false
        answer = null
        resolve(alt)
      }
    })
  }

  async function take(textarea: HTMLTextAreaElement, files: File[]) {
    for (const file of files) {
      if (!isPhoto(file)) {
        notices.error(t('photos.notAPhoto', { name: file.name || file.type }))
        continue
      }
      let id: string
      addingPhoto.value = true
      try {
        id = (await call('photos.add', { base64: await fileToBase64(file) })).id
      } catch (err) {
        notices.error(err)
        continue
      } finally {
        addingPhoto.value = false
      }
      const alt = await askAlt()
      if (alt !== null) insertAtCursor(textarea, photoMarkdown(textarea, alt, id))
    }
  }

  /** Takes over a paste or a drop only when it carries files. */
  function receive(event: ClipboardEvent | DragEvent, data: DataTransfer | null) {
    const files = [...(data?.files ?? [])]
    if (!files.length || !(event.currentTarget instanceof HTMLTextAreaElement)) return
    event.preventDefault()
    void take(event.currentTarget, files)
  }

  return {
    addingPhoto,
    askingAlt,
    onPhotoPaste: (event: ClipboardEvent) => receive(event, event.clipboardData),
    onPhotoDrop: (event: DragEvent) => receive(event, event.dataTransfer),
    /** A photo chosen with a file button, put where the textarea's caret is. */
    addPhotoFile: async (textarea: HTMLTextAreaElement | null, file: File) => {
      if (textarea) await take(textarea, [file])
    },
    /** Lets files be dropped (a textarea takes only text by default). */
    onPhotoDragOver: (event: DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault()
    },
    altGiven: (alt: string) => answer?.(alt),
    altCancelled: () => answer?.(null),
  }
}
