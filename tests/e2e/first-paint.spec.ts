import { expect, test, type Request } from '@playwright/test'
import { gzipSync } from 'node:zlib'
import { DEMO_CODES, demoForTemplate } from '../../src/core/demo'
import { watchPageErrors } from './helpers/preview'

/**
 * The participant's first paint and first download (issue 14, item 1): the page's frame paints from the
 * HTML alone, with the activity's title, and the page is playable after few requests. Canvas project.
 */

const LIVE = `/game/lottery/index/code/${DEMO_CODES.wheel}`

/**
 * Budgets that guard against regressions: issue 14's goals, 12 requests and 70 kB (the bench reports them).
 * 73.1 kB and 14 files with issue 13's 连抽 flow, guides and the contract's new answers; 69.8 kB and 11 files
 * once what only some pages or the studio use left the first download (campaign and marketer answer checks,
 * WeChat's side, the draw engine) and the always-paired tiny chunks were merged.
 */
const MAX_REQUESTS_BEFORE_PLAYABLE = 12
const MAX_SHELL_JS_GZIP = 70 * 1000

test('paints the frame and the activity title before any script runs, under the CSP', async ({ page }) => {
  const errors = watchPageErrors(page)
  // No script at all: what a phone shows while the JavaScript is still on its way.
  await page.route(/\.js(\?|$)/, (route) => route.abort())
  await page.goto(LIVE)
  const heading = page.locator('.sk__title')
  await expect(heading).toBeVisible()
  // The seeded demo's title, filled in by the server (index.html says 幸运抽奖).
  const title = demoForTemplate(11).active_title
  await expect(heading).toHaveText(title)
  expect(await page.title()).toBe(title)
  // The critical CSS applied (red page, a square game box), not blocked by the CSP.
  const stage = await page.locator('.sk__stage').boundingBox()
  expect(stage!.height).toBeGreaterThan(200)
  expect(await page.locator('#app').evaluate((el) => getComputedStyle(el).backgroundImage)).toContain('linear-gradient')
  expect(errors.filter((e) => !/ERR_FAILED|Failed to load/.test(e)), 'CSP violations').toEqual([])
  // index.html's comments are for us: the build leaves none in what a phone downloads.
  const html = await (await page.request.get(LIVE)).text()
  expect(html.replace(/<!--preload:[^>]*-->/g, '')).not.toContain('<!--')
})

test('is playable after few requests and little JavaScript before the renderer', async ({ page }) => {
  const errors = watchPageErrors(page)
  const requests: { at: number; request: Request }[] = []
  page.on('request', (r) => requests.push({ at: Date.now(), request: r }))
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('canvas')) return
      ;(window as unknown as { canvasAt: number }).canvasAt = Date.now()
      observer.disconnect()
    }).observe(document, { childList: true, subtree: true })
  })
  await page.goto(LIVE)
  await expect(page.locator('.game-canvas')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
  const canvasAt = await page.evaluate(() => (window as unknown as { canvasAt: number }).canvasAt)
  const before = requests.filter((r) => r.at <= canvasAt).map((r) => r.request)
  const urls = before.map((r) => new URL(r.url()).pathname)
  expect(before.length, urls.join('\n')).toBeLessThanOrEqual(MAX_REQUESTS_BEFORE_PLAYABLE)
  // The shell: every script but the renderer's chunk and the games' (they load in parallel, preloaded).
  let shell = 0
  for (const r of before) {
    const path = new URL(r.url()).pathname
    if (!path.endsWith('.js') || /\/(pixi|WheelGame|ScratchCardGame|RedPacketGame)-/.test(path)) continue
    shell += gzipSync(await (await r.response())!.body(), { level: 9 }).length
  }
  expect(shell, urls.join('\n')).toBeLessThanOrEqual(MAX_SHELL_JS_GZIP)
  expect(errors).toEqual([])
})

test("makes Chromium's shared 2D canvas context before the page's first frame", async ({ page }) => {
  // The first draw on any 2D canvas creates the GPU context they share, a synchronous wait on the GPU process.
  // index.html's inline script makes it before the first frame, while the GPU process is idle; once it draws the
  // page the same wait takes longer (up to 56 ms in Lighthouse runs from public/boot-check.js), and inside the
  // game's first draw, with the page's animations going, up to 200 ms (Lighthouse, WebGL off).
  await page.addInitScript(() => {
    const first: { beforeBody: boolean | null; bootStarted: boolean | null } = ((window as unknown as { __first2d: typeof first }).__first2d = { beforeBody: null, bootStarted: null })
    for (const name of ['fillRect', 'drawImage', 'clearRect', 'fill'] as const) {
      const real = CanvasRenderingContext2D.prototype[name] as (...args: unknown[]) => unknown
      ;(CanvasRenderingContext2D.prototype as unknown as Record<string, unknown>)[name] = function (this: CanvasRenderingContext2D, ...args: unknown[]) {
        if (first.bootStarted === null && !this.getContextAttributes().willReadFrequently) {
          first.bootStarted = document.getElementById('app')?.hasAttribute('data-boot') ?? false
          // Still parsing the head: no content yet, so no frame of the page either.
          first.beforeBody = document.body === null
        }
        return real.apply(this, args)
      }
    }
  })
  await page.goto(LIVE)
  await expect(page.locator('[data-test="play"]')).toBeEnabled()
  expect(await page.evaluate(() => (window as unknown as { __first2d: unknown }).__first2d)).toEqual({ beforeBody: true, bootStarted: false })
})
