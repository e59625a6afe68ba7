import { describe, expect, it } from 'vitest'
import { CultureError } from '../../electron/core/errors'
import { ApiError, call } from '../../src/api/culture'
import { clientError, errorMessage, i18n } from '../../src/i18n'
import { installCoreBridge } from './core-bridge'
import { storyInput } from '../unit/temp-library'

/** What a refused call throws in the window. */
async function refusal(run: () => Promise<unknown>): Promise<ApiError> {
  const err = await run().then(
    () => null,
    (e: unknown) => e,
  )
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`)
  return err
}

describe('error messages in the window', () => {
  it('come from the catalogue by code, in the same words the core writes in English', async () => {
    const { core } = installCoreBridge()
    expect(i18n.global.locale.value).toBe('en')
    const invalid = await refusal(() =>
      call('stories.create', { fields: { ...storyInput(core), title: '', author: '', happenedOn: '2025-02-30' } }),
    )
    expect(invalid.code).toBe('input.invalid')
    expect(invalid.message).toBe('Title: Give the story a title. (and 2 more problems)')
    expect(invalid.message).toBe(invalid.info.message)
    // Next to each field: its own problem, without the label the field already shows.
    expect(invalid.fieldErrors()).toEqual({
      title: 'Give the story a title.',
      author: 'Say who wrote the story.',
      happenedOn: 'That date does not exist.',
    })

    const wow = core.values.list()[0]
    await call('stories.create', { fields: storyInput(core, { valueIds: [wow.id], primaryValueId: wow.id }) })
    const inUse = await refusal(() => call('values.delete', { id: wow.id }))
    expect(inUse).toMatchObject({ kind: 'in_use', code: 'value.inUse', params: { count: 1 } })
    expect(errorMessage(inUse)).toBe(`"${wow.name}" cannot be deleted: 1 story uses it. Move those stories to other values first.`)
  })

  it('show an unexpected failure’s reference id, and a job’s error by its code', () => {
    const failure = new CultureError('internal.unexpected').withRef('0a1b2c3d').toInfo()
    expect(errorMessage(new ApiError(failure))).toBe('Something went wrong inside Culture Book. Nothing was changed. (Reference 0a1b2c3d)')
    // A job's error arrives as data in a change notice, not as a thrown ApiError.
    expect(errorMessage(new CultureError('book.exportCancelled').toInfo())).toBe('The export was cancelled. No file was written.')
    expect(errorMessage(new CultureError('file.tooManyCopies', { count: 1000, stem: 'book', folder: '/x' }).toInfo())).toBe(
      'There are already 1,000 files named “book” in "/x". Move some of them elsewhere first.',
    )
  })

  it('put the window’s own failures in the same shape', () => {
    expect(clientError('web.unexpectedAnswer', { status: '502' })).toEqual({
      kind: 'internal',
      code: 'web.unexpectedAnswer',
      params: { status: '502' },
      issues: [],
      message: 'Culture Book answered with an unexpected response (HTTP 502).',
    })
  })
})
