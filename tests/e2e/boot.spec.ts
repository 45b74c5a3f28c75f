import { expect, test, type Page } from '@playwright/test'
import { DEMO_CODES } from '../../src/core/demo'
import { watchPageErrors } from './helpers/preview'

/**
 * The page under its Content-Security-Policy, and the upgrade notice of index.html
 * (public/boot-check.js) on engines that cannot run the app. Canvas project only.
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

test.describe('the Content-Security-Policy', () => {
  test('is sent with the page, and the page runs under it without a violation', async ({ page }) => {
    const errors = watchPageErrors(page)
    const response = await page.goto(LIVE)
    const policy = (await response!.headerValue('content-security-policy')) ?? ''
    expect(policy).toContain("script-src 'self'")
    expect(await response!.headerValue('x-content-type-options')).toBe('nosniff')
    await expect(page.locator('[data-test="game-page"]')).toBeVisible()
    await expect(page.getByRole('img', { name: /游戏$/ })).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
    // The app started: Vue replaced index.html's notice.
    await expect(page.locator('#boot-fail')).toHaveCount(0)
    expect(errors, 'errors and CSP violations').toEqual([])
  })

  test('blocks inline script and eval, and the page-error watcher reports the violation', async ({ page }) => {
    const errors = watchPageErrors(page)
    await page.goto('/')
    const result = await page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.__inlineRan = true'
      document.body.appendChild(script)
      let evalResult = 'ran'
      try {
        new Function('return 1')()
      } catch (error) {
        evalResult = (error as Error).name
      }
      return { inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true, evalResult }
    })
    expect(result).toEqual({ inlineRan: false, evalResult: 'EvalError' })
    // What every browser test's afterEach would fail on.
    await expect.poll(() => errors.filter((e) => /Content Security Policy/.test(e)).length).toBeGreaterThanOrEqual(2)
  })
})

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
