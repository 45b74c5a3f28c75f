import { Hono } from 'hono'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { CACHE, contentSecurityPolicy, inlineScriptHashes, inlineStyleHashes, mountSpa } from '../../server/spa'

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

describe('the first paint: critical CSS allowed by its hash, the activity title in the HTML', () => {
  // A build whose index.html has the critical <style> block and the skeleton's title, like index.html.
  const paintDir = mkdtempSync(join(process.cwd(), 'test-results', 'spa-paint-'))
  afterAll(() => rmSync(paintDir, { recursive: true, force: true }))
  const style = '\n      body{background:#7d0a0e}\n      .sk__title{color:#fff3c4}\n    '
  const marks = '<!--preload:10 /assets/ScratchCardGame-1.js--><!--preload:11 /assets/WheelGame-1.js--><!--preload:all /assets/pixi-1.js-->'
  const warm = "(function(){var c=document.createElement('canvas')})()"
  const page = `<!doctype html><html><head><title>抽奖</title><style>${style}</style><script>${warm}</script><script defer src="/boot-check.js"></script>${marks}</head><body><div id="app"><h1 class="sk__title" data-fill="title">幸运抽奖</h1></div><script type="module" crossorigin src="/assets/index-1.js"></script></body></html>`
  writeFileSync(join(paintDir, 'index.html'), page)
  writeFileSync(join(paintDir, 'index.html.br'), brotliCompressSync(page))
  const titles: Record<string, string> = {
    wheel: '幸运大转盘',
    evil: '</title><script>alert(1)</script>&"\'',
    renamed: '幸运大转盘 · 第二季',
  }
  const paint = new Hono()
  mountSpa(paint, paintDir, { activityFor: (code) => (titles[code] ? { title: titles[code], template: 11 } : null) })
  const open = (code: string, headers: Record<string, string> = {}) => paint.request(`/game/lottery/index/code/${code}`, { headers })

  it("allows the inline block by the sha256 of the built file's text, and nothing else inline", async () => {
    const expected = `'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`
    for (const path of ['/', '/game/lottery/index/code/wheel', '/missing.js']) {
      expect(csp(await paint.request(path)).get('style-src'), path).toEqual(["'self'", expected])
    }
    expect(inlineStyleHashes(page)).toEqual([expected])
    expect(contentSecurityPolicy({ styleHashes: [expected] })).not.toContain('unsafe-inline')
  })

  it("allows the inline script (the canvas warm-up) by its sha256, and no other inline script", async () => {
    const expected = `'sha256-${createHash('sha256').update(warm, 'utf8').digest('base64')}'`
    // Scripts with a src are governed by 'self', not hashed.
    expect(inlineScriptHashes(page)).toEqual([expected])
    for (const path of ['/', '/game/lottery/index/code/wheel', '/game/lottery/index/code/evil']) {
      const scripts = csp(await paint.request(path)).get('script-src')
      expect(scripts, path).toEqual(["'self'", expected])
    }
    // The title is filled in escaped (below); an injected script would not match the hash anyway.
  })

  it("fills the activity's title into <title> and the skeleton, HTML-escaped", async () => {
    const text = await (await open('wheel')).text()
    expect(text).toContain('<title>幸运大转盘</title>')
    expect(text).toContain('data-fill="title">幸运大转盘</h1>')
    const evil = await (await open('evil')).text()
    expect(evil.match(/<script>/g), "only the page's own inline script").toHaveLength(1)
    expect(evil).toContain('<title>&#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62;&#38;&#34;&#39;</title>')
    expect(evil.match(/&#60;script&#62;/g)).toHaveLength(2)
    // The critical CSS is untouched, so its hash still holds.
    expect(evil).toContain(`<style>${style}</style>`)
  })

  it("preloads the renderer and the activity's game, not the other games", async () => {
    const text = await (await open('wheel')).text()
    expect(text).toContain('<meta name="preload-module" content="/assets/pixi-1.js">')
    expect(text).toContain('<meta name="preload-module" content="/assets/WheelGame-1.js">')
    expect(text).not.toContain('"/assets/ScratchCardGame-1.js"')
  })

  it('serves unknown codes the plain page', async () => {
    const res = await open('nope')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe(page)
  })

  it('compresses the titled page and gives each title its own ETag', async () => {
    const br = await open('wheel', { 'accept-encoding': 'br' })
    expect(br.headers.get('content-encoding')).toBe('br')
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toContain('<title>幸运大转盘</title>')
    const gz = await open('wheel', { 'accept-encoding': 'gzip' })
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toContain('<title>幸运大转盘</title>')
    const etags = await Promise.all(['wheel', 'renamed', 'nope'].map(async (code) => (await open(code)).headers.get('etag')))
    expect(new Set(etags).size).toBe(3)
    expect((await open('wheel', { 'if-none-match': etags[0]! })).status).toBe(304)
    // A renamed activity is sent in full to a phone holding the old title's page.
    expect((await open('renamed', { 'if-none-match': etags[0]! })).status).toBe(200)
    expect((await open('nope', { 'if-none-match': etags[0]! })).status).toBe(200)
  })
})
