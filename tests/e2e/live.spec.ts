import { expect, test, type Page, type Request } from '@playwright/test'
import { DEFAULT_TIPS } from '../../src/core/activity'
import { Code } from '../../src/core/contract'
import {
  LIVE_TEMPLATES,
  TEST_TIPS,
  chancesLeft,
  closeResult,
  createActivity,
  jwtCookie,
  keepScratching,
  noWinConfig,
  openGame,
  playRound,
  readResult,
  redeem,
  shot,
  startPlay,
  tapToPlay,
  winAllConfig,
  windowAround,
} from './helpers/live'
import { watchPageErrors } from './helpers/preview'

/**
 * The live participant flow in real Chromium at a phone viewport against the
 * real server (API + built SPA, fresh database). Runs in the canvas project
 * only (playwright.config.ts): the games' WebGL path is covered by preview.spec.ts.
 */

const AWARD = '**/lottery/Activity/award'

// A script error on the page (a game's render loop dying, say) fails the test with its message.
test.beforeEach(({ page }) => void watchPageErrors(page))
test.afterEach(({ page }) => {
  expect(watchPageErrors(page), 'errors thrown on the page').toEqual([])
})

function awardBodies(page: Page): { request_id: string }[] {
  const bodies: { request_id: string }[] = []
  page.on('request', (r: Request) => {
    if (r.url().endsWith('/lottery/Activity/award')) bodies.push(r.postDataJSON() as { request_id: string })
  })
  return bodies
}

for (const t of LIVE_TEMPLATES) {
  test.describe(`live ${t.name}`, () => {
    test.beforeEach(() => {
      test.setTimeout(360_000)
    })

    test('plays until no plays are left: no_award (seed default text), then the no_times text', async ({ page, request }) => {
      const code = await createActivity(request, noWinConfig(t.template))
      await openGame(page, code)
      expect(await chancesLeft(page)).toBe(1)

      await startPlay(page, t.template)
      expect((await readResult(page)).tips).toBe(DEFAULT_TIPS.no_award)
      await shot(page, `${t.name}-no-award`)
      await closeResult(page)
      expect(await chancesLeft(page)).toBe(0)

      await startPlay(page, t.template)
      const last = await readResult(page)
      expect(last.headline).toBe('机会用完啦')
      expect(last.tips).toBe(TEST_TIPS.no_times)
      await shot(page, `${t.name}-no-times`)
    })

    test('a win shows its code; 我的奖品 shows it with a QR; have_award next; once redeemed the code is gone', async ({ page, request }) => {
      const code = await createActivity(request, winAllConfig(t.template, { tips: { ...TEST_TIPS } }))
      await openGame(page, code)

      await startPlay(page, t.template)
      const win = await readResult(page)
      expect(win.headline).toBe('恭喜中奖')
      expect(win.secret).toMatch(/^\d{12}$/)
      await shot(page, `${t.name}-win`)

      // From the dialog to 我的奖品: info/check shows the code and its QR.
      await page.locator('[data-test="view-my-prize"]').click()
      await expect(page).toHaveURL(new RegExp(`/game/lottery/index/code/${code}/prize\\?awardcode=${win.secret}$`))
      const card = page.locator(`[data-test="my-prize"][data-code="${win.secret}"]`)
      await expect(card.locator('[data-test="award-code"]')).toHaveText(win.secret.replace(/(\d{4})(?=\d)/g, '$1 '))
      const qr = card.locator('img[data-test="qr"]')
      await expect(qr).toBeVisible()
      expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth >= 3 * 172)).toBe(true)
      await expect(card.locator('[data-test="prize-status"]')).toHaveText(t.template === 12 ? '已发放' : '待核销')
      await shot(page, `${t.name}-my-prize`)

      // Back to the game: already won in this window.
      await page.locator('[data-test="back-to-game"]').click()
      await expect(page.locator('.game-canvas')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
      const chancesAfterWin = await chancesLeft(page)
      expect(chancesAfterWin).toBe(4)
      await startPlay(page, t.template)
      const again = await readResult(page)
      expect(again.headline).toBe('已经中过奖啦')
      expect(again.tips).toBe(TEST_TIPS.have_award)
      await shot(page, `${t.name}-have-award`)
      await closeResult(page)
      expect(await chancesLeft(page)).toBe(chancesAfterWin)

      // The merchant redeems it: the page says so and no longer shows the code.
      await redeem(request, code, win.secret)
      await page.goto(`/game/lottery/index/code/${code}/prize`)
      // The index no longer even hands out the redeemed prize's code.
      const redeemed = page.locator('[data-test="my-prize"]')
      await expect(redeemed).toHaveCount(1)
      await expect(redeemed.locator('[data-test="redeemed"]')).toBeVisible()
      await expect(redeemed.locator('[data-test="prize-status"]')).toHaveText('已核销')
      await expect(redeemed.locator('[data-test="award-code"]')).toHaveCount(0)
      await expect(redeemed.locator('[data-test="qr"]')).toHaveCount(0)
      await expect(page.getByText(win.secret)).toHaveCount(0)
      await shot(page, `${t.name}-redeemed`)
    })

    test('code 201 opens the info form, checked before sending; the same play then resumes without a second tap', async ({ page, request }) => {
      const code = await createActivity(request, winAllConfig(t.template, { actinfo: { ...demoActinfo(), need_info: true } }))
      const awards = awardBodies(page)
      const userCalls: string[] = []
      page.on('request', (r) => r.url().endsWith('/lottery/Activity/user') && userCalls.push(r.postData() ?? ''))
      await openGame(page, code)

      await startPlay(page, t.template, 'form')
      const form = page.locator('[data-test="user-form"]')
      await form.locator('input[name="name"]').fill('张三')
      await form.locator('input[name="tel"]').fill('12345')
      await form.getByRole('button', { name: '提交并继续抽奖' }).click()
      await expect(form.getByText('请填写正确的 11 位手机号')).toBeVisible()
      expect(userCalls).toHaveLength(0)
      await shot(page, `${t.name}-info-form`)

      await form.locator('input[name="tel"]').fill('13800138000')
      await form.locator('input[name="address"]').fill('杭州市上城区')
      await form.getByRole('button', { name: '提交并继续抽奖' }).click()
      await expect(form).toBeHidden()
      // No second tap: the play goes on by itself (the card still wants scratching).
      if (t.template === 10) await keepScratching(page)
      const shown = await readResult(page)
      expect(shown.headline).toBe('恭喜中奖')
      expect(userCalls).toHaveLength(1)
      expect(JSON.parse(userCalls[0]!)).toMatchObject({ name: '张三', tel: '13800138000', address: '杭州市上城区' })
      expect(awards).toHaveLength(2)
      expect(awards[1]!.request_id).toBe(awards[0]!.request_id)
    })

    test('network faults: a slow answer says 请稍候…, a lost one is retried with the same id, a failed play is retried with nothing lost', async ({ page, request }) => {
      // 1. The first answer is delayed, then lost on the way back: the client retries the SAME play by itself.
      const code = await createActivity(request, winAllConfig(t.template))
      const awards = awardBodies(page)
      let firstBody: { code: number; data: { secret: string } } | null = null
      await page.route(AWARD, async (route) => {
        if (firstBody) return route.continue()
        const response = await route.fetch() // the server has played
        firstBody = (await response.json()) as typeof firstBody
        await new Promise((r) => setTimeout(r, 4000))
        await route.abort('connectionreset')
      })
      await openGame(page, code)
      expect(await chancesLeft(page)).toBe(5)
      await tapToPlay(page, t.template)
      await expect(page.locator('[data-test="slow"]')).toHaveText('请稍候…')
      await shot(page, `${t.name}-slow`)
      if (t.template === 10) await keepScratching(page)
      const shown = await readResult(page)
      expect(firstBody!.code).toBe(Code.OK)
      expect(shown.secret).toBe(firstBody!.data.secret)
      expect(awards.length).toBeGreaterThanOrEqual(2)
      expect(new Set(awards.map((a) => a.request_id)).size).toBe(1)
      await closeResult(page)
      expect(await chancesLeft(page)).toBe(4)
      await page.unroute(AWARD)

      // 2. Every attempt is lost (the server played the first): the game comes to rest, the page says so,
      //    and the participant's next tap repeats the same play — the stored result, one chance in all.
      const code2 = await createActivity(request, winAllConfig(t.template))
      let stored: { code: number; data: { secret: string } } | null = null
      await page.route(AWARD, async (route) => {
        const response = await route.fetch()
        stored ??= (await response.json()) as typeof stored
        await route.abort('connectionreset')
      })
      await openGame(page, code2)
      awards.length = 0
      await tapToPlay(page, t.template)
      await expect(page.locator('[data-test="play-error"]')).toHaveText('网络异常，请重试', { timeout: 60_000 })
      // The game came back to rest (a graceful stop, not a freeze) and takes the next tap.
      await expect(page.locator('.game-canvas')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
      await expect(page.locator('[data-test="play"]')).toBeEnabled()
      await shot(page, `${t.name}-network-error`)
      expect(awards.length).toBe(4)

      await page.unroute(AWARD)
      await startPlay(page, t.template)
      const retried = await readResult(page)
      expect(stored!.code).toBe(Code.OK)
      expect(retried.secret).toBe(stored!.data.secret)
      expect(new Set(awards.map((a) => a.request_id)).size).toBe(1)
      await closeResult(page)
      expect(await chancesLeft(page)).toBe(4)
      await expect(page.locator('[data-test="open-my-prize"]')).toContainText('1')
    })

    test('a reused old token is refused, and the page re-enters and plays on', async ({ page, context, request }) => {
      const code = await createActivity(request, winAllConfig(t.template, { tips: { ...TEST_TIPS } }))
      await openGame(page, code)
      const old = await jwtCookie(context)
      expect(old).toBeDefined()

      expect((await playRound(page, t.template)).headline).toBe('恭喜中奖')
      expect((await playRound(page, t.template)).tips).toBe(TEST_TIPS.have_award)
      expect((await jwtCookie(context))?.value).not.toBe(old!.value)

      // Put the old token back and call the API with it: reuse, refused (and the chain revoked).
      await context.addCookies([old!])
      const refused = await page.evaluate(async (activityCode) => {
        const response = await fetch('/lottery/Activity/prize', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: activityCode }),
        })
        return { http: response.status, body: (await response.json()) as { status: number; code: number } }
      }, code)
      expect(refused.http).toBe(401)
      expect(refused.body).toMatchObject({ status: 0, code: Code.TOKEN_REUSED })

      // The page's client re-enters through the index once and the play goes on.
      const after = await playRound(page, t.template)
      expect(after.tips).toBe(TEST_TIPS.have_award)
      await expect(page.locator('[data-test="fatal"]')).toBeHidden()
    })
  })
}

test.describe('live page states', () => {
  test.beforeEach(() => {
    test.setTimeout(180_000)
  })

  test('unknown code, countdown before a window, game over after the last, closed', async ({ page, request }) => {
    await page.goto('/game/lottery/index/code/no-such-activity')
    await expect(page.locator('[data-test="not-found"]')).toContainText('活动不存在')
    await shot(page, 'state-unknown-code')
    await page.getByRole('link', { name: '返回首页' }).click()
    await expect(page).toHaveURL(/\/$/)

    const soon = await createActivity(request, winAllConfig(11, { active_time: windowAround(2 * 60 * 60 * 1000) }))
    await openGame(page, soon)
    await expect(page.locator('[data-test="window-notice"]')).toContainText('距活动开始还有')
    await expect(page.locator('[data-test="countdown"]')).toHaveText(/^0[12]:\d\d:\d\d$/)
    await expect(page.locator('[data-test="play"]')).toBeDisabled()
    await expect(page.locator('[data-test="play"]')).toHaveText('活动未开始')
    await shot(page, 'state-countdown')

    const over = await createActivity(request, winAllConfig(12, { active_time: windowAround(-3 * 24 * 60 * 60 * 1000), tips: { ...TEST_TIPS } }))
    await openGame(page, over)
    await expect(page.locator('[data-test="window-notice"]')).toContainText('活动已结束')
    await expect(page.locator('[data-test="window-notice"]')).toContainText(TEST_TIPS.game_over)
    await expect(page.locator('[data-test="play"]')).toHaveText('活动已结束')
    await shot(page, 'state-game-over')

    const closed = await createActivity(request, winAllConfig(10, { status: 0 }))
    await openGame(page, closed)
    await expect(page.locator('[data-test="window-notice"]')).toContainText('活动已关闭')
    await expect(page.locator('[data-test="play"]')).toBeDisabled()
    await shot(page, 'state-closed')
  })

  test('the winners marquee shows the latest winners, masked', async ({ page, request }) => {
    const code = await createActivity(request, winAllConfig(11, { actinfo: { ...demoActinfo(), need_info: true } }))
    await openGame(page, code)
    await startPlay(page, 11, 'form')
    const form = page.locator('[data-test="user-form"]')
    await form.locator('input[name="name"]').fill('王小明')
    await form.locator('input[name="tel"]').fill('13900139000')
    await form.getByRole('button', { name: '提交并继续抽奖' }).click()
    await readResult(page)
    await closeResult(page)
    await page.reload()
    await expect(page.locator('[data-test="marquee"]')).toContainText('恭喜 王** 获得')
    await expect(page.locator('[data-test="marquee"]')).not.toContainText('13900139000')
    await expect(page.locator('[data-test="marquee"]')).not.toContainText('王小明')
  })
})

function demoActinfo() {
  return { name: '测试商家', tel: '0571-8888 6666', address: '杭州市上城区', desc: '凭核销码到店领取' }
}
