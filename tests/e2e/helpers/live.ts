import { expect, type APIRequestContext, type BrowserContext, type Cookie, type Page } from '@playwright/test'
import type { ActivityConfig, Template } from '../../../src/core/activity'
import { demoForTemplate } from '../../../src/core/demo'
import { formatCst } from '../../../src/core/windows'

/**
 * Helpers for the live participant tests (tests/e2e/live.spec.ts) against the
 * real server that playwright.config.ts starts (scripts/e2e-server.mjs).
 */

/** The marketer key scripts/e2e-server.mjs gives the server. */
export const MARKETER_KEY = process.env.MARKETER_KEY ?? 'e2e-marketer-key-0123456789'

/** The three templates with their seeded demo codes. */
export const LIVE_TEMPLATES = [
  { template: 11 as Template, name: 'wheel', demo: 'demo-wheel' },
  { template: 10 as Template, name: 'scratch', demo: 'demo-scratch' },
  { template: 12 as Template, name: 'redpacket', demo: 'demo-redpacket' },
] as const

const DAY_MS = 24 * 60 * 60 * 1000

/** The template's demo with the first prize won every time (stock 100), the rest never. */
export function winAllConfig(template: Template, overrides: Partial<ActivityConfig> = {}): ActivityConfig {
  const demo = demoForTemplate(template)
  return {
    ...demo,
    active_title: `${demo.active_title}（测试）`,
    max_play: 5,
    max_eplay: 5,
    prize: demo.prize.map((p, i) => (i === 0 ? { ...p, chance: 100, sum: p.sum > 0 ? 100 : p.sum } : { ...p, chance: 0 })),
    ...overrides,
  }
}

/** Custom texts the tests look for (no_award left empty: the seed's default must show). */
export const TEST_TIPS = {
  have_award: '测试：这一场已经中过奖啦',
  no_times: '测试：机会用完啦，明天再来',
  no_award: '',
  game_over: '测试：活动已经结束啦',
  default: '',
}

/** Nobody ever wins; one play in all. */
export function noWinConfig(template: Template): ActivityConfig {
  const demo = demoForTemplate(template)
  return {
    ...demo,
    active_title: `${demo.active_title}（测试）`,
    max_play: 1,
    max_eplay: 1,
    prize: demo.prize.map((p) => ({ ...p, chance: 0 })),
    tips: { ...TEST_TIPS },
  }
}

/** One window starting `fromNowMs` from now and lasting `lengthMs`. */
export function windowAround(fromNowMs: number, lengthMs = DAY_MS): ActivityConfig['active_time'] {
  const now = Date.now()
  return [{ start: formatCst(now + fromNowMs), end: formatCst(now + fromNowMs + lengthMs) }]
}

/** Save an activity through Activity/add with the marketer key; resolves to its code. */
export async function createActivity(request: APIRequestContext, config: ActivityConfig): Promise<string> {
  const response = await request.post('/lottery/Activity/add', { data: { ...config, auth: MARKETER_KEY } })
  const body = (await response.json()) as { code: number; msg: string; data: { code: string } }
  expect(body.code, body.msg).toBe(200)
  return body.data.code
}

/** Redeem a won prize (merchant staff, marketer key). */
export async function redeem(request: APIRequestContext, code: string, awardcode: string): Promise<void> {
  const response = await request.post('/lottery/info/redeem', { data: { code, awardcode, auth: MARKETER_KEY } })
  const body = (await response.json()) as { code: number; msg: string }
  expect(body.code, body.msg).toBe(200)
}

/** Open the live page and wait until the game is drawn and playable. */
export async function openGame(page: Page, code: string): Promise<void> {
  await page.goto(`/game/lottery/index/code/${code}`)
  await expect(page.locator('[data-test="game-page"]')).toBeVisible()
  await expect(page.locator('.game-canvas')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
}

/** What the result dialog showed. */
export interface ShownResult {
  headline: string
  tips: string
  secret: string
}

const result = (page: Page) => page.locator('[data-test="result"]')
const userForm = (page: Page) => page.locator('[data-test="user-form"]')

/** Zig-zag strokes across the scratch card (pass n shifts the rows so the coating goes). */
async function scratchPass(page: Page, pass: number): Promise<void> {
  const box = await page.locator('.game-canvas').boundingBox()
  if (!box) throw new Error('no game canvas')
  const x = (f: number) => box.x + box.width * f
  const y = (f: number) => box.y + box.height * f
  // The stroke starts inside the scratch window (below the card's title band).
  await page.mouse.move(x(0.5), y(0.6))
  await page.mouse.down()
  for (let row = 0; row < 6; row++) {
    const fy = 0.36 + row * 0.09 + pass * 0.015
    await page.mouse.move(x(0.86), y(fy), { steps: 6 })
    await page.mouse.move(x(0.14), y(fy + 0.045), { steps: 6 })
  }
  await page.mouse.up()
}

/**
 * Start a play as a participant would — the button for the wheel and the red
 * packet, the finger on the card for the scratch card — and keep scratching
 * until `until` shows (the result by default).
 */
export async function startPlay(page: Page, template: Template, until: 'result' | 'form' = 'result'): Promise<void> {
  const target = until === 'result' ? result(page) : userForm(page)
  if (template !== 10) await page.locator('[data-test="play"]').click()
  // A form may open over the card: one touch only, so no stroke lands on its overlay (which closes it).
  else if (until === 'form') await touchCard(page)
  else await keepScratching(page, target)
  await expect(target).toBeVisible({ timeout: 90_000 })
}

/** Start a play without finishing it: the button, or one touch on the scratch card. */
export async function tapToPlay(page: Page, template: Template): Promise<void> {
  if (template === 10) await touchCard(page)
  else await page.locator('[data-test="play"]').click()
}

/** One touch in the middle of the scratch card (its first touch asks for a play). */
export async function touchCard(page: Page): Promise<void> {
  const box = await page.locator('.game-canvas').boundingBox()
  if (!box) throw new Error('no game canvas')
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
}

/** Scratch until `target` shows (the result after the server answered, or the info form). */
export async function keepScratching(page: Page, target = result(page)): Promise<void> {
  for (let pass = 0; pass < 20; pass++) {
    if (await target.isVisible()) return
    await scratchPass(page, pass % 4)
    await page.waitForTimeout(300)
  }
}

/** Read the dialog. */
export async function readResult(page: Page): Promise<ShownResult> {
  const dialog = result(page)
  await expect(dialog).toBeVisible()
  const text = async (selector: string) => {
    const el = dialog.locator(selector)
    return (await el.count()) > 0 ? ((await el.textContent()) ?? '').trim() : ''
  }
  return { headline: await text('[data-test="headline"]'), tips: await text('[data-test="tips"]'), secret: await text('[data-test="secret"]') }
}

/** Close the dialog and wait until the page can play again. */
export async function closeResult(page: Page): Promise<void> {
  await result(page).locator('[data-test="ok"]').click()
  await expect(result(page)).toBeHidden()
  await expect(page.locator('[data-test="play"]')).not.toHaveAttribute('aria-busy', 'true')
}

/** One whole play: start, land, read, close. */
export async function playRound(page: Page, template: Template): Promise<ShownResult> {
  await startPlay(page, template)
  const shown = await readResult(page)
  await closeResult(page)
  return shown
}

/** The page's chances line ('剩余 N 次抽奖机会'). */
export async function chancesLeft(page: Page): Promise<number> {
  const text = (await page.locator('[data-test="chances"]').textContent()) ?? ''
  const m = /剩余\s*(\d+)\s*次/.exec(text)
  if (!m) throw new Error(`no chances in '${text}'`)
  return Number(m[1])
}

/** The httpOnly `jwt` cookie as the browser holds it. */
export async function jwtCookie(context: BrowserContext): Promise<Cookie | undefined> {
  return (await context.cookies()).find((c) => c.name === 'jwt')
}

/** A full-viewport screenshot for looking at (test-results/live-shots/<name>.png). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/live-shots/${name}.png`, animations: 'disabled', timeout: 90_000 })
}
