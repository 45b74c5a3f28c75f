import { expect, test, type Page } from '@playwright/test'
import { createRequire } from 'node:module'
import { DEMO_CODES } from '../../src/core/demo'
import { LIVE_TEMPLATES, openGame, startPlay } from './helpers/live'
import { watchPageErrors } from './helpers/preview'

/**
 * Accessibility of every participant page (issue 14, item 6): axe-core finds no serious or critical
 * violation (contrast, names, roles), the play control is a named button that works from the keyboard,
 * and the result is announced. Canvas project.
 */

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

interface Violation {
  id: string
  impact: string | null
  help: string
  targets: string[]
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA rules and best practices). */
async function seriousViolations(page: Page): Promise<Violation[]> {
  // From the page's own origin: an inline script would break the CSP (script-src 'self'), which stays on.
  await page.route('**/__axe.js', (route) => route.fulfill({ path: AXE, contentType: 'text/javascript' }))
  await page.addScriptTag({ url: '/__axe.js' })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

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
