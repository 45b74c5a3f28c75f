import { expect, test } from '@playwright/test'
import { DEMO_CODES } from '../../src/core/demo'
import { LIVE_TEMPLATES, openGame, startPlay } from './helpers/live'
import { watchPageErrors } from './helpers/preview'
import { seriousViolations } from './helpers/axe'

/**
 * Accessibility of every participant page (issue 14, item 6): axe-core finds no serious or critical
 * violation (contrast, names, roles), the play control is a named button that works from the keyboard,
 * and the result is announced. Canvas project.
 */

test.describe('participant pages under axe-core', () => {
  for (const { template, name, demo } of LIVE_TEMPLATES) {
    test(`the ${name} demo's live page, then its result dialog`, async ({ page }) => {
      const errors = watchPageErrors(page)
      await openGame(page, demo)
      expect(await seriousViolations(page)).toEqual([])
      await startPlay(page, template)
      await expect(page.locator('[data-test="result-announcement"]')).not.toBeEmpty()
      expect(await seriousViolations(page)).toEqual([])
      expect(errors).toEqual([])
    })
  }

  test('我的奖品', async ({ page }) => {
    await page.goto(`/game/lottery/index/code/${DEMO_CODES.wheel}/prize`)
    await expect(page.locator('h1, [data-test="my-prize"]').first()).toBeVisible()
    await page.waitForLoadState('networkidle')
    expect(await seriousViolations(page)).toEqual([])
  })

  test('the not-found page', async ({ page }) => {
    await page.goto('/no/such/page')
    await page.waitForLoadState('networkidle')
    expect(await seriousViolations(page)).toEqual([])
  })
})

test.describe('the play control from the keyboard', () => {
  test("keyboard focus on it is visible, also once Vant's stylesheet (which takes outlines off) is in", async ({ page }) => {
    await openGame(page, DEMO_CODES.wheel)
    await page.waitForLoadState('networkidle')
    // Vant's base rules are on the page (its variables on :root) and drop the outline of a focused button.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--van-black').trim())).toBe('#000')
    const play = page.getByRole('button', { name: '开始抽奖' })
    await expect(play).toBeEnabled()
    for (let i = 0; i < 30 && !(await play.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab')
    await expect(play).toBeFocused()
    expect(await play.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none')
  })

  for (const { template, name, demo } of LIVE_TEMPLATES) {
    for (const key of ['Enter', ' '] as const) {
      test(`the ${name} page plays with ${key === ' ' ? 'Space' : key}`, async ({ page }) => {
        await openGame(page, demo)
        const play = page.getByRole('button', { name: template === 10 ? '刮一刮' : template === 11 ? '开始抽奖' : '抢红包' })
        await expect(play).toBeEnabled()
        await play.focus()
        await page.keyboard.press(key)
        await expect(page.locator('[data-test="result"]')).toBeVisible({ timeout: 90_000 })
        // Announced: the dialog's headline in its live region.
        const headline = ((await page.locator('[data-test="headline"]').textContent()) ?? '').trim()
        await expect(page.getByRole('status').filter({ hasText: /\S/ })).toContainText(headline)
      })
    }
  }
})
