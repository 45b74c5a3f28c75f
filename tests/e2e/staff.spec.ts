import { expect, test, type Page } from '@playwright/test'
import { PHONE } from './phone'
import { createActivity, MARKETER_KEY, winAllConfig } from './helpers/live'
import { watchPageErrors } from './helpers/preview'
import { seriousViolations } from './helpers/axe'
import { BASE_URL, createStaffKey, launchWithCamera, winCode, writeQrVideo } from './helpers/ops'
import { STAFF_HEADER } from '../../src/core/ops'
import { MARKETER_HEADER } from '../../src/core/contract'

/**
 * A shop assistant on a phone (375×667) redeems a real win by scanning its QR
 * code: Chromium's fake camera plays a video of the participant's QR (written
 * by the test from the won 核销码). A second scan says 已核销 with the first
 * redemption; another activity's code is refused; the staff key cannot call
 * marketer endpoints; axe-core finds no serious or critical violation on each
 * screen. Its own browser (the camera flags), canvas project only.
 */

const SHOP_PHONE = { ...PHONE, viewport: { width: 375, height: 667 }, deviceScaleFactor: 2 }

async function shot(page: Page, name: string): Promise<void> {
  const file = test.info().outputPath(`${name}.png`)
  await page.screenshot({ path: file, animations: 'disabled' })
  await test.info().attach(name, { path: file, contentType: 'image/png' })
}

test('staff: key once → scan a real QR → 确认核销 → a second scan says 已核销; another activity refused; no marketer calls', async ({ request }) => {
  test.skip(test.info().project.name !== 'canvas', 'one run is enough: no game is drawn here')
  test.setTimeout(180_000)
  const shop = await createActivity(request, winAllConfig(11, { active_title: '门店核销测试 · 转盘' }))
  const elsewhere = await createActivity(request, winAllConfig(12, { active_title: '别的活动 · 红包' }))
  const code = await winCode(shop)
  const otherCode = await winCode(elsewhere)
  const staffKey = await createStaffKey(request, '门店 A 收银台', [shop])

  const video = test.info().outputPath('qr.y4m')
  writeQrVideo(code, video)
  const browser = await launchWithCamera(video)
  try {
    const context = await browser.newContext({ ...SHOP_PHONE, baseURL: BASE_URL, permissions: ['camera'] })
    const page = await context.newPage()
    watchPageErrors(page)

    await test.step('enter the staff key; the one activity is chosen by itself', async () => {
      await page.goto('/staff')
      await expect(page.getByRole('heading', { name: '门店核销' })).toBeVisible()
      await shot(page, 'staff-1-key')
      expect(await seriousViolations(page)).toEqual([])
      await page.getByLabel('核销密钥').fill(staffKey)
      await page.locator('[data-test="staff-key-submit"]').click()
      await expect(page.locator('[data-test="staff-activity"]')).toHaveText('门店核销测试 · 转盘')
    })

    await test.step('the camera reads the QR: the win shows, not yet redeemed', async () => {
      const win = page.locator('[data-test="staff-win"]')
      await expect(win).toBeVisible({ timeout: 30_000 })
      await expect(page.locator('[data-test="staff-prize"]')).toHaveText(winAllConfig(11).prize[0]!.name)
      await expect(win).toContainText(code)
      await expect(win).toContainText('未核销')
      await shot(page, 'staff-2-found')
      expect(await seriousViolations(page)).toEqual([])
    })

    await test.step('确认核销 once (a double tap redeems once)', async () => {
      const redeems: string[] = []
      page.on('request', (r) => r.url().endsWith('/lottery/staff/redeem') && redeems.push(r.url()))
      await page.locator('[data-test="staff-confirm"]').dblclick()
      await expect(page.locator('[data-test="staff-done"]')).toBeVisible()
      await expect(page.locator('[data-test="staff-redeemed-at"]')).toContainText('门店 A 收银台')
      expect(redeems).toHaveLength(1)
      await shot(page, 'staff-3-done')
    })

    await test.step('the same QR again: 已核销 with the first redemption', async () => {
      const first = await page.locator('[data-test="staff-redeemed-at"]').textContent()
      await page.locator('[data-test="staff-next"]').click()
      await expect(page.locator('[data-test="staff-already"]')).toBeVisible({ timeout: 30_000 })
      await expect(page.locator('[data-test="staff-redeemed-at"]')).toHaveText(first ?? '')
      await expect(page.locator('[data-test="staff-confirm"]')).toHaveCount(0)
      await shot(page, 'staff-4-already')
      expect(await seriousViolations(page)).toEqual([])
    })

    expect(watchPageErrors(page)).toEqual([])
    await context.close()
  } finally {
    await browser.close()
  }

  // A second phone whose camera sees no QR code (Chromium's test pattern): the typed path, deterministic.
  const second = await launchWithCamera()
  try {
    const context = await second.newContext({ ...SHOP_PHONE, baseURL: BASE_URL, permissions: ['camera'] })
    const page = await context.newPage()
    watchPageErrors(page)
    await page.goto('/staff')
    await page.getByLabel('核销密钥').fill(staffKey)
    await page.locator('[data-test="staff-key-submit"]').click()
    await test.step("another activity's code, typed: the server's refusal", async () => {
      await expect(page.locator('[data-test="staff-activity"]')).toHaveText('门店核销测试 · 转盘')
      await expect(page.locator('[data-test="scanner"]')).toContainText('放入框内')
      await shot(page, 'staff-0-scanning')
      expect(await seriousViolations(page)).toEqual([])
      await page.getByRole('textbox', { name: '核销码' }).fill(otherCode)
      await page.locator('[data-test="staff-code-submit"]').click()
      await expect(page.locator('[data-test="staff-error"]')).toContainText('该核销码不属于本活动')
      await shot(page, 'staff-5-other-activity')
      expect(await seriousViolations(page)).toEqual([])
    })

    await test.step('the key stays on the device; 退出 forgets it', async () => {
      await page.reload()
      await expect(page.locator('[data-test="staff-activity"]')).toHaveText('门店核销测试 · 转盘')
      await page.locator('[data-test="staff-sign-out"]').click()
      await expect(page.getByLabel('核销密钥')).toBeVisible()
      expect(await page.evaluate(() => localStorage.length)).toBe(0)
    })

    await test.step('the staff key cannot sign in to the studio', async () => {
      await page.goto('/studio')
      await page.locator('[data-test="signin-key"] input').fill(staffKey)
      await page.locator('[data-test="signin-submit"]').click()
      await expect(page.getByText('商家密钥无效')).toBeVisible()
      await expect(page.locator('[data-test="open-list"]')).toHaveCount(0)
    })
    expect(watchPageErrors(page)).toEqual([])
    await context.close()
  } finally {
    await second.close()
  }

  await test.step('nor call a marketer endpoint, in the body or the header', async () => {
    const calls = [
      request.post('/lottery/Activity/list', { data: { auth: staffKey } }),
      request.post('/lottery/stats/summary', { data: { code: shop }, headers: { [MARKETER_HEADER]: staffKey } }),
      request.post('/lottery/keys/create', { data: { auth: staffKey, label: 'x', role: 'marketer' } }),
    ]
    for (const response of await Promise.all(calls)) expect(((await response.json()) as { code: number }).code).toBe(2020)
    // And a staff call with the marketer key is refused too: the roles do not overlap.
    const asMarketer = await request.post('/lottery/staff/activities', { data: {}, headers: { [STAFF_HEADER]: MARKETER_KEY } })
    expect(((await asMarketer.json()) as { code: number }).code).toBe(2021)
  })
})
