import { expect, test, type ConsoleMessage } from '@playwright/test'
import {
  closeResult,
  expectCanvasDrew,
  expectReady,
  forceOutcome,
  gameCanvas,
  openPreview,
  playToResult,
  resultDialog,
  watchPageErrors,
} from './helpers/preview'

/**
 * The stage's life cycle in a real browser: client-side navigation mounts and
 * unmounts it again and again without leaving canvases or WebGL contexts
 * behind, and a lost WebGL context comes back with the game still playable.
 */

const WHEEL = 11

// Listening from the start of every test, whichever way it opens its page.
test.beforeEach(({ page }) => void watchPageErrors(page))
test.afterEach(({ page }) => {
  expect(watchPageErrors(page), 'uncaught errors in the page').toEqual([])
})

test('20 client-side navigations between home and the wheel preview leave no stray canvas', async ({ page }) => {
  test.setTimeout(600_000)
  // Chromium warns when pages hold too many live WebGL contexts: a leak of one per mount would show here.
  const contextWarnings: string[] = []
  page.on('console', (m: ConsoleMessage) => {
    if (/too many active webgl contexts/i.test(m.text())) contextWarnings.push(m.text())
  })

  watchPageErrors(page)
  await page.goto('/')
  // Survives only as long as no navigation reloads the document.
  await page.evaluate(() => ((window as unknown as { __spa: number }).__spa = 1))
  const wheelLink = page.getByRole('link', { name: /幸运大转盘/ })
  const game = gameCanvas(page, WHEEL)
  const canvases = page.locator('canvas')

  for (let round = 0; round < 10; round++) {
    await wheelLink.click()
    await expect(page).toHaveURL(/\/preview\/wheel$/)
    await expect(game).toBeVisible()
    // Every other round leaves at once, while pixi.js / the stage may still be starting (unmount before init).
    if (round % 2 === 0) {
      await expectReady(game)
      await expect(canvases).toHaveCount(1)
    }
    expect(await canvases.count()).toBeLessThanOrEqual(1)

    await page.goBack()
    await expect(page).toHaveURL(/\/$/)
    await expect(wheelLink).toBeVisible()
    await expect(canvases).toHaveCount(0)
  }

  // Once more, to the end: every earlier start has settled by the time this one is ready.
  await wheelLink.click()
  await expectReady(game)
  await expect(canvases).toHaveCount(1)
  await expectCanvasDrew(game)
  await page.goBack()
  await expect(wheelLink).toBeVisible()
  await expect(canvases).toHaveCount(0)

  expect(await page.evaluate(() => (window as unknown as { __spa?: number }).__spa), 'no full page load happened').toBe(1)
  expect(contextWarnings).toEqual([])
})

test('a lost WebGL context comes back and the wheel still plays to its result', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'webgl', 'WebGL only')
  test.setTimeout(420_000)
  const game = await openPreview(page, 'wheel', WHEEL)
  await expect(game).toHaveAttribute('data-renderer', 'webgl')

  const events = await game.locator('canvas').evaluate(async (canvas: HTMLCanvasElement) => {
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null
    const ext = gl?.getExtension('WEBGL_lose_context')
    if (!gl || !ext) return ['no WEBGL_lose_context']
    const seen: string[] = []
    const once = (type: string) =>
      new Promise<void>((resolve) => canvas.addEventListener(type, () => (seen.push(type), resolve()), { once: true }))
    const lost = once('webglcontextlost')
    ext.loseContext()
    await lost
    seen.push(`isContextLost=${gl.isContextLost()}`)
    const restored = once('webglcontextrestored')
    setTimeout(() => ext.restoreContext(), 500)
    await restored
    seen.push(`isContextLost=${gl.isContextLost()}`)
    return seen
  })
  expect(events).toEqual(['webglcontextlost', 'isContextLost=true', 'webglcontextrestored', 'isContextLost=false'])

  await expectReady(game)
  await expect(game).toHaveAttribute('data-renderer', 'webgl')
  // Textures re-uploaded: the wheel is drawn again, not a blank or black box.
  await expectCanvasDrew(game)

  await forceOutcome(page, WHEEL, { kind: 'win', prizeId: 2 })
  await playToResult(page, game, 'button')
  await expect(resultDialog(page, '恭喜中奖').locator('[data-test="prize-name"]')).toHaveText('50元代金券')
  await closeResult(page, game)
  await expectCanvasDrew(game)
})
