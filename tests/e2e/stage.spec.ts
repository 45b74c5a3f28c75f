import { expect, test, type ConsoleMessage, type Page } from '@playwright/test'
import {
  closeResult,
  expectCanvasDrew,
  expectReady,
  forceOutcome,
  gameCanvas,
  openPreview,
  playToResult,
  resultDialog,
  stageCanvas,
  tapWheelCentre,
  watchPageErrors,
} from './helpers/preview'
import { WHEEL_DEFAULTS } from '../../src/games/wheel/defaults'

/**
 * The stage's life cycle in a real browser: client-side navigation mounts and
 * unmounts it again and again without leaving canvases or WebGL contexts
 * behind, a lost WebGL context comes back with the game still playable, and
 * a game at rest costs (almost) no frames.
 */

const WHEEL = 11
const SCRATCH = 10

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
  const canvases = stageCanvas(page)

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
  const before = await expectCanvasDrew(game)

  const events = await stageCanvas(game).evaluate(async (canvas: HTMLCanvasElement) => {
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
  // The baked art (RenderTextures, blank after the loss) drawn again: the wheel covers as much of its box,
  // in as many colours, as before (the rim's bulbs blink at rest, hence the slack), not a blank or black box.
  const after = await expectCanvasDrew(game)
  expect(after.changed, `painted share before ${before.changed}, after ${after.changed}`).toBeGreaterThan(before.changed * 0.9)
  expect(after.colours, `colours before ${before.colours}, after ${after.colours}`).toBeGreaterThan(before.colours * 0.8)

  await forceOutcome(page, WHEEL, { kind: 'win', prizeId: 2 })
  await playToResult(page, game, 'button')
  await expect(resultDialog(page, '恭喜中奖').locator('[data-test="prize-name"]')).toHaveText('50元代金券')
  await closeResult(page, game)
  await expectCanvasDrew(game)
})

/**
 * What the page's WebGL drew, counted from outside: animation frames, those in which any draw call ran, and the
 * animation frames the page itself asked for (its ticker's).
 */
interface FrameCount {
  ticks: number
  drawn: number
  requests: number
}

/**
 * Installed before the page loads: wraps WebGL's draw and clear calls and counts,
 * per animation frame, whether any ran. Pixi's ticker renders inside the same
 * animation frames, so `drawn / ticks` is the share of frames actually rendered.
 */
function countGlFrames(): void {
  const count = { ticks: 0, drawn: 0, requests: 0 }
  let drew = false
  const request = window.requestAnimationFrame.bind(window)
  // For a test's own loop, which is not the page's.
  ;(window as unknown as { __frame: typeof requestAnimationFrame }).__frame = request
  window.requestAnimationFrame = (callback) => {
    count.requests += 1
    return request(callback)
  }
  for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype] as unknown as Record<string, unknown>[]) {
    for (const name of ['clear', 'drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
      const real = proto[name]
      if (typeof real !== 'function') continue
      proto[name] = function (this: unknown, ...args: unknown[]) {
        drew = true
        return (real as (...a: unknown[]) => unknown).apply(this, args)
      }
    }
  }
  const frame = (): void => {
    count.ticks += 1
    if (drew) count.drawn += 1
    drew = false
    request(frame)
  }
  request(frame)
  ;(window as unknown as { __glFrames: FrameCount }).__glFrames = count
}

/**
 * Frames counted over the next `ms` of the page's own time, and on until `minTicks` animation frames have come (a
 * loaded machine may give a software-rendered page none for seconds), 10 s at most; `ms` is how long it took.
 */
function framesOver(page: Page, ms: number, minTicks = 0): Promise<FrameCount & { ms: number }> {
  return page.evaluate(
    async ({ wait, minTicks }) => {
      const count = (window as unknown as { __glFrames: FrameCount }).__glFrames
      const start = { ...count }
      const began = performance.now()
      await new Promise((resolve) => setTimeout(resolve, wait))
      while (count.ticks - start.ticks < minTicks && performance.now() - began < 10_000) await new Promise((resolve) => setTimeout(resolve, 100))
      return { ticks: count.ticks - start.ticks, drawn: count.drawn - start.drawn, requests: count.requests - start.requests, ms: performance.now() - began }
    },
    { wait: ms, minTicks },
  )
}

/**
 * Until a stretch of `quietMs` passes in which WebGL draws nothing (10 s at most): the stage's first frames after the
 * game was attached, and whatever the page still lays out after it turned ready, are over.
 */
async function untilDrawsStop(page: Page, quietMs = 500): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += quietMs) if ((await framesOver(page, quietMs)).drawn === 0) return
}

test('an idle wheel draws no frames; a spinning one is played by the compositor: its face turns every frame, no canvas is redrawn, no script runs per frame', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'webgl', 'counts WebGL draw calls')
  test.setTimeout(300_000)
  await page.addInitScript(countGlFrames)
  const game = await openPreview(page, 'wheel', WHEEL)
  await expect(game).toHaveAttribute('data-renderer', 'webgl')

  // At rest only the rim's bulbs change, once per bulbIdleMs (an opacity on their layer); the stage sleeps in
  // between: it asks for an animation frame only to flip them, not every frame, and Pixi draws nothing.
  await untilDrawsStop(page)
  const idle = await framesOver(page, 2000, 2)
  const flips = Math.ceil(idle.ms / WHEEL_DEFAULTS.bulbIdleMs)
  expect(idle.ticks, 'the page kept animating').toBeGreaterThanOrEqual(2)
  // (Bounded by the flips, not by the browser's frames: a software-rendered page on a loaded machine
  // gets only a few frames a second, so a share of them says nothing.) Before the layers, every flip drew one.
  expect(idle.drawn).toBe(0)
  expect(idle.requests, 'animation frames the page asked for at rest').toBeLessThanOrEqual(2 * flips + 2)

  // A spin (at least minSpinMs, then a landing of more than two turns) turns the face's layer every frame, as
  // keyframe animations the compositor plays: its style is not written, no canvas is drawn again, and the page
  // asks for almost no animation frames (the sleeping stage's wake-ups, at most one a second).
  const face = page.locator('.wheel-layers > div').first()
  const before = await face.evaluate((el) => getComputedStyle(el).transform)
  await tapWheelCentre(page, game)
  const spin = await page.evaluate(async (wait) => {
    const w = window as unknown as { __glFrames: FrameCount; __frame: typeof requestAnimationFrame }
    const count = w.__glFrames
    const start = { ...count }
    const el = document.querySelector('.wheel-layers > div') as HTMLElement
    const inline = el.style.transform
    let last = getComputedStyle(el).transform
    let turned = 0
    let frames = 0
    let written = 0
    let animated = 0
    const end = performance.now() + wait
    await new Promise<void>((resolve) => {
      // Not counted as the page's: this loop only watches.
      const frame = (): void => {
        frames += 1
        const now = getComputedStyle(el).transform
        if (now !== last) turned += 1
        last = now
        if (el.style.transform !== inline) written += 1
        if (el.getAnimations().length > 0) animated += 1
        if (performance.now() < end) w.__frame(frame)
        else resolve()
      }
      w.__frame(frame)
    })
    return { frames, turned, written, animated, drawn: count.drawn - start.drawn, requests: count.requests - start.requests }
  }, 2000)
  expect(spin.frames).toBeGreaterThanOrEqual(2)
  expect(spin.turned).toBeGreaterThanOrEqual(spin.frames - 2)
  expect(spin.animated).toBe(spin.frames)
  expect(spin.written, 'frames in which the face\'s style was written during the spin').toBe(0)
  expect(spin.drawn, 'frames in which WebGL drew during the spin').toBe(0)
  // Before the compositor played the spin, the stage asked for every frame (about one per frame counted).
  expect(spin.requests, 'animation frames the page asked for during a 2 s spin').toBeLessThanOrEqual(8)
  expect(await face.evaluate((el) => getComputedStyle(el).transform)).not.toBe(before)
  // Handed back once settled: the final state is in the style, the animations are gone.
  await expect(game).toHaveAttribute('data-state', 'settled', { timeout: 30_000 })
  const settled = await face.evaluate((el) => ({ inline: el.style.transform, computed: getComputedStyle(el).transform, animations: el.getAnimations().length }))
  expect(settled.animations).toBe(0)
  expect(settled.inline).toMatch(/^rotate\(/)
  expect(settled.computed).not.toBe(before)
})

test('without Web Animations (iOS before 13.1) the wheel turns from animation frames and still lands', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'webgl', 'one renderer is enough')
  await page.addInitScript(() => {
    delete (Element.prototype as { animate?: unknown }).animate
  })
  const game = await openPreview(page, 'wheel', WHEEL)
  const face = page.locator('.wheel-layers > div').first()
  const before = await face.evaluate((el) => el.style.transform)
  await tapWheelCentre(page, game)
  // The style itself turns, frame after frame.
  const written = await page.evaluate(async () => {
    const el = document.querySelector('.wheel-layers > div') as HTMLElement
    const seen = new Set<string>()
    const end = performance.now() + 800
    while (performance.now() < end) {
      seen.add(el.style.transform)
      await new Promise((resolve) => requestAnimationFrame(resolve))
    }
    return seen.size
  })
  expect(written).toBeGreaterThan(3)
  await expect(game).toHaveAttribute('data-state', 'settled', { timeout: 30_000 })
  expect(await face.evaluate((el) => el.style.transform)).not.toBe(before)
})

test('an untouched scratch card asks for no animation frames; a finger on it wakes it', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'webgl', 'counts WebGL draw calls')
  await page.addInitScript(countGlFrames)
  const game = await openPreview(page, 'scratch', SCRATCH)
  // Nothing on the card moves until a touch: the stage sleeps, waking at most once a second (its longest sleep)
  // to find it still; before, it asked for every frame (about 120 in 2 s).
  await untilDrawsStop(page)
  const idle = await framesOver(page, 2000)
  expect(idle.requests, 'animation frames the page asked for at rest').toBeLessThanOrEqual(2 + Math.ceil(idle.ms / 1000))
  expect(idle.drawn).toBe(0)
  // A press plays and the stroke is drawn: frames again (counted from before the press: on a loaded machine the
  // stroke may be drawn before the moves have all been sent).
  const box = await game.boundingBox()
  if (!box) throw new Error('no game box')
  const glFrames = () => page.evaluate(() => ({ ...(window as unknown as { __glFrames: FrameCount }).__glFrames }))
  const start = await glFrames()
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.6)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.65, { steps: 10 })
  await expect.poll(async () => (await glFrames()).drawn - start.drawn, { timeout: 10_000 }).toBeGreaterThanOrEqual(1)
  await page.mouse.up()
  expect((await glFrames()).ticks - start.ticks).toBeGreaterThanOrEqual(2)
})

test('without WebGL the page tries a WebGL context once (its probe), not again while Pixi sets up its shaders', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'canvas', 'WebGL disabled')
  await page.addInitScript(() => {
    const tried: string[] = ((window as unknown as { __webglTried: string[] }).__webglTried = [])
    const getContext = HTMLCanvasElement.prototype.getContext
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, id: string, ...rest: unknown[]) {
      if (/webgl/i.test(id)) tried.push(id)
      return (getContext as (...a: unknown[]) => unknown).call(this, id, ...rest)
    } as typeof getContext
  })
  const game = await openPreview(page, 'wheel', WHEEL)
  await expect(game).toHaveAttribute('data-renderer', 'canvas')
  await expectCanvasDrew(game)
  // One failed creation is needed to know; Pixi's shader set-up is not to try again.
  expect(await page.evaluate(() => (window as unknown as { __webglTried: string[] }).__webglTried)).toEqual(['webgl'])
})
