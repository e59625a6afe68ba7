import type { IncomingMessage } from 'node:http'
import { api } from '../core/api'
import { CultureError } from '../core/errors'
import { runInSlices } from '../core/exchange/slices'
import { MAX_BODY_CHARS } from '../core/stories/story-input'
import { parseJsonBody } from './sliced-json'
import { Refusal } from './web-replies'

/**
 * The largest call but a file upload: a story at its limit with every character JSON-escaped (6 bytes
 * each, 2.4 MB), or a pack export of 100,000 story ids (3.9 MB). Larger bodies are refused with 413.
 */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024
/** A pack or CSV file comes base64 in JSON: the schema's limit for it, plus room for the JSON around it. */
const UPLOAD_BYTES = new Map(
  (['exchange.previewPack', 'exchange.csvPreview', 'exchange.markdownUpload', 'photos.add'] as const).map((m) => [
    m as string,
    (api[m].input.shape.base64.maxLength ?? 0) + 1024,
  ]),
)
/** Past this a body is not read to its end: nothing legitimate comes near it, so the socket is cut. */
const MAX_DRAINED_BYTES = 1024 * 1024 * 1024

const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024))

function tooLarge(method: string, bytes: number): CultureError {
  const upload = UPLOAD_BYTES.get(method)
  // base64 carries 3 bytes of the file in 4 characters.
  return upload
    ? new CultureError('web.uploadTooLarge', { size: megabytes((bytes / 4) * 3), limit: megabytes(((upload - 1024) / 4) * 3) })
    : new CultureError('web.requestTooLarge', { size: megabytes(bytes), limit: megabytes(MAX_REQUEST_BYTES), maxChars: MAX_BODY_CHARS })
}

class BodyTooLarge extends Error {
  constructor(readonly bytes: number) {
    super('The request body is over the limit.')
  }
}

/**
 * Reads a body up to the limit, as the chunks it came in (joined later, a slice at a time). A larger
 * one is read to its end and thrown away, so the client, still sending, gets our 413 instead of a
 * reset connection.
 */
function readBody(req: IncomingMessage, limit: number): Promise<{ chunks: Buffer[]; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
      else chunks.length = 0
      if (size > MAX_DRAINED_BYTES) req.destroy()
    })
    req.on('end', () => (size > limit ? reject(new BodyTooLarge(size)) : resolve({ chunks, size })))
    req.on('error', reject)
  })
}

/**
 * The body of a contract call (a Fastify content-type parser for the POST route, whose hook has
 * already checked the content type): at most the method's own limit, parsed a slice at a time so a
 * big upload never holds the event loop; an upload's base64 is read from the body's bytes, not
 * parsed with the rest (sliced-json.ts). An empty body is the empty input.
 */
export async function parseContractBody(method: string, req: IncomingMessage): Promise<unknown> {
  let body: { chunks: Buffer[]; size: number }
  try {
    body = await readBody(req, UPLOAD_BYTES.get(method) ?? MAX_REQUEST_BYTES)
  } catch (err) {
    throw err instanceof BodyTooLarge ? new Refusal(413, tooLarge(method, err.bytes)) : err
  }
  if (body.size === 0) return {}
  try {
    return await runInSlices(parseJsonBody(body.chunks, body.size))
  } catch {
    throw new Refusal(400, new CultureError('web.badJson'))
  }
}
