import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import type { ActivityConfig } from '../../src/core/activity'
import type { ClaimField, Guides } from '../../src/core/campaign'
import { OPS_PATHS } from '../../src/core/ops'
import { demoForTemplate } from '../../src/core/demo'
import { LIVE_TEMPLATES, MARKETER_KEY, closeResult, createActivity, noWinConfig, openGame, readResult, shot, startPlay, winAllConfig, windowAround } from './helpers/live'
import { watchPageErrors } from './helpers/preview'
import { seriousViolations } from './helpers/axe'

/**
 * Issue 13 on the phone against the real server: 连抽 on each game to its result
 * list, a claim form filled after a physical win and corrected, my records
 * through a shipment and its receipt, the before-play form of config.claim_fields,
 * and each not-eligible reason with its guide.
 */

test.beforeEach(({ page }) => void watchPageErrors(page))
test.afterEach(({ page }) => {
  expect(watchPageErrors(page), 'errors thrown on the page').toEqual([])
})

const SHIPPING: ClaimField[] = [
  { key: 'name', kind: 'name', label: '收货人', required: true },
  { key: 'tel', kind: 'tel', label: '手机号', required: true },
  { key: 'address', kind: 'address', label: '收货地址', required: true },
  { key: 'size', kind: 'choice', label: '尺码', required: false, options: ['S', 'M', 'L'] },
]

const GUIDES: Guides = {
  no_times: { message: '测试引导：关注公众号明天再来', button: { text: '去关注', link: 'https://example.com/follow' } },
  have_award: { message: '测试引导：已中奖，去下单吧', button: { text: '知道了', link: '' } },
  not_started: { message: '测试引导：活动即将开始' },
  ended: { message: '测试引导：下次活动见', button: { text: '看看别的', link: 'https://example.com/more' } },
}

const multiResult = (page: Page) => page.locator('[data-test="multi-result"]')

/** A physical first prize won every time, with a shipping form. */
function physicalWin(overrides: Partial<ActivityConfig> = {}): ActivityConfig {
  const base = winAllConfig(11)
  return {
    ...base,
    prize: base.prize.map((p, i) => (i === 0 ? { ...p, type: 'physical' as const, name: '测试保温杯', money: 0, min: 0, max: 0, sum: 100, claim_fields: SHIPPING } : p)),
    ...overrides,
  }
}

/** Fill the shipping form: name, tel, the area picker's first choice, street. */
async function fillShipping(page: Page, street: string): Promise<void> {
  const form = page.locator('[data-test="claim-popup"]')
  await expect(form).toBeVisible()
  await form.locator('[data-test="claim-name"] input').fill('张三')
  await form.locator('[data-test="claim-tel"] input').fill('13800138000')
  await form.locator('[data-test="claim-address-area"] button').click()
  const area = page.locator('[data-test="area-sheet"]')
  await expect(area).toBeVisible()
  await area.locator('.van-picker__confirm').click()
  await expect(area).toBeHidden()
  await form.locator('[data-test="claim-address-street"] textarea').fill(street)
  await form.locator('[data-test="claim-size"] label', { hasText: 'M' }).click()
}

async function ship(request: APIRequestContext, code: string, awardcode: string): Promise<void> {
  const response = await request.post(`/lottery${OPS_PATHS.ship}`, { data: { code, awardcode, courier: '顺丰速运', tracking: 'SF1234567890', auth: MARKETER_KEY } })
  const body = (await response.json()) as { code: number; msg: string }
  expect(body.code, body.msg).toBe(200)
}

for (const { template, name } of LIVE_TEMPLATES) {
  test(`${name}: 3连抽 lands three times and lists each result`, async ({ page, request }) => {
    const code = await createActivity(request, { ...noWinConfig(template), max_play: 5, max_eplay: 5, multi_draw: [3, 10] })
    await openGame(page, code)
    await expect(page.locator('[data-test="play-many-3"]')).toBeEnabled()
    // 10 > the 5 chances left.
    await expect(page.locator('[data-test="play-many-10"]')).toBeDisabled()
    await page.locator('[data-test="play-many-3"]').click()
    await expect(page.locator('[data-test="batch-progress"]')).toContainText('/3 抽', { timeout: 30_000 })
    await expect(multiResult(page)).toBeVisible({ timeout: 60_000 })
    await expect(multiResult(page).locator('[data-test="multi-row"]')).toHaveCount(3)
    await expect(multiResult(page).locator('[data-test="multi-miss"]')).toHaveCount(3)
    await expect(page.locator('[data-test="result-announcement"]')).toContainText('第3抽')
    await shot(page, `multi-${name}`)
    expect(await seriousViolations(page)).toEqual([])
    await multiResult(page).locator('[data-test="ok"]').click()
    await expect(multiResult(page)).toBeHidden()
    await expect(page.locator('[data-test="chances"]')).toContainText('剩余 2 次')
    // 3 > the 2 chances left now.
    await expect(page.locator('[data-test="play-many-3"]')).toBeDisabled()
  })
}

test('a 连抽 that wins stops at 本场已中奖 and lists the win with its code', async ({ page, request }) => {
  const code = await createActivity(request, { ...winAllConfig(11), multi_draw: [3] })
  await openGame(page, code)
  await page.locator('[data-test="play-many-3"]').click()
  await expect(multiResult(page)).toBeVisible({ timeout: 60_000 })
  await expect(multiResult(page).locator('[data-test="multi-row"]')).toHaveCount(1)
  await expect(multiResult(page).locator('[data-test="multi-secret"]')).toHaveText(/^\d+$/)
  await expect(multiResult(page).locator('[data-test="multi-stopped"]')).toContainText('其余 2 次未抽')
})

test('a physical win: the claim form filled from the result, my records, corrected, shipped, received', async ({ page, request }) => {
  const code = await createActivity(request, physicalWin())
  await openGame(page, code)
  await startPlay(page, 11)
  const shown = await readResult(page)
  expect(shown.secret).toMatch(/^\d+$/)
  await page.locator('[data-test="result"] [data-test="claim-open"]').click()
  // Checked before sending: an empty form names its fields.
  await page.locator('[data-test="claim-popup"] [data-test="claim-submit"]').click()
  await expect(page.locator('[data-test="claim-popup"]')).toContainText('请填写收货人')
  await fillShipping(page, '幸福路 1 号')
  await shot(page, 'claim-form')
  expect(await seriousViolations(page)).toEqual([])
  await page.locator('[data-test="claim-popup"] [data-test="claim-submit"]').click()
  await expect(page.locator('[data-test="claim-popup"]')).toBeHidden()
  await closeResult(page)

  await page.locator('[data-test="open-records"]').click()
  await expect(page).toHaveURL(new RegExp(`/code/${code}/records$`))
  const win = page.locator('[data-test="win-record"]').first()
  await expect(win.locator('[data-test="win-status"]')).toHaveText('待发货')
  await expect(win.locator('[data-test="win-claim"]')).toContainText('幸福路 1 号')
  await expect(page.locator('[data-test="play-record"]')).toHaveCount(1)
  await expect(page.locator('[data-test="play-record"]').first()).toContainText('测试保温杯')

  // Corrected before shipping.
  await win.locator('[data-test="claim-open"]').click()
  const street = page.locator('[data-test="claim-popup"] [data-test="claim-address-street"] textarea')
  await expect(street).toHaveValue('幸福路 1 号')
  await street.fill('幸福路 2 号 3 单元')
  await page.locator('[data-test="claim-popup"] [data-test="claim-submit"]').click()
  await expect(page.locator('[data-test="claim-popup"]')).toBeHidden()
  await expect(win.locator('[data-test="win-claim"]')).toContainText('幸福路 2 号 3 单元')
  await shot(page, 'records-to-ship')

  await ship(request, code, shown.secret)
  await page.reload()
  await expect(win.locator('[data-test="win-status"]')).toHaveText('已发货')
  await expect(win.locator('[data-test="win-shipping"]')).toContainText('顺丰速运')
  await expect(win.locator('[data-test="win-shipping"]')).toContainText('SF1234567890')
  // Shipped: the form can no longer change.
  await expect(win.locator('[data-test="claim-open"]')).toHaveCount(0)
  await shot(page, 'records-shipped')
  expect(await seriousViolations(page)).toEqual([])
  await win.locator('[data-test="confirm-received"]').click()
  await expect(win.locator('[data-test="win-status"]')).toHaveText('已收货')
  await expect(win.locator('[data-test="confirm-received"]')).toHaveCount(0)
})

test('the before-play form of config.claim_fields, then the same play goes on', async ({ page, request }) => {
  const base = noWinConfig(11)
  const code = await createActivity(request, {
    ...base,
    actinfo: { ...base.actinfo, need_info: true },
    claim_fields: [
      { key: 'name', kind: 'name', label: '姓名', required: true },
      { key: 'tel', kind: 'tel', label: '手机号', required: true },
      { key: 'store', kind: 'choice', label: '门店', required: true, options: ['东门店', '西门店'] },
    ],
  })
  await openGame(page, code)
  await page.locator('[data-test="play"]').click()
  const form = page.locator('[data-test="claim-popup"]')
  await expect(form).toBeVisible({ timeout: 30_000 })
  await form.locator('[data-test="claim-name"] input').fill('李四')
  await form.locator('[data-test="claim-tel"] input').fill('12345')
  await form.locator('[data-test="claim-submit"]').click()
  await expect(form).toContainText('请填写正确的手机号')
  await expect(form).toContainText('请填写门店')
  await form.locator('[data-test="claim-tel"] input').fill('13900139000')
  await form.locator('[data-test="claim-store"] label', { hasText: '西门店' }).click()
  await form.locator('[data-test="claim-submit"]').click()
  await expect(page.locator('[data-test="result"]')).toBeVisible({ timeout: 60_000 })
})

test.describe('not eligible: the reason and its guide', () => {
  test('no chances left', async ({ page, request }) => {
    const code = await createActivity(request, { ...noWinConfig(11), guides: GUIDES })
    await openGame(page, code)
    await startPlay(page, 11)
    await closeResult(page)
    const guide = page.locator('[data-test="guide"]')
    await expect(guide).toHaveAttribute('data-reason', 'no_times')
    await expect(guide.locator('[data-test="guide-message"]')).toHaveText(GUIDES.no_times!.message)
    await expect(guide.locator('a[data-test="guide-button"]')).toHaveAttribute('href', 'https://example.com/follow')
    await shot(page, 'guide-no-times')
    expect(await seriousViolations(page)).toEqual([])
  })

  test('already won in this 场次 (a closing button)', async ({ page, request }) => {
    const code = await createActivity(request, { ...winAllConfig(11), guides: GUIDES })
    await openGame(page, code)
    await startPlay(page, 11)
    await closeResult(page)
    const guide = page.locator('[data-test="guide"]')
    await expect(guide).toHaveAttribute('data-reason', 'have_award')
    await expect(guide.locator('[data-test="guide-message"]')).toHaveText(GUIDES.have_award!.message)
    await guide.locator('button[data-test="guide-button"]').click()
    await expect(guide).toHaveCount(0)
  })

  test('not started', async ({ page, request }) => {
    const code = await createActivity(request, { ...noWinConfig(11), active_time: windowAround(2 * 60 * 60 * 1000), guides: GUIDES })
    await page.goto(`/game/lottery/index/code/${code}`)
    const guide = page.locator('[data-test="guide"]')
    await expect(guide).toHaveAttribute('data-reason', 'not_started')
    await expect(guide.locator('[data-test="guide-message"]')).toHaveText(GUIDES.not_started!.message)
    await expect(guide.locator('[data-test="guide-button"]')).toHaveCount(0)
  })

  test('ended', async ({ page, request }) => {
    const code = await createActivity(request, { ...noWinConfig(11), active_time: windowAround(-3 * 24 * 60 * 60 * 1000), guides: GUIDES })
    await page.goto(`/game/lottery/index/code/${code}`)
    const guide = page.locator('[data-test="guide"]')
    await expect(guide).toHaveAttribute('data-reason', 'ended')
    await expect(guide.locator('a[data-test="guide-button"]')).toHaveAttribute('href', 'https://example.com/more')
  })

  test('not in the host’s group (a reward activity without a ticket)', async ({ page, request }) => {
    const code = await createActivity(request, { ...noWinConfig(11), active_type: 2, identity: 'ticket', guides: GUIDES })
    await page.goto(`/game/lottery/index/code/${code}`)
    const guide = page.locator('[data-test="guide"]')
    await expect(guide).toHaveAttribute('data-reason', 'not_in_group')
    await expect(guide.locator('[data-test="guide-why"]')).toHaveText('本活动仅限指定用户参与')
  })
})

for (const size of [
  { width: 320, height: 568 },
  { width: 375, height: 667 },
] as const) {
  test.describe(`${size.width}×${size.height}`, () => {
    test.use({ viewport: size, deviceScaleFactor: 2 })

    test('the 连抽 buttons in the first screen, the list fits', async ({ page, request }) => {
      const code = await createActivity(request, { ...noWinConfig(12), max_play: 20, max_eplay: 20, multi_draw: [3, 10] })
      await openGame(page, code)
      const many = (await page.locator('[data-test="play-many-10"]').boundingBox())!
      expect(many.y + many.height, '10连抽 bottom').toBeLessThanOrEqual(size.height)
      await shot(page, `multi-buttons-${size.width}`)
      await page.locator('[data-test="play-many-10"]').click()
      await expect(multiResult(page)).toBeVisible({ timeout: 60_000 })
      await expect(multiResult(page).locator('[data-test="multi-row"]')).toHaveCount(10)
      const ok = (await multiResult(page).locator('[data-test="ok"]').boundingBox())!
      expect(ok.y + ok.height, 'the list’s button on screen').toBeLessThanOrEqual(size.height)
      await shot(page, `multi-list-${size.width}`)
    })
  })
}

test('the preview: a forced 连抽 result list', async ({ page }) => {
  await page.goto('/preview/wheel')
  await expect(page.locator('.game-canvas')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
  // What the studio sends (same origin): its draft with 连抽 on.
  const config = { ...demoForTemplate(11), max_play: 10, max_eplay: 10, multi_draw: [3] }
  await page.evaluate((c) => window.postMessage({ type: 'lottery-preview:config', config: c }, window.location.origin), config)
  await expect(page.locator('[data-test="play-many-3"]')).toBeVisible()
  // The preview tools' 连抽 chips: 按概率, 全部谢谢参与, then 首抽中 each prize.
  await page.locator('[data-test="force-batch-2"]').click()
  await expect(page.locator('[data-test="force-batch-2"]')).toHaveClass(/is-active/)
  await page.locator('[data-test="play-many-3"]').click()
  await expect(multiResult(page)).toBeVisible({ timeout: 60_000 })
  await expect(multiResult(page).locator('[data-test="multi-prize"]')).toHaveText([config.prize[0]!.name])
  await expect(multiResult(page).locator('[data-test="multi-stopped"]')).toContainText('其余 2 次未抽')
  await multiResult(page).locator('[data-test="ok"]').click()
  // Then 全部谢谢参与: three misses in a row.
  await page.locator('[data-test="force-batch-1"]').click()
  await page.locator('[data-test="play-many-3"]').click()
  await expect(multiResult(page)).toBeVisible({ timeout: 60_000 })
})

test.describe('reduced motion', () => {
  test.use({ reducedMotion: 'reduce' })
  for (const { template, name } of LIVE_TEMPLATES) {
    test(`${name}: a 3连抽 still lands on each draw, briefly`, async ({ page, request }) => {
      const code = await createActivity(request, { ...noWinConfig(template), max_play: 5, max_eplay: 5, multi_draw: [3] })
      await openGame(page, code)
      await page.locator('[data-test="play-many-3"]').click()
      await expect(page.locator('[data-test="batch-progress"]')).toHaveText('第 3/3 抽', { timeout: 30_000 })
      await expect(multiResult(page).locator('[data-test="multi-row"]')).toHaveCount(3, { timeout: 30_000 })
    })
  }
})

test('a 连抽 whose answer is lost is retried with the same request id: drawn once, nothing lost', async ({ page, request }) => {
  const code = await createActivity(request, { ...noWinConfig(11), max_play: 6, max_eplay: 6, multi_draw: [3] })
  await openGame(page, code)
  const ids: string[] = []
  let lost = false
  await page.route('**/lottery/Activity/multi', async (route) => {
    ids.push((JSON.parse(route.request().postData() ?? '{}') as { request_id: string }).request_id)
    if (!lost) {
      lost = true
      // The server draws; its answer never reaches the page.
      await route.fetch()
      await route.abort('failed')
      return
    }
    await route.continue()
  })
  await page.locator('[data-test="play-many-3"]').click()
  await expect(multiResult(page).locator('[data-test="multi-row"]')).toHaveCount(3, { timeout: 60_000 })
  expect(ids.length).toBeGreaterThanOrEqual(2)
  expect(new Set(ids).size).toBe(1)
  await multiResult(page).locator('[data-test="ok"]').click()
  // 6 − 3: the batch was drawn once.
  await expect(page.locator('[data-test="chances"]')).toContainText('剩余 3 次')
})
