/**
 * One policy for both shells: sent as a header by the desktop app's app:// scheme and by browser
 * mode. No inline or remote script, no remote anything.
 */
export function contentSecurityPolicy(options: { devServer?: boolean } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Vue writes style attributes for bindings such as value colours.
    "style-src 'self' 'unsafe-inline'",
    // A story's photos are shown from blob: URLs of their bytes (src/api/photos.ts).
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // The Vite dev server pushes updates over a websocket; built apps need nothing beyond 'self'.
    options.devServer ? "connect-src 'self' ws: http://localhost:*" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // The book preview shows the exported PDF from browser mode's own origin.
    "frame-src 'self'",
  ].join('; ')
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy()

/**
 * The printed book's (and the certificate's) own policy, carried in its <head> so it holds wherever the HTML is opened: no
 * script of any kind, only the book's own stylesheets (by hash, so an injected <style> or style=""
 * does nothing), fonts from one place, images only from inside the file (the book's photos, as
 * data: URLs) where asked for, and no frames, forms or base URL.
 */
export function bookContentSecurityPolicy(options: { styleHashes: string[]; fontSrc: "'self'" | 'data:'; imgSrc?: 'data:' }): string {
  return [
    "default-src 'none'",
    `style-src ${options.styleHashes.map((h) => `'${h}'`).join(' ')}`,
    `font-src ${options.fontSrc}`,
    ...(options.imgSrc ? [`img-src ${options.imgSrc}`] : []),
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}
