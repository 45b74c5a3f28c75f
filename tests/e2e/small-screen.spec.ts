import { expect, test, type Page } from '@playwright/test'
import { DEMO_CODES } from '../../src/core/demo'
import { watchPageErrors } from './helpers/preview'

/**
 * Small phones: on the seeded demo of each game, the play button is in the first screen without
 * scrolling, and the title wraps between words (at the spaces around “·”), never inside a word and
 * never with “·” opening a line. 320×568 is the iPhone SE (1st gen); 375×667 and 390×844 for company.
 * Canvas project only.
 */

const SIZES = [
  { width: 320, height: 568 },
  { width: 375, height: 667 },
  { width: 390, height: 844 },
] as const

const GAMES = [
  { code: DEMO_CODES.wheel, name: '大转盘游戏' },
  { code: DEMO_CODES.scratch, name: '刮刮卡游戏' },
  { code: DEMO_CODES.redpacket, name: '红包游戏' },
] as const

/** The title's rendered lines: its characters grouped by the line box each is drawn on (spaces dropped). */
async function titleLines(page: Page): Promise<string[]> {
  return page.locator('[data-test="title"]').evaluate((title) => {
    const lines: { top: number; text: string }[] = []
    const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT)
    const range = document.createRange()
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? ''
      for (let i = 0; i < text.length; i++) {
        const ch = text[i]!
        if (/\s/.test(ch)) continue
        range.setStart(node, i)
        range.setEnd(node, i + 1)
        const rect = range.getClientRects()[0]
        if (!rect) continue
        const line = lines.find((l) => Math.abs(l.top - rect.top) < rect.height / 2)
        if (line) line.text += ch
        else lines.push({ top: rect.top, text: ch })
      }
    }
    return lines.sort((a, b) => a.top - b.top).map((l) => l.text)
  })
}

for (const size of SIZES) {
  test.describe(`${size.width}×${size.height}`, () => {
    test.use({ viewport: size, deviceScaleFactor: 2 })

    for (const { code, name } of GAMES) {
      test(`${code}: play button in the first screen, title wrapped between words`, async ({ page }) => {
        const errors = watchPageErrors(page)
        await page.goto(`/game/lottery/index/code/${code}`)
        await expect(page.getByRole('img', { name })).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
        expect(await page.evaluate(() => window.scrollY)).toBe(0)

        const play = (await page.locator('[data-test="play"]').boundingBox())!
        expect(play.y, 'play button top').toBeGreaterThanOrEqual(0)
        expect(play.y + play.height, 'play button bottom').toBeLessThanOrEqual(size.height)
        expect(play.x).toBeGreaterThanOrEqual(0)
        expect(play.x + play.width).toBeLessThanOrEqual(size.width)

        const title = (await page.locator('[data-test="title"]').textContent())!.trim()
        const lines = await titleLines(page)
        expect(lines.join(''), 'every character is on a line').toBe(title.replace(/\s+/g, ''))
        for (const line of lines) expect(line.startsWith('·'), `line “${line}” of ${JSON.stringify(lines)}`).toBe(false)
        for (const word of title.split(/\s+/)) {
          expect(lines.some((line) => line.includes(word)), `“${word}” whole on one line: ${JSON.stringify(lines)}`).toBe(true)
        }
        expect(errors).toEqual([])
      })
    }
  })
}
