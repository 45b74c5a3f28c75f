import { expect, test } from '@playwright/test'
import { DEMO_CODES } from '../../src/core/demo'
import { watchPageErrors } from './helpers/preview'

/** The page under its Content-Security-Policy (server/spa.ts). Canvas project only. */

const LIVE = `/game/lottery/index/code/${DEMO_CODES.wheel}`

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
      // A string timer is eval (a direct eval here would run as DevTools code, which the policy exempts).
      ;(setTimeout as (code: string, ms: number) => number)('window.__evalRan = true', 0)
      return new Promise((resolve) => setTimeout(resolve, 200)).then(() => {
        const w = window as unknown as { __inlineRan?: boolean; __evalRan?: boolean }
        return { inlineRan: w.__inlineRan === true, evalRan: w.__evalRan === true }
      })
    })
    expect(result).toEqual({ inlineRan: false, evalRan: false })
    // What every browser test's afterEach would fail on.
    await expect.poll(() => errors.filter((e) => /Content Security Policy/.test(e)).length).toBeGreaterThanOrEqual(2)
  })
})
