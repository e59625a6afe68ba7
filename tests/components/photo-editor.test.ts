import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { phonePhoto } from '../unit/photo-samples'
import { installCoreBridge } from './core-bridge'
import { eventually, mountApp, notices, settle } from './mount-app'

/** A file as the system hands it to a paste or a drop. */
function transfer(...files: File[]): DataTransfer {
  const data = new DataTransfer()
  for (const file of files) data.items.add(file)
  return data
}

function paste(textarea: HTMLTextAreaElement, data: DataTransfer) {
  const event = new Event('paste', { bubbles: true, cancelable: true }) as ClipboardEvent
  Object.defineProperty(event, 'clipboardData', { value: data })
  textarea.dispatchEvent(event)
  return event
}

describe('photos in the editor', () => {
  it('uploads a pasted JPEG, asks for its alt text and types the photo in at the caret', async () => {
    const { core, calls } = installCoreBridge()
    const { wrapper } = await mountApp('/stories/new')
    const textarea = wrapper.find<HTMLTextAreaElement>('textarea[name="body"]')
    await textarea.setValue('We drove out to her.')
    textarea.element.setSelectionRange(20, 20)
    const bytes = await phonePhoto(1200, 800)
    const event = paste(textarea.element, transfer(new File([new Uint8Array(bytes)], 'IMG_0042.jpg', { type: 'image/jpeg' })))
    expect(event.defaultPrevented).toBe(true)

    await eventually(() => expect(wrapper.find('dialog.photo-alt').attributes('open')).toBeDefined())
    const [added] = core.db.prepare('SELECT hash FROM photos').pluck().all() as string[]
    expect(added).toMatch(/^[0-9a-f]{64}$/)
    // Alt text is required: an empty one is refused in the dialog.
    await wrapper.find('dialog.photo-alt form').trigger('submit')
    expect(wrapper.find('#photo-alt-error').text()).toBe('Describe the photo in a few words.')
    expect(textarea.element.value).toBe('We drove out to her.')

    await wrapper.find('input[name="photoAlt"]').setValue('The shoes [new] on the doorstep')
    await wrapper.find('dialog.photo-alt form').trigger('submit')
    await settle()
    expect(textarea.element.value).toBe(`We drove out to her.\n\n![The shoes \\[new\\] on the doorstep](photo:${added})\n\n`)
    expect(calls.filter((c) => c.method === 'photos.add')).toHaveLength(1)
    // The preview shows it at once.
    await eventually(() => expect(wrapper.find('.preview img').attributes('alt')).toBe('The shoes [new] on the doorstep'))
    expect((await sharp(core.photos.get(added).bytes).metadata()).exif).toBeUndefined()
  })

  it('refuses a GIF with a notice and a damaged JPEG with the core’s message, inserting nothing', async () => {
    const { calls } = installCoreBridge()
    const { wrapper } = await mountApp('/stories/new')
    const textarea = wrapper.find<HTMLTextAreaElement>('textarea[name="body"]')
    await textarea.setValue('Text.')
    paste(textarea.element, transfer(new File(['GIF89a'], 'party.gif', { type: 'image/gif' })))
    await settle()
    expect(notices(wrapper)).toEqual([
      { kind: 'error', text: '“party.gif” is not a JPEG, PNG or WebP photo. Only those can go into a story.' },
    ])
    expect(calls.filter((c) => c.method === 'photos.add')).toHaveLength(0)

    const jpeg = await phonePhoto(300, 200)
    paste(textarea.element, transfer(new File([new Uint8Array(jpeg.subarray(0, 400))], 'cut.jpg', { type: 'image/jpeg' })))
    await eventually(() =>
      expect(notices(wrapper)).toContainEqual({ kind: 'error', text: 'The photo could not be read: the file is damaged or cut off.' }),
    )
    expect(wrapper.find('dialog.photo-alt').attributes('open')).toBeUndefined()
    expect(textarea.element.value).toBe('Text.')
  })

  it('leaves a plain text paste to the browser', async () => {
    installCoreBridge()
    const { wrapper } = await mountApp('/stories/new')
    const textarea = wrapper.find<HTMLTextAreaElement>('textarea[name="body"]')
    const data = new DataTransfer()
    data.setData('text/plain', 'words')
    expect(paste(textarea.element, data).defaultPrevented).toBe(false)
  })
})

describe('a photo chosen with the keyboard', () => {
  it('comes from the “Add a photo…” button, a real button, and goes in at the caret like a pasted one', async () => {
    const { core } = installCoreBridge()
    const { wrapper } = await mountApp('/stories/new')
    const textarea = wrapper.find<HTMLTextAreaElement>('textarea[name="body"]')
    await textarea.setValue('Start.')
    const button = wrapper.findAll('button').find((b) => b.text() === 'Add a photo…')!
    expect(button.attributes('type')).toBe('button')
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.3 } } })
      .png()
      .toBuffer()
    const input = wrapper.find<HTMLInputElement>('input[data-testid="add-photo"]')
    Object.defineProperty(input.element, 'files', {
      value: [new File([new Uint8Array(png)], 'logo.png', { type: 'image/png' })],
      configurable: true,
    })
    await input.trigger('change')
    await eventually(() => expect(wrapper.find('dialog.photo-alt').attributes('open')).toBeDefined())
    await wrapper.find('input[name="photoAlt"]').setValue('Our logo')
    await wrapper.find('dialog.photo-alt form').trigger('submit')
    await settle()
    const [id] = core.db.prepare("SELECT hash FROM photos WHERE mime = 'image/png'").pluck().all() as string[]
    expect(textarea.element.value).toBe(`Start.\n\n![Our logo](photo:${id})\n\n`)
  })
})
