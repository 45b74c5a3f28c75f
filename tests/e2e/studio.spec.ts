import { expect, test } from '@playwright/test'
import { PHONE } from './phone'
import type { Template } from '../../src/core/activity'
import { tipsTextFor } from '../../src/core/outcome'
import { formatCst } from '../../src/core/windows'
import { MARKETER_KEY } from './helpers/live'
import { watchPageErrors } from './helpers/preview'
import {
  SLOW_MS,
  closePreviewResult,
  expectPreviewShows,
  field,
  forceAndPlay,
  gameIn,
  previewFrame,
  resultIn,
  shot,
} from './helpers/studio'

/**
 * The marketer's whole path in real Chromium against the real server: sign in,
 * build an activity from a blank form, see the chances' limit block saving,
 * preview every forced outcome in the phone frame (each with its configured
 * text), switch the template, save, then play the participant link once on a
 * phone. Canvas project only: SwiftShader WebGL is far too slow for this many plays.
 */

const TITLE = '测试 · 春日幸运大转盘'
const PRIZES = [
  { id: 1, name: '蓝牙耳机', chance: '60' },
  { id: 2, name: '十元优惠券', chance: '30' },
] as const
const TIPS = {
  no_award: '测试：这次没中，明天再来试试',
  have_award: '测试：这一场您已经中过奖啦',
  no_times: '测试：今天的机会用完啦',
  game_over: '测试：本次活动已经结束',
  default: '测试：谢谢参与',
}
const TIP_KEYS = ['no_award', 'have_award', 'no_times', 'game_over', 'default'] as const

const WHEEL: Template = 11
const PACKET: Template = 12

// A script error or a Content-Security-Policy violation (in the studio or its preview frame) fails the test.
test.beforeEach(({ page }) => void watchPageErrors(page))
test.afterEach(({ page }) => {
  expect(watchPageErrors(page), 'errors and CSP violations on the page').toEqual([])
})

test.use({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false })

test('studio: blank form → every outcome previewed → template switched and back → saved → link played on a phone', async ({
  page,
  browser,
}, testInfo) => {
  // About 3 minutes on an idle 2-core box; the margin is for a loaded one (every play animates for real).
  test.setTimeout(480_000)

  await test.step('sign in with the marketer key', async () => {
    await page.goto('/studio')
    await page.locator('[data-test="signin-key"] input').fill(MARKETER_KEY)
    await page.locator('[data-test="signin-submit"]').click()
    await expect(page.locator('[data-test="open-new"]')).toBeVisible()
    // The key is kept for the session, never put in the URL.
    expect(page.url()).not.toContain(MARKETER_KEY)
  })

  await test.step('start a blank wheel activity', async () => {
    await page.locator('[data-test="open-new"]').click()
    const popup = page.locator('.new-popup')
    await popup.getByRole('radio', { name: '大转盘' }).click()
    await popup.locator('[data-test="new-blank"]').click()
    await expect(popup).toBeHidden()
    await expect(field(page, 'active_title')).toHaveValue('')
    await expect(page.locator('[data-test="prize-0"]')).toHaveCount(0)
    await expect(page.locator('[data-test="window-row"]')).toHaveCount(1)
    await expect(page.locator('[data-test="save"]')).toBeDisabled()
  })

  await test.step('fill title, a window open now, two prizes, custom tips', async () => {
    await field(page, 'active_title').fill(TITLE)
    const now = Date.now()
    await field(page, 'active_time.0.start').fill(formatCst(now - 5 * 60_000))
    await field(page, 'active_time.0.end').fill(formatCst(now + 24 * 60 * 60_000))

    for (const [index, prize] of PRIZES.entries()) {
      await page.locator('[data-test="prize-add"]').click()
      await expect(page.locator(`[data-test="prize-${index}"]`)).toBeVisible()
      await field(page, `prize.${index}.name`).fill(prize.name)
    }
    for (const key of TIP_KEYS) await field(page, `tips.${key}`).fill(TIPS[key])
  })

  await test.step('chances over 100% block saving with an inline message', async () => {
    await field(page, 'prize.0.chance').fill('60')
    await field(page, 'prize.1.chance').fill('50')
    const total = page.locator('[data-test="chance-total"]')
    await expect(total).toContainText('110%')
    await expect(total).toHaveClass(/\bover\b/)
    await expect(page.locator('[data-test="prize-error"]')).toHaveText('中奖概率合计 110% 超过 100%')
    await expect(page.locator('[data-test="save"]')).toBeDisabled()
    await expect(page.locator('[data-test="problems"]')).toContainText('1 处待修改')
    // The preview refuses it too, and says so beside the phone.
    await expect(page.locator('[data-test="preview-refused"]')).toBeVisible()
    await page.locator('[data-test="prize-error"]').scrollIntoViewIfNeeded()
    await shot(page, testInfo, 'studio-chances-over')

    await field(page, 'prize.1.chance').fill(PRIZES[1].chance)
    await expect(total).toContainText('90%')
    await expect(total).not.toHaveClass(/\bover\b/)
    await expect(page.locator('[data-test="prize-error"]')).toHaveCount(0)
    await expect(page.locator('[data-test="problems"]')).toHaveCount(0)
    await expect(page.locator('[data-test="preview-refused"]')).toHaveCount(0)
    await expect(page.locator('[data-test="save"]')).toBeEnabled()
  })

  await test.step('the phone frame shows the unsaved draft', async () => {
    await expectPreviewShows(page, WHEEL, TITLE)
    await expect(gameIn(previewFrame(page), WHEEL)).toHaveAttribute('data-renderer', 'canvas')
    await expect(page.locator('[data-test="preview-refused"]')).toHaveCount(0)
  })

  await test.step(`forced win of「${PRIZES[1].name}」`, async () => {
    const dialog = await forceAndPlay(page, `win-${PRIZES[1].id}`)
    await expect(dialog.locator('[data-test="headline"]')).toHaveText('恭喜中奖')
    await expect(dialog.locator('[data-test="prize-name"]')).toHaveText(PRIZES[1].name)
    await shot(page, testInfo, 'studio-preview-win')
    await closePreviewResult(page, WHEEL)
  })

  const tipOutcomes = [
    { key: 'no_award', headline: '很遗憾', text: TIPS.no_award },
    { key: 'no_times', headline: '机会用完啦', text: TIPS.no_times },
    { key: 'have_award', headline: '已经中过奖啦', text: TIPS.have_award },
    { key: 'game_over', headline: '活动已结束', text: TIPS.game_over },
    // Not started has no tips key of its own: the marketer's default tip.
    { key: 'not_started', headline: '活动未开始', text: tipsTextFor({ kind: 'not_started', startsAt: null }, TIPS) },
  ] as const
  for (const outcome of tipOutcomes) {
    await test.step(`forced ${outcome.key} shows「${outcome.text}」`, async () => {
      const dialog = await forceAndPlay(page, outcome.key)
      await expect(dialog.locator('[data-test="headline"]')).toHaveText(outcome.headline)
      await expect(dialog.locator('[data-test="tips"]')).toHaveText(outcome.text)
      await expect(dialog.locator('[data-test="prize-name"]')).toHaveCount(0)
      if (outcome.key === 'no_award') await shot(page, testInfo, 'studio-preview-no-award')
      await closePreviewResult(page, WHEEL)
    })
  }

  await test.step('forced info form', async () => {
    const form = await forceAndPlay(page, 'need_info', 'form')
    await expect(form.getByPlaceholder('请输入姓名')).toBeVisible()
    await expect(form.getByPlaceholder('请输入 11 位手机号')).toBeVisible()
    await shot(page, testInfo, 'studio-preview-info-form')
    // Closing it unsent ends that play gracefully: the game comes back to rest.
    await form.locator('[data-test="user-form-close"]').click()
    await expect(form).toBeHidden()
    await expect(gameIn(previewFrame(page), WHEEL)).toHaveAttribute('data-state', 'ready', { timeout: SLOW_MS })
    await expect(previewFrame(page).locator('[data-test="play"]')).not.toHaveAttribute('aria-busy', 'true')
  })

  await test.step('switch to the red packet: the same draft in the other game, then back', async () => {
    const frame = previewFrame(page)
    await page.locator(`[data-test="preview-template-${PACKET}"]`).click()
    await expectPreviewShows(page, PACKET, TITLE)
    await expect(gameIn(frame, WHEEL)).toHaveCount(0)
    await expect(gameIn(frame, PACKET)).toHaveAttribute('data-renderer', 'canvas')
    await expect(page.locator('[data-test="template"] [role="radio"][aria-checked="true"]')).toHaveText('红包')
    for (const prize of PRIZES) await expect(frame.getByText(prize.name, { exact: true }).first()).toBeVisible()
    await shot(page, testInfo, 'studio-preview-redpacket')

    // Saved as a wheel: one button press plays it on the phone.
    await page.locator(`[data-test="preview-template-${WHEEL}"]`).click()
    await expectPreviewShows(page, WHEEL, TITLE)
    await expect(gameIn(frame, PACKET)).toHaveCount(0)
  })

  const link = await test.step('save, then read the participant link', async () => {
    await page.locator('[data-test="save"]').click()
    const card = page.locator('[data-test="link-card"]')
    await expect(card).toBeVisible({ timeout: 30_000 })
    const href = await card.locator('[data-test="participant-link"]').getAttribute('href')
    const code = /\/game\/lottery\/index\/code\/([^/?#]+)$/.exec(href ?? '')?.[1]
    expect(code, `participant link '${href}'`).toBeTruthy()
    await expect(page.locator('.doc-state')).toHaveText(`已保存 · ${decodeURIComponent(code!)}`)
    await shot(page, testInfo, 'studio-saved')
    return href!
  })

  await test.step('play the link once on a phone against the server', async () => {
    const phone = await browser.newContext({ ...PHONE })
    try {
      const participant = await phone.newPage()
      const participantErrors = watchPageErrors(participant)
      await participant.goto(`${link}?renderer=canvas`)
      await expect(participant.locator('[data-test="game-page"]')).toBeVisible()
      await expect(participant.locator('[data-test="title"]')).toHaveText(TITLE)
      const game = gameIn(participant, WHEEL)
      await expect(game).toHaveAttribute('data-state', 'ready', { timeout: SLOW_MS })
      await expect(game).toHaveAttribute('data-renderer', 'canvas')

      await participant.locator('[data-test="play"]').click()
      const dialog = resultIn(participant)
      await expect(dialog).toBeVisible({ timeout: SLOW_MS })
      // 90% to win one of the two prizes; either way the dialog shows what was configured.
      const headline = (await dialog.locator('[data-test="headline"]').textContent())?.trim()
      if (headline === '恭喜中奖') {
        const name = (await dialog.locator('[data-test="prize-name"]').textContent())?.trim()
        expect(PRIZES.map((p) => p.name)).toContain(name)
        await expect(dialog.locator('[data-test="secret"]')).toHaveText(/^\d+$/)
      } else {
        expect(headline).toBe('很遗憾')
        await expect(dialog.locator('[data-test="tips"]')).toHaveText(TIPS.no_award)
      }
      await shot(participant, testInfo, 'phone-result')
      expect(participantErrors, 'errors and CSP violations on the phone').toEqual([])
    } finally {
      await phone.close()
    }
  })
})
