import { expect, test } from '@playwright/test'
import { decodePng, openPreview, watchPageErrors } from './helpers/preview'

/**
 * Issue 14 item 4: a stroke that starts on the card's frame (the title band) and moves
 * onto the coating scratches it, as a finger that lands a little high expects.
 */
test.beforeEach(({ page }) => void watchPageErrors(page))
test.afterEach(({ page }) => {
  expect(watchPageErrors(page), 'uncaught errors in the page').toEqual([])
})

test('scratch: a stroke that starts on the frame scratches once it reaches the coating', async ({ page }) => {
  const game = await openPreview(page, 'scratch', 10)
  await game.scrollIntoViewIfNeeded()
  const box = (await game.boundingBox())!
  const x = (f: number) => box.x + box.width * f
  const y = (f: number) => box.y + box.height * f
  // The middle of the scratch window (about 33–87% of the canvas's height).
  const clip = { x: x(0.3), y: y(0.45), width: box.width * 0.4, height: box.height * 0.3 }
  const before = decodePng(await page.screenshot({ clip }))

  // Press on the title band (about 15–32% of the height), then drag down onto the coating and across it.
  await page.mouse.move(x(0.5), y(0.2))
  await page.mouse.down()
  await page.mouse.move(x(0.5), y(0.6), { steps: 12 })
  await page.mouse.move(x(0.35), y(0.6), { steps: 6 })
  await page.mouse.move(x(0.65), y(0.65), { steps: 10 })
  await page.mouse.up()
  await expect(game, 'the press on the frame started a play').not.toHaveAttribute('data-state', 'ready')

  // The coating shows the stroke: a good share of the window's middle changed.
  await expect
    .poll(
      async () => {
        const after = decodePng(await page.screenshot({ clip }))
        let changed = 0
        for (let i = 0; i < after.data.length; i += 4) {
          const d = Math.abs(after.data[i]! - before.data[i]!) + Math.abs(after.data[i + 1]! - before.data[i + 1]!) + Math.abs(after.data[i + 2]! - before.data[i + 2]!)
          if (d > 24) changed += 1
        }
        return changed / (after.width * after.height)
      },
      { message: 'share of the scratch window changed by the stroke', timeout: 15_000 },
    )
    .toBeGreaterThan(0.05)
})
