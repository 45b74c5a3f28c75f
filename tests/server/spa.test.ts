import { Hono } from 'hono'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { mountSpa } from '../../server/spa'

// A build as vite.config.ts writes it: each text asset with its .br and .gz beside it.
// Inside the project folder: serveStatic takes a root relative to the working directory.
mkdirSync(join(process.cwd(), 'test-results'), { recursive: true })
const dir = mkdtempSync(join(process.cwd(), 'test-results', 'spa-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const js = `console.log(${JSON.stringify('抽奖'.repeat(400))})\n`
mkdirSync(join(dir, 'assets'))
writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="app"></div>')
writeFileSync(join(dir, 'assets/app-1234.js'), js)
writeFileSync(join(dir, 'assets/app-1234.js.gz'), gzipSync(js))
writeFileSync(join(dir, 'assets/app-1234.js.br'), brotliCompressSync(js))

const app = new Hono()
mountSpa(app, dir)
const get = (path: string, encoding?: string) => app.request(path, { headers: encoding ? { 'accept-encoding': encoding } : {} })

describe('the SPA beside the API', () => {
  it('serves the precompressed file the client accepts, brotli first, else gzip, else as is', async () => {
    const br = await get('/assets/app-1234.js', 'gzip, deflate, br')
    expect(br.headers.get('content-encoding')).toBe('br')
    expect(br.headers.get('content-type')).toMatch(/javascript/)
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(js)

    const gz = await get('/assets/app-1234.js', 'gzip')
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(js)

    const plain = await get('/assets/app-1234.js')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toBe(js)
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
