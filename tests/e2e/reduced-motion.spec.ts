import { expect, test } from '@playwright/test'
import { demoForTemplate } from '../../src/core/demo'
import {
  PREVIEW_TEMPLATES,
  closeResult,
  decodePng,
  forceOutcome,
  openPreview,
  playToResult,
  resultDialog,
  type PlayTrigger,
  type PreviewSlug,
  watchPageErrors,
} from './helpers/preview'

/**
 * prefers-reduced-motion: reduce (issue 14 item 6): every game plays a brief animation
 * that still lands on the outcome — the game itself settles (data-state), and the
 * result names the forced prize.
 */
test.use({ reducedMotion: 'reduce' })
test.beforeEach(({ page }) => void watchPageErrors(page))
test.afterEach(({ page }) => {
  expect(watchPageErrors(page), 'uncaught errors in the page').toEqual([])
})

const PLANS: Record<PreviewSlug, { winPrizeId: number; trigger: PlayTrigger }> = {
  wheel: { winPrizeId: 3, trigger: 'wheel-centre' },
  scratch: { winPrizeId: 3, trigger: 'scratch' },
  redpacket: { winPrizeId: 1, trigger: 'button' },
}

for (const { slug, template } of PREVIEW_TEMPLATES) {
  test(`reduced motion: ${slug} lands on a forced win and on a no-win`, async ({ page }, testInfo) => {
    test.setTimeout(180_000)
    const plan = PLANS[slug]
    const prize = demoForTemplate(template).prize.find((p) => p.id === plan.winPrizeId)!
    const game = await openPreview(page, slug, template)

    if (slug === 'redpacket') {
      // No rain: the canvas at rest is the same picture a moment later.
      const box = (await game.boundingBox())!
      const a = decodePng(await page.screenshot({ clip: box }))
      await page.waitForTimeout(600)
      const b = decodePng(await page.screenshot({ clip: box }))
      let changed = 0
      for (let i = 0; i < a.data.length; i += 4) if (Math.abs(a.data[i]! - b.data[i]!) + Math.abs(a.data[i + 1]! - b.data[i + 1]!) > 24) changed += 1
      expect(changed / (a.width * a.height), 'share of the rain that moved in 600 ms').toBeLessThan(0.01)
    }

    await forceOutcome(page, template, { kind: 'win', prizeId: prize.id })
    const started = Date.now()
    await playToResult(page, game, plan.trigger)
    testInfo.annotations.push({ type: 'win landed after (ms, incl. scratching)', description: String(Date.now() - started) })
    const dialog = resultDialog(page, '恭喜中奖')
    await expect(dialog.locator('[data-test="prize-name"]')).toHaveText(prize.name)
    await closeResult(page, game)

    await forceOutcome(page, template, { kind: 'no_award' })
    await playToResult(page, game, plan.trigger === 'scratch' ? 'scratch' : 'button')
    await expect(resultDialog(page, '很遗憾')).toBeVisible()
  })
}
