import { createReadStream, statSync } from 'node:fs'
import { once } from 'node:events'
import { basename } from 'node:path'
import { PassThrough } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { CultureError } from '../core/errors'
import { writeFolderZip } from './folder-zip'
import { refuse } from './web-replies'

/**
 * RFC 6266: a plain ASCII name for old clients, and the real one, UTF-8 and %-encoded, for the rest.
 * A raw "李雷" cannot go into an HTTP header at all.
 */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]+/g, '_')
    .replace(/["\\%]/g, '_')
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

function contentType(name: string): string {
  if (name.endsWith('.pdf')) return 'application/pdf'
  if (name.endsWith('.html')) return 'text/html; charset=utf-8'
  if (name.endsWith('.csv')) return 'text/csv; charset=utf-8'
  return 'application/octet-stream'
}

/**
 * The file a finished job wrote (`path`, from core.jobFile), as a download or shown inline. A Markdown
 * export is a folder: a browser downloads it as one zip of the same name.
 */
export async function sendJobFile(reply: FastifyReply, path: string, inline: boolean): Promise<FastifyReply> {
  const name = basename(path)
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    const zip = new PassThrough()
    // A file that vanishes meanwhile cuts the reply short.
    writeFolderZip(path, name, zip).catch((err: Error) => zip.destroy(err))
    return reply
      .headers({
        'content-type': 'application/zip',
        'content-disposition': contentDisposition('attachment', `${name}.zip`),
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      })
      .send(zip)
  }
  const file = createReadStream(path)
  try {
    await once(file, 'open')
  } catch {
    // Removed in the instant since it was checked.
    return refuse(reply, 404, new CultureError('web.fileUnavailable'))
  }
  return reply
    .headers({
      'content-type': contentType(name),
      'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', name),
      'x-content-type-options': 'nosniff',
      // An exported HTML book must not run anything, even if opened from here.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:",
      'cache-control': 'no-store',
    })
    .send(file)
}
