import { PassThrough } from 'node:stream'
import type { FastifyReply } from 'fastify'
import type { ApiResponse } from '../core/api'
import type { CultureError } from '../core/errors'
import { runInSlices } from '../core/exchange/slices'
import { jsonText } from './sliced-json'

export const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
}

/**
 * A refusal by the server itself, before or instead of a call: its own status (401, 403, 405, 413 …),
 * the body like any failure's. Thrown from hooks and the body parser; the error handler answers it.
 */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly error: CultureError,
  ) {
    super(error.message)
  }
}

export function refuse(reply: FastifyReply, status: number, error: CultureError): FastifyReply {
  const body: ApiResponse<never> = { ok: false, error: error.toInfo() }
  return reply.code(status).headers(JSON_HEADERS).send(JSON.stringify(body))
}

/** An answer is written in pieces of about this many characters. */
const WRITE_PIECE = 1024 * 1024

/**
 * A call's answer, turned into JSON a slice at a time: a pack preview's (~30 MB) took ~70 ms of
 * JSON.stringify and encoding in one go. A small answer still goes out in one piece; a large one
 * starts streaming once its first piece is ready.
 */
export async function sendInSlices(reply: FastifyReply, status: number, body: unknown): Promise<FastifyReply> {
  let parts: string[] = []
  let size = 0
  let stream: PassThrough | null = null
  const flush = () => {
    if (!stream) {
      stream = new PassThrough()
      reply.code(status).headers(JSON_HEADERS).send(stream)
    }
    stream.write(parts.join(''))
    parts = []
    size = 0
  }
  try {
    await runInSlices(
      jsonText(body, (text) => {
        parts.push(text)
        size += text.length
        if (size >= WRITE_PIECE) flush()
      }),
    )
  } catch (err) {
    // Half an answer is cut short, never finished as if it were whole.
    if (stream) (stream as PassThrough).destroy(err as Error)
    throw err
  }
  if (stream) {
    ;(stream as PassThrough).end(parts.join(''))
    return reply
  }
  return reply.code(status).headers(JSON_HEADERS).send(parts.join(''))
}
