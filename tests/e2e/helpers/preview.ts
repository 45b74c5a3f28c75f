import { expect, type Locator, type Page, type TestInfo } from '@playwright/test'
import { inflateSync } from 'node:zlib'
import { TEMPLATE_NAMES, type Template } from '../../../src/core/activity'
import { demoForTemplate } from '../../../src/core/demo'
import type { ForcedOutcome } from '../../../src/core/localDraw'
import type { PreviewForceMessage } from '../../../src/studio/protocol'

/**
 * Helpers for the preview browser tests (tests/e2e/preview.spec.ts, stage.spec.ts):
 * open /preview/:slug, force the next outcome the way the studio does, play
 * each game as a participant would, read the result dialog, and check that
 * the canvas really drew. SwiftShader can render at under 1 fps on a loaded
 * box, so everything waits on DOM state with generous timeouts, never sleeps.
 */

/** How long a game may take to load, or a play to land (slow SwiftShader). */
export const SLOW_MS = 120_000

/** The three preview routes. */
export const PREVIEW_TEMPLATES = [
  { slug: 'wheel', template: 11 as Template },
  { slug: 'scratch', template: 10 as Template },
  { slug: 'redpacket', template: 12 as Template },
] as const

export type PreviewSlug = (typeof PREVIEW_TEMPLATES)[number]['slug']

/** The game's root (GameCanvas: role img, named after the template, with data-state / data-renderer). */
export function gameCanvas(page: Page, template: Template): Locator {
  return page.getByRole('img', { name: `${TEMPLATE_NAMES[template]}游戏` })
}

/** The PlayPanel's big button (its label changes while locked, so by test id). */
export function playButton(page: Page): Locator {
  return page.locator('[data-test="play"]')
}

const pageErrors = new WeakMap<Page, string[]>()

/**
 * Start collecting the page's uncaught errors (a throw in Pixi's ticker stops the game dead, silently)
 * and every Content-Security-Policy violation, in any frame: the console message Chromium writes for
 * each, and the page's own `securitypolicyviolation` events (blocked URI, source line, sample).
 * The specs' afterEach expects this list empty, so any violation fails every browser test.
 */
export function watchPageErrors(page: Page): string[] {
  let errors = pageErrors.get(page)
  if (!errors) {
    const list: string[] = []
    page.on('pageerror', (error) => list.push(error.stack ?? error.message))
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) list.push(`${message.text()} (${message.location().url})`)
    })
    void page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`)
      })
    })
    pageErrors.set(page, list)
    errors = list
  }
  return errors
}

/** Await `check`; if it fails, say which uncaught page errors happened meanwhile. */
async function withPageErrors(page: Page, check: () => Promise<void>): Promise<void> {
  try {
    await check()
  } catch (error) {
    const errors = pageErrors.get(page) ?? []
    if (errors.length > 0 && error instanceof Error) error.message += `\n\nUncaught page errors:\n${errors.join('\n---\n')}`
    throw error
  }
}

/** Open a preview and wait until its game is drawn and playable. */
export async function openPreview(page: Page, slug: PreviewSlug, template: Template): Promise<Locator> {
  watchPageErrors(page)
  await page.goto(`/preview/${slug}`)
  const game = gameCanvas(page, template)
  await expectReady(game)
  return game
}

/** The game is at rest and accepts a play. */
export async function expectReady(game: Locator): Promise<void> {
  await expect(game).toHaveAttribute('data-state', 'ready', { timeout: SLOW_MS })
}

/** The renderer the page should have picked in this Playwright project. */
export function expectedRenderer(testInfo: TestInfo): 'webgl' | 'canvas' {
  return testInfo.project.name === 'canvas' ? 'canvas' : 'webgl'
}

/** The preview tools' chip label for a forced outcome (PreviewView's forceOptions). */
function chipLabel(template: Template, outcome: ForcedOutcome): string {
  if (outcome.kind === 'win') {
    const prize = demoForTemplate(template).prize.find((p) => p.id === outcome.prizeId)
    if (!prize) throw new Error(`demo ${template} has no prize ${outcome.prizeId}`)
    return `中「${prize.name}」`
  }
  if (outcome.kind === 'no_award') return '未中奖（谢谢参与）'
  throw new Error(`no chip label for ${outcome.kind}`)
}

/**
 * Force the next play's outcome as the studio does (a same-origin postMessage),
 * and wait until the preview shows it as chosen.
 */
export async function forceOutcome(page: Page, template: Template, outcome: ForcedOutcome): Promise<void> {
  const message: PreviewForceMessage = { type: 'lottery-preview:force', outcome }
  await page.evaluate((m) => window.postMessage(m, window.location.origin), message)
  const tools = page.getByRole('region', { name: '预览工具' })
  await expect(tools.getByRole('button', { name: chipLabel(template, outcome), exact: true })).toHaveClass(/is-active/)
}

/** The result dialog, by its headline ('恭喜中奖' on a win, '很遗憾' on no_award…). */
export function resultDialog(page: Page, headline?: string): Locator {
  return headline ? page.getByRole('dialog', { name: headline, exact: true }) : page.locator('[data-test="result"]')
}

/** Tap the wheel's own centre button (drawn by Pixi in the middle of the canvas). */
export async function tapWheelCentre(page: Page, game: Locator): Promise<void> {
  const box = await boxOf(game)
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2)
  await expect(game, 'the centre tap started a play').not.toHaveAttribute('data-state', 'ready')
}

/**
 * Tap falling packets until one is hit (a miss does nothing): points on a grid
 * over the rain, each checked by whether the game left 'ready'.
 */
export async function tapAPacket(page: Page, game: Locator): Promise<number> {
  const box = await boxOf(game)
  const cols = [0.2, 0.5, 0.8, 0.35, 0.65]
  const rows = [0.3, 0.5, 0.7, 0.4, 0.6]
  for (let attempt = 0; attempt < 60; attempt++) {
    const fx = cols[attempt % cols.length]!
    const fy = rows[Math.floor(attempt / cols.length) % rows.length]!
    await page.touchscreen.tap(box.x + box.width * fx, box.y + box.height * fy)
    if ((await game.getAttribute('data-state')) !== 'ready') return attempt + 1
  }
  throw new Error('60 taps on the rain and none hit a packet')
}

/**
 * Zig-zag strokes over the scratch window (the silver part: about 9–91% of the
 * canvas's width, 33–87% of its height), one stroke per row; `pass` shifts the
 * rows so fresh coating goes. Stops before a stroke once `stop` shows, so no
 * press lands on the result's overlay (a tap there closes it).
 */
async function scratchPass(page: Page, box: Box, pass: number, stop: Locator): Promise<void> {
  const x = (f: number) => box.x + box.width * f
  const y = (f: number) => box.y + box.height * f
  const shift = (pass % 4) * 0.012
  for (let row = 0; row < 8; row++) {
    if (await stop.isVisible()) return
    const fy = 0.38 + row * 0.06 + shift
    const [from, to] = row % 2 === 0 ? [0.15, 0.85] : [0.85, 0.15]
    await page.mouse.move(x(from), y(fy))
    await page.mouse.down()
    await page.mouse.move(x(to), y(fy + 0.03), { steps: 10 })
    await page.mouse.up()
  }
}

/** Scratch the card with the mouse until the result dialog shows (the card fades away past its threshold). */
export async function scratchUntilResult(page: Page, game: Locator): Promise<void> {
  const box = await boxOf(game)
  const dialog = resultDialog(page)
  for (let pass = 0; pass < 16; pass++) {
    if (await dialog.isVisible()) return
    await scratchPass(page, box, pass, dialog)
    if (pass === 0) await expect(game, 'the first touch started a play').not.toHaveAttribute('data-state', 'ready')
    // Give the (possibly very slow) renderer its frames to fade the coating; returns early once shown.
    await dialog.waitFor({ state: 'visible', timeout: 4_000 }).catch(() => undefined)
  }
}

/** How a play is started. */
export type PlayTrigger = 'button' | 'wheel-centre' | 'scratch' | 'packet'

/** Start a play with `trigger` and wait for its result dialog. */
export async function playToResult(page: Page, game: Locator, trigger: PlayTrigger): Promise<void> {
  switch (trigger) {
    case 'button':
      await playButton(page).click()
      break
    case 'wheel-centre':
      await tapWheelCentre(page, game)
      break
    case 'packet':
      await tapAPacket(page, game)
      break
    case 'scratch':
      await scratchUntilResult(page, game)
      break
  }
  await withPageErrors(page, async () => {
    await expect(resultDialog(page)).toBeVisible({ timeout: SLOW_MS })
    await expect(game).toHaveAttribute('data-state', 'settled')
  })
}

/** Close the result with its main button and wait until the game can play again. */
export async function closeResult(page: Page, game: Locator): Promise<void> {
  const dialog = resultDialog(page)
  await dialog.locator('[data-test="ok"]').click()
  // The popup's leave transition needs frames, which a busy SwiftShader page hands out slowly.
  await expect(dialog).toBeHidden({ timeout: SLOW_MS })
  await expectReady(game)
  await expect(playButton(page)).toBeEnabled()
  await expect(playButton(page)).not.toHaveAttribute('aria-busy', 'true')
}

/** The chances line ('剩余 N 次抽奖机会'); null when unlimited. */
export async function chancesLeft(page: Page): Promise<number | null> {
  const text = (await page.locator('[data-test="chances"]').textContent()) ?? ''
  if (text.includes('不限')) return null
  const m = /剩余\s*(\d+)\s*次/.exec(text)
  if (!m) throw new Error(`no chances in '${text}'`)
  return Number(m[1])
}

/** What the game's drawing (the stage's canvas, and the wheel's moving layers over it) adds over the page behind it. */
export interface CanvasPaint {
  /** Share of the canvas's pixels that differ from the same box with the canvas hidden (0–1). */
  changed: number
  /** Distinct colours (4 bits per channel) among those pixels. */
  colours: number
  width: number
  height: number
}

/**
 * Whether the game really drew: screenshot its box as composited (works for
 * WebGL without preserveDrawingBuffer), then again with the drawing hidden, and
 * compare the two pixel by pixel.
 */
export async function measureCanvasPaint(game: Locator): Promise<CanvasPaint> {
  const host = game.locator('.game-canvas__stage')
  await expect(stageCanvas(game)).toHaveCount(1)
  const shoot = async () => decodePng(await host.screenshot({ scale: 'css', timeout: SLOW_MS }))
  const drawn = await shoot()
  const hide = (hidden: boolean) => host.evaluate((el: HTMLElement, h: boolean) => [...el.children].forEach((c) => ((c as HTMLElement).style.opacity = h ? '0' : '')), hidden)
  await hide(true)
  let behind: Rgba
  try {
    behind = await shoot()
  } finally {
    await hide(false)
  }
  if (drawn.width !== behind.width || drawn.height !== behind.height) throw new Error('the two screenshots differ in size')
  let changed = 0
  const colours = new Set<number>()
  const a = drawn.data
  const b = behind.data
  for (let i = 0; i < a.length; i += 4) {
    const diff = Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!)
    if (diff <= 24) continue
    changed += 1
    colours.add(((a[i]! >> 4) << 8) | ((a[i + 1]! >> 4) << 4) | (a[i + 2]! >> 4))
  }
  return { changed: changed / (drawn.width * drawn.height), colours: colours.size, width: drawn.width, height: drawn.height }
}

/** The stage's own canvas (Pixi's), not the wheel's layers over it. */
export function stageCanvas(scope: Locator | Page): Locator {
  return scope.locator('.game-canvas__stage > canvas')
}

/** Assert the canvas drew a real picture: a good share of its box, in many colours. */
export async function expectCanvasDrew(game: Locator, minChanged = 0.25): Promise<CanvasPaint> {
  const paint = await measureCanvasPaint(game)
  await withPageErrors(game.page(), async () => {
    expect(paint.width, 'canvas box width').toBeGreaterThan(100)
    expect(paint.changed, `share of the canvas box painted (${JSON.stringify(paint)})`).toBeGreaterThan(minChanged)
    expect(paint.colours, `distinct colours painted (${JSON.stringify(paint)})`).toBeGreaterThan(24)
  })
  return paint
}

/** A viewport screenshot, attached to the report and kept as <name>-<project>.png in the test's output folder. */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}-${testInfo.project.name}.png`)
  await page.screenshot({ path: file, animations: 'disabled', timeout: SLOW_MS })
  await testInfo.attach(name, { path: file, contentType: 'image/png' })
}

interface Box {
  x: number
  y: number
  width: number
  height: number
}

async function boxOf(locator: Locator): Promise<Box> {
  await locator.scrollIntoViewIfNeeded()
  const box = await locator.boundingBox()
  if (!box) throw new Error('the game has no box')
  return box
}

/** Decoded pixels, 4 bytes (RGBA) per pixel. */
interface Rgba {
  width: number
  height: number
  data: Uint8Array
}

/**
 * A minimal PNG decoder for Chromium's screenshots (8-bit RGB or RGBA, not
 * interlaced), so the pixel check needs no image package.
 */
export function decodePng(png: Buffer): Rgba {
  let width = 0
  let height = 0
  let channels = 0
  const idat: Buffer[] = []
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at)
    const type = png.toString('latin1', at + 4, at + 8)
    const body = png.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const [depth, colourType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]]
      if (depth !== 8 || interlace !== 0 || (colourType !== 2 && colourType !== 6)) {
        throw new Error(`unsupported PNG (depth ${depth}, colour type ${colourType}, interlace ${interlace})`)
      }
      channels = colourType === 6 ? 4 : 3
    } else if (type === 'IDAT') idat.push(body)
    else if (type === 'IEND') break
    at += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const rows = new Uint8Array(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!
    const src = y * (stride + 1) + 1
    const out = y * stride
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? rows[out + i - channels]! : 0
      const up = y > 0 ? rows[out - stride + i]! : 0
      const upLeft = y > 0 && i >= channels ? rows[out - stride + i - channels]! : 0
      let predictor = 0
      if (filter === 1) predictor = left
      else if (filter === 2) predictor = up
      else if (filter === 3) predictor = (left + up) >> 1
      else if (filter === 4) {
        const p = left + up - upLeft
        const pa = Math.abs(p - left)
        const pb = Math.abs(p - up)
        const pc = Math.abs(p - upLeft)
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft
      }
      rows[out + i] = (raw[src + i]! + predictor) & 0xff
    }
  }
  if (channels === 4) return { width, height, data: rows }
  const data = new Uint8Array(width * height * 4)
  for (let p = 0; p < width * height; p++) {
    data[p * 4] = rows[p * 3]!
    data[p * 4 + 1] = rows[p * 3 + 1]!
    data[p * 4 + 2] = rows[p * 3 + 2]!
    data[p * 4 + 3] = 255
  }
  return { width, height, data }
}
