import { Hono } from 'hono'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { CACHE, mountSpa } from '../../server/spa'

// A build as vite.config.ts writes it: each text asset with its .br and .gz beside it.
// Inside the project folder: serveStatic takes a root relative to the working directory.
mkdirSync(join(process.cwd(), 'test-results'), { recursive: true })
const dir = mkdtempSync(join(process.cwd(), 'test-results', 'spa-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const js = `console.log(${JSON.stringify('抽奖'.repeat(400))})\n`
mkdirSync(join(dir, 'assets'))
const html = '<!doctype html><div id="app"></div>'
writeFileSync(join(dir, 'index.html'), html)
writeFileSync(join(dir, 'index.html.br'), brotliCompressSync(html))
writeFileSync(join(dir, 'index.html.gz'), gzipSync(html))
writeFileSync(join(dir, 'assets/app-1234.js'), js)
writeFileSync(join(dir, 'assets/app-1234.js.gz'), gzipSync(js))
writeFileSync(join(dir, 'assets/app-1234.js.br'), brotliCompressSync(js))
writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')

const app = new Hono()
mountSpa(app, dir)
const get = (path: string, encoding?: string) => app.request(path, { headers: encoding ? { 'accept-encoding': encoding } : {} })

/** Gets `path` accepting `accept`; checks it came in `encoding` (null: as is) and decodes to `body`. */
async function getEncoded(path: string, accept: string | undefined, encoding: 'br' | 'gzip' | null, body: string): Promise<Response> {
  const res = await get(path, accept)
  expect(res.headers.get('content-encoding')).toBe(encoding)
  const bytes = Buffer.from(await res.arrayBuffer())
  const decode = { br: brotliDecompressSync, gzip: gunzipSync }
  expect((encoding ? decode[encoding](bytes) : bytes).toString()).toBe(body)
  return res
}

/** The directives of a Content-Security-Policy header, by name. */
function csp(res: Response): Map<string, string[]> {
  const header = res.headers.get('content-security-policy') ?? ''
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0] !== '')
      .map(([name, ...values]) => [name!, values]),
  )
}

describe('the SPA beside the API', () => {
  it('serves the precompressed file the client accepts, brotli first, else gzip, else as is', async () => {
    const br = await getEncoded('/assets/app-1234.js', 'gzip, deflate, br', 'br', js)
    expect(br.headers.get('content-type')).toMatch(/javascript/)
    await getEncoded('/assets/app-1234.js', 'gzip', 'gzip', js)
    await getEncoded('/assets/app-1234.js', undefined, null, js)
  })

  it('marks hashed assets immutable and answers history routes with index.html, uncached', async () => {
    expect((await get('/assets/app-1234.js', 'gzip')).headers.get('cache-control')).toContain('immutable')
    const page = await get('/game/lottery/index/code/demo-wheel')
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-cache')
    expect(await page.text()).toContain('<div id="app">')
  })

  it('answers a missing file with 404, not the page', async () => {
    expect((await get('/assets/missing-0000.js', 'gzip')).status).toBe(404)
  })
})

describe('security headers and cache rules on every kind of SPA response', () => {
  const kinds = {
    'the root page': '/',
    'index.html': '/index.html',
    'a history route': '/game/lottery/index/code/demo-wheel',
    'a hashed asset': '/assets/app-1234.js',
    'a public file': '/favicon.svg',
    'a missing file': '/assets/missing-0000.js',
  }

  it.each(Object.entries(kinds))('%s carries the CSP, nosniff and a same-origin referrer policy', async (_kind, path) => {
    const res = await get(path, 'gzip')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('same-origin')
    const policy = csp(res)
    expect(policy.get('default-src')).toEqual(["'self'"])
    // No inline script and no eval: Pixi runs on pixi.js/unsafe-eval's polyfills.
    expect(policy.get('script-src')).toEqual(["'self'"])
    // All CSS is in files; inline styles are set through the CSSOM, which the policy does not govern.
    expect(policy.get('style-src')).toEqual(["'self'"])
    expect(policy.get('img-src')).toEqual(expect.arrayContaining(["'self'", 'data:', 'blob:']))
    expect(policy.get('object-src')).toEqual(["'none'"])
    expect(policy.get('base-uri')).toEqual(["'self'"])
    expect(policy.get('form-action')).toEqual(["'self'"])
    // Only the studio (same origin) may frame a page: its preview pane.
    expect(policy.get('frame-ancestors')).toEqual(["'self'"])
    expect(policy.get('connect-src')).toEqual(["'self'"])
  })

  it('pages are revalidated on every load, with validators that make it a 304', async () => {
    for (const path of ['/', '/index.html', '/game/lottery/index/code/demo-wheel', '/preview/wheel']) {
      const res = await get(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('cache-control'), path).toBe(CACHE.html)
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/)
      expect(res.headers.get('etag'), path).toMatch(/^"[\w-]+"$/)
      expect(res.headers.get('last-modified'), path).toMatch(/GMT$/)
      expect(await res.text(), path).toContain('<div id="app">')
    }
    const first = await get('/')
    const etag = first.headers.get('etag')!
    const again = await app.request('/game/lottery/index/code/demo-wheel', { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect(again.headers.get('etag')).toBe(etag)
    expect(again.headers.get('cache-control')).toBe(CACHE.html)
    expect(again.headers.get('content-security-policy')).toBeTruthy()
    const since = await app.request('/', { headers: { 'if-modified-since': first.headers.get('last-modified')! } })
    expect(since.status).toBe(304)
    // A different page (a new deploy) is sent in full.
    expect((await app.request('/', { headers: { 'if-none-match': '"old-deploy"' } })).status).toBe(200)
    expect((await app.request('/', { headers: { 'if-modified-since': new Date(0).toUTCString() } })).status).toBe(200)
  })

  it('pages are sent precompressed when the client accepts it, each encoding with its own validator', async () => {
    const br = await getEncoded('/game/lottery/index/code/demo-wheel', 'gzip, deflate, br', 'br', html)
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i)
    expect(br.headers.get('content-type')).toMatch(/text\/html/)
    const gz = await getEncoded('/', 'gzip', 'gzip', html)
    const plain = await getEncoded('/', undefined, null, html)
    expect(new Set([br, gz, plain].map((r) => r.headers.get('etag'))).size).toBe(3)
    const again = await app.request('/', { headers: { 'accept-encoding': 'br', 'if-none-match': br.headers.get('etag')! } })
    expect(again.status).toBe(304)
  })

  it('hashed assets are immutable for a year, public files cached briefly, misses never', async () => {
    expect((await get('/assets/app-1234.js', 'br')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const icon = await get('/favicon.svg')
    expect(icon.status).toBe(200)
    expect(icon.headers.get('cache-control')).toBe(CACHE.publicFile)
    expect(CACHE.publicFile).toMatch(/^public, max-age=\d+$/)
    expect(Number(/max-age=(\d+)/.exec(CACHE.publicFile)![1])).toBeLessThanOrEqual(3600)
    const missing = await get('/assets/missing-0000.js')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('cache-control')).toBe('no-store')
  })
})
