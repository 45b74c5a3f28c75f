import { expect, test, type Page } from '@playwright/test'
import { DEMO_CODES } from '../../src/core/demo'
import { stageCanvas, watchPageErrors } from './helpers/preview'

/**
 * Old engines (Chrome 61–87, iOS 11–14 WebViews), emulated in Chromium: the upgrade notice of
 * index.html (public/boot-check.js) when the app cannot run, and the CSS fallbacks when it can.
 * Canvas project only.
 */

const LIVE = `/game/lottery/index/code/${DEMO_CODES.wheel}`
const NOTICE = '请升级微信或浏览器'
/** The module entry Vite writes (index.html's only module script). */
const ENTRY = /\/assets\/index-[\w-]+\.js$/

async function expectNotice(page: Page): Promise<void> {
  const notice = page.getByRole('alert').filter({ hasText: NOTICE })
  await expect(notice).toBeVisible()
  // In the first screen, on the page's own background: not a blank page.
  const box = await notice.boundingBox()
  expect(box, 'the notice has a box').not.toBeNull()
  expect(box!.y + box!.height).toBeLessThanOrEqual(page.viewportSize()!.height)
}

test.describe('an engine that cannot run the app sees the upgrade notice, never a blank page', () => {
  test('the entry script does not arrive', async ({ page }) => {
    await page.route(ENTRY, (route) => route.abort())
    await page.goto(LIVE)
    await expectNotice(page)
  })

  test('the entry fails to parse (an engine older than the es2017 build)', async ({ page }) => {
    await page.route(ENTRY, (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: 'const a = { ...b } ??= 1;' }),
    )
    await page.goto(LIVE)
    await expectNotice(page)
  })

  test("the entry runs but the app's chunk, fetched after the first paint, fails to parse", async ({ page }) => {
    await page.route(/\/assets\/game-[\w-]+\.js$/, (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: 'const a = { ...b } ??= 1;' }),
    )
    await page.goto(LIVE)
    await expectNotice(page)
  })

  test('no module scripts at all (the module tag is ignored)', async ({ page }) => {
    await page.route(`**${LIVE}`, async (route) => {
      const response = await route.fetch()
      const html = (await response.text()).replace(/type="module"/g, 'type="text/x-unsupported"')
      await route.fulfill({ response, body: html })
    })
    await page.goto(LIVE)
    await expectNotice(page)
  })

  test('the notice stays hidden while a slow entry loads, and the app replaces it', async ({ page }) => {
    await page.route(ENTRY, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500))
      await route.continue()
    })
    const errors = watchPageErrors(page)
    // Records whether the notice was ever shown, however briefly.
    await page.addInitScript(() => {
      const seen = window as unknown as { __noticeShown?: boolean }
      seen.__noticeShown = false
      new MutationObserver(() => {
        const notice = document.getElementById('boot-fail')
        if (notice && !notice.hidden) seen.__noticeShown = true
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] })
    })
    await page.goto(LIVE)
    await expect(page.locator('[data-test="game-page"]')).toBeVisible()
    await expect(page.getByText(NOTICE)).toHaveCount(0)
    expect(await page.evaluate(() => (window as unknown as { __noticeShown?: boolean }).__noticeShown)).toBe(false)
    expect(errors).toEqual([])
  })
})

/**
 * Serve every stylesheet as an engine without aspect-ratio, inset, flex gap, min() and clamp() reads it:
 * those declarations dropped (as a parser drops what it does not know), and `@supports not
 * (aspect-ratio: 1)` true. GameCanvas also sets aspect-ratio inline through the CSSOM, which the
 * stylesheet cancels with !important (author !important beats an inline normal declaration; no
 * injected <style>, which the CSP refuses). The fallback CSS itself runs as shipped.
 * `keepFallback: false` also strips the fallback's condition: the control that shows the box collapse.
 */
async function emulateOldCss(page: Page, keepFallback = true): Promise<void> {
  await page.route(/\/assets\/[\w-]+\.css$/, async (route) => {
    const response = await route.fetch()
    let css = await response.text()
    css = css.replace(/@supports not \(aspect-ratio:\s*1\)/g, keepFallback ? '@supports not (x-old-engine:1)' : '@supports (x-old-engine:1)')
    css = css.replace(/([;{])\s*(?:aspect-ratio|inset|gap|row-gap|column-gap):[^;}]*/g, '$1')
    css = css.replace(/([;{])\s*[\w-]+:[^;}]*\b(?:min|clamp)\([^;}]*/g, '$1')
    if (css.includes('.game-canvas')) css += '\n.game-canvas{aspect-ratio:auto!important}'
    await route.fulfill({ response, body: css })
  })
}

const GAMES = [
  { code: DEMO_CODES.wheel, ratio: 1, name: '大转盘游戏' },
  { code: DEMO_CODES.scratch, ratio: 2 / 3, name: '刮刮卡游戏' },
  { code: DEMO_CODES.redpacket, ratio: 4 / 3, name: '红包游戏' },
] as const

test.describe('CSS fallbacks on an engine without aspect-ratio, inset, flex gap, min() or clamp()', () => {
  for (const { code, ratio, name } of GAMES) {
    test(`${code}: the game box keeps its shape and the game draws into it`, async ({ page }) => {
      const errors = watchPageErrors(page)
      await emulateOldCss(page)
      await page.goto(`/game/lottery/index/code/${code}`)
      const game = page.getByRole('img', { name })
      await expect(game).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
      // The emulation took: the box has no aspect-ratio of its own.
      expect(await game.evaluate((el) => getComputedStyle(el).aspectRatio)).toBe('auto')
      const box = (await game.boundingBox())!
      expect(Math.abs(box.height - box.width * ratio), `box ${box.width}×${box.height}`).toBeLessThanOrEqual(1.5)
      const canvas = (await stageCanvas(game).boundingBox())!
      expect(Math.abs(canvas.height - box.height), `canvas ${canvas.width}×${canvas.height}`).toBeLessThanOrEqual(1.5)
      expect(Math.abs(canvas.width - box.width)).toBeLessThanOrEqual(1.5)
      // The play button keeps its width without min(); the links keep their 14px without gap.
      const play = (await page.locator('[data-test="play"]').boundingBox())!
      expect(play.width).toBeGreaterThan(200)
      const rules = (await page.locator('[data-test="open-rules"]').boundingBox())!
      const bar = (await page.locator('[data-test="open-rules"] + span').boundingBox())!
      expect(Math.round(bar.x - (rules.x + rules.width))).toBe(14)
      expect(errors).toEqual([])
    })
  }

  test('control: without the fallback rule the same emulation collapses the box', async ({ page }) => {
    await emulateOldCss(page, false)
    await page.goto(`/game/lottery/index/code/${DEMO_CODES.wheel}`)
    const game = page.getByRole('img', { name: '大转盘游戏' })
    await expect(game).toHaveAttribute('data-state', /ready|error/, { timeout: 120_000 })
    expect((await game.boundingBox())!.height).toBeLessThan(10)
    // The dialogs' stylesheets are fetched once the game is up: the test ends while the route may still be serving one.
    await page.unrouteAll({ behavior: 'ignoreErrors' })
  })
})
