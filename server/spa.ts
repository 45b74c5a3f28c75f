import type { Context, Hono } from 'hono'
import { serveStatic } from '@hono/node-server/serve-static'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'

/**
 * The Content-Security-Policy the SPA runs under (every page, the games on WebGL
 * and canvas, the studio), checked in the browser tests: any violation fails them.
 * - script-src 'self' + hashes: no eval (Pixi runs without it through `pixi.js/unsafe-eval`, imported
 *   by src/stage/createStage.ts), and no inline script but index.html's own (the 2D canvas warm-up
 *   before the first frame), allowed by its sha256 taken from the built file like the style's.
 * - style-src 'self' + hashes: the build extracts all CSS to files but for index.html's critical
 *   <style> (the page's frame before any download), allowed by its sha256 taken from the built file;
 *   Vue and Vant set inline styles through the CSSOM (element.style), which a CSP does not govern.
 * - img-src: the marketer's prize image may sit on any HTTPS CDN (prize.img is a
 *   URL); uploads are same-origin; QR codes and upload previews are data:/blob:.
 * - media-src: the activity's background music may sit on any host (ActivityConfig.bgm, an http(s) URL).
 * - frame-ancestors 'self': the studio shows /preview/* in a same-origin iframe;
 *   nobody else may frame a page (clickjacking the play button).
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Record<string, string> = {
    'default-src': "'self'",
    'script-src': ["'self'", ...(options.scriptHashes ?? [])].join(' '),
    // Vite's dev server injects each CSS module as a <style> element (hot reload); a hash beside
    // 'unsafe-inline' would disable it, so dev takes none.
    'style-src': options.dev ? "'self' 'unsafe-inline'" : ["'self'", ...(options.styleHashes ?? [])].join(' '),
    'img-src': "'self' data: blob: https:",
    'font-src': "'self' data:",
    // The activity's background music (ActivityConfig.bgm): an http(s) URL on any host, as validated.
    'media-src': "'self' https: http:",
    // The dev server's hot-reload socket.
    'connect-src': options.dev ? "'self' ws: wss:" : "'self'",
    'worker-src': "'self' blob:",
    'frame-ancestors': "'self'",
    'base-uri': "'self'",
    'form-action': "'self'",
    'object-src': "'none'",
  }
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ')
}

export interface CspOptions {
  dev?: boolean
  /** CSP sources (`'sha256-…'`) of the page's inline <style> blocks: inlineStyleHashes(). */
  styleHashes?: readonly string[]
  /** CSP sources of the page's inline <script> blocks: inlineScriptHashes(). */
  scriptHashes?: readonly string[]
}

/** The CSP source of each inline <style> block of a page, hashed as the browser hashes it (its text, UTF-8). */
export function inlineStyleHashes(html: string): string[] {
  return [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => cspHash(m[1]!))
}

/** The same for each inline <script> block (one without a src). */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => cspHash(m[1]!))
}

const cspHash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

/** Text for HTML content (the activity's title is the marketer's input: never markup). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

/**
 * The participant's page for one activity: its title in <title> and in the skeleton's heading (index.html's
 * data-fill="title"), and the chunks its game needs, for src/main.ts to preload (the build's preload marks,
 * vite.config.ts participantPreload: `all` and the activity's template).
 */
export function fillPage(html: string, activity: SpaActivity): string {
  const safe = escapeHtml(activity.title)
  return html
    .replace(/<title>[^<]*<\/title>/, () => `<title>${safe}</title>`)
    .replace(/(data-fill="title"[^>]*>)[^<]*/, (_, open: string) => open + safe)
    .replace(/<!--preload:(\w+) (\/[\w./-]+)-->/g, (mark, kind: string, href: string) =>
      // Named, not linked: src/main.ts preloads them with the app's chunk once the page's frame has painted, so
      // ~180 KB of renderer never shares the phone's first round trips with the HTML's first paint.
      kind === 'all' || kind === String(activity.template) ? `<meta name="preload-module" content="${href}">` : mark,
    )
}

/**
 * Headers on every SPA response (pages, assets, public files, 404s). The referrer
 * goes to our own origin only: the activity code is in the page's path, and image
 * CDNs with hotlink protection (WeChat's among them) serve a picture to a request
 * without a Referer, not to one from a foreign page.
 */
export function securityHeaders(options: CspOptions = {}): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(options),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  }
}

/** Cache-Control per kind of response. */
export const CACHE = {
  /** Hashed build output (/assets/*): never changes under the same name. */
  immutable: 'public, max-age=31536000, immutable',
  /** HTML: revalidated on every load (ETag / Last-Modified make that a 304), so a deploy reaches phones at once. */
  html: 'no-cache',
  /** Unhashed public files (boot-check.js): a short while. */
  publicFile: 'public, max-age=3600',
  /** A missing file: never kept. */
  missing: 'no-store',
} as const

/**
 * Serve the built SPA beside the API: files from `dir`, and index.html for any
 * other GET that is not a file (history-mode routes like /game/lottery/index/code/x).
 * The participant's link gets the page with its activity's title filled in (`activityFor`), so the
 * frame that paints before any script already names the campaign, and its game's chunks named for preloading.
 * Returns false when there is no build to serve.
 */
export function mountSpa(app: Hono, dir: string, options: SpaOptions = {}): boolean {
  const indexPath = join(dir, 'index.html')
  if (!existsSync(indexPath)) return false
  const html = readFileSync(indexPath)
  const tag = createHash('sha256').update(html).digest('base64url').slice(0, 27)
  // The page as the build compressed it (it writes .br / .gz past 1 KB), each with its own validator.
  const candidates: { encoding: Variant['encoding']; body: Buffer | null; etag: string }[] = [
    { encoding: 'br', body: readIfExists(`${indexPath}.br`), etag: `"${tag}-br"` },
    { encoding: 'gzip', body: readIfExists(`${indexPath}.gz`), etag: `"${tag}-gz"` },
    { encoding: null, body: html, etag: `"${tag}"` },
  ]
  const variants = candidates.filter((v): v is Variant => v.body !== null)
  const etags = variants.map((v) => v.etag)
  const lastModified = new Date(Math.floor(statSync(indexPath).mtimeMs / 1000) * 1000)
  const text = html.toString('utf8')
  const headers = securityHeaders({ styleHashes: inlineStyleHashes(text), scriptHashes: inlineScriptHashes(text) })
  const titled = titledPages(text, tag)

  app.use('*', async (c, next) => {
    await next()
    for (const [name, value] of Object.entries(headers)) c.header(name, value)
    if (c.res.headers.has('cache-control')) return
    const ok = c.res.status === 200 || c.res.status === 304
    if (!ok) c.header('cache-control', CACHE.missing)
    else if (c.req.path.startsWith('/assets/')) c.header('cache-control', CACHE.immutable)
    else c.header('cache-control', CACHE.publicFile)
  })

  const page = (c: Context, activity?: SpaActivity): Response => {
    const own = activity === undefined ? { variants, etags } : titled(activity)
    const accepted = new Set((c.req.header('accept-encoding') ?? '').toLowerCase().split(',').map((s) => s.split(';')[0]!.trim()))
    const variant = own.variants.find((v) => v.encoding === null || accepted.has(v.encoding))!
    const validators: Record<string, string> = {
      etag: variant.etag,
      'last-modified': lastModified.toUTCString(),
      'cache-control': CACHE.html,
      vary: 'accept-encoding',
    }
    if (notModified(c, own.etags, lastModified)) return c.body(null, 304, validators)
    if (variant.encoding) validators['content-encoding'] = variant.encoding
    return c.body(new Uint8Array(variant.body), 200, { ...validators, 'content-type': 'text/html; charset=UTF-8' })
  }
  // index.html itself is a page: served with its validators, never as a plain public file.
  app.get('/', (c) => page(c))
  app.get('/index.html', (c) => page(c))
  app.get('/game/lottery/index/code/:code', async (c, next) => {
    const activity = await options.activityFor?.(c.req.param('code'))
    // Unknown codes get the plain page (the app says the activity does not exist).
    return activity ? page(c, activity) : next()
  })
  // The build writes .br / .gz beside each text file (vite.config.ts); the client's Accept-Encoding picks one.
  app.use('*', serveStatic({ root: relative(process.cwd(), dir) || '.', precompressed: true }))
  app.get('*', (c) => {
    const last = c.req.path.split('/').pop() ?? ''
    if (last.includes('.')) return c.text('Not Found', 404)
    return page(c)
  })
  return true
}

export interface SpaActivity {
  title: string
  template: number
}

export interface SpaOptions {
  /** The activity a participant's link names, or null for an unknown code. */
  activityFor?: (code: string) => Promise<SpaActivity | null> | SpaActivity | null
}

/** How many titled pages stay compressed in memory (one per live activity in practice). */
const TITLED_CACHE_SIZE = 256

/** The page per activity title and template, compressed once and kept (least recently used out), each with its own ETags. */
function titledPages(html: string, tag: string): (activity: SpaActivity) => { variants: Variant[]; etags: string[] } {
  const cache = new Map<string, { variants: Variant[]; etags: string[] }>()
  return (activity) => {
    const key = `${activity.template}:${activity.title}`
    const hit = cache.get(key)
    if (hit) {
      cache.delete(key)
      cache.set(key, hit)
      return hit
    }
    const body = Buffer.from(fillPage(html, activity), 'utf8')
    // The ETag names the title too: a renamed activity is a new page for every cache.
    const t = `${tag}-${createHash('sha256').update(key).digest('base64url').slice(0, 12)}`
    const variants: Variant[] = [
      { encoding: 'br', body: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } }), etag: `"${t}-br"` },
      { encoding: 'gzip', body: gzipSync(body, { level: 9 }), etag: `"${t}-gz"` },
      { encoding: null, body, etag: `"${t}"` },
    ]
    const entry = { variants, etags: variants.map((v) => v.etag) }
    cache.set(key, entry)
    if (cache.size > TITLED_CACHE_SIZE) cache.delete(cache.keys().next().value!)
    return entry
  }
}

interface Variant {
  encoding: 'br' | 'gzip' | null
  body: Buffer
  etag: string
}

function readIfExists(path: string): Buffer | null {
  return existsSync(path) ? readFileSync(path) : null
}

/** RFC 9110 §13.1: If-None-Match (any of the page's validators) wins over If-Modified-Since. */
function notModified(c: Context, etags: string[], lastModified: Date): boolean {
  const ifNoneMatch = c.req.header('if-none-match')
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => etags.includes(tag.trim().replace(/^W\//, '')))
  }
  const since = Date.parse(c.req.header('if-modified-since') ?? '')
  return Number.isFinite(since) && lastModified.getTime() <= since
}
