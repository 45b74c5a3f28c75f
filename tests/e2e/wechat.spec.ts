import { expect, test, type Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { WechatStandIn } from '../helpers/wechatStandIn'
import { STANDIN_APPID, STANDIN_SECRET, startWechatStandIn } from '../helpers/wechatStandIn'
import { MARKETER_KEY, chancesLeft, playRound, startPlay, winAllConfig } from './helpers/live'
import { PHONE } from './phone'
import { watchPageErrors } from './helpers/preview'

/**
 * A `wechat` activity in real Chromium with WeChat's user agent, against a
 * server of its own whose WECHAT_OAUTH_BASE / WECHAT_API_BASE point at the
 * local stand-in (tests/helpers/wechatStandIn.ts): silent sign-in, an error
 * with a retry and no loop, a snapshot page, outside WeChat, the share card
 * through the real weixin-js-sdk on a fake WeixinJSBridge, and the profile ask.
 */

const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 ' +
  'Chrome/120.0.6099.193 Mobile Safari/537.36 XWEB/1200089 MMWEBSDK/20240301 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64'

/** The built SPA that scripts/e2e-server.mjs made for this run. */
const STATIC_DIR = 'node_modules/.cache/e2e-dist'

let standIn: WechatStandIn
let server: ChildProcess
let origin = ''
let dataDir = ''

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(120_000)
  standIn = await startWechatStandIn()
  dataDir = mkdtempSync(join(tmpdir(), 'lottery-wx-e2e-'))
  server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DB_PATH: join(dataDir, 'lottery.db'),
      STATIC_DIR,
      MARKETER_KEY,
      WECHAT_APPID: STANDIN_APPID,
      WECHAT_SECRET: STANDIN_SECRET,
      WECHAT_OAUTH_BASE: standIn.origin,
      WECHAT_API_BASE: standIn.origin,
    },
  })
  origin = await new Promise<string>((resolve, reject) => {
    let out = ''
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    server.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)))
  })
})

test.afterAll(async () => {
  server?.kill('SIGTERM')
  await standIn?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

test.beforeEach(({ page }) => {
  void watchPageErrors(page)
  standIn.user = { openid: `o_${Math.random().toString(36).slice(2, 10)}` }
})
test.afterEach(({ page }) => {
  expect(watchPageErrors(page), 'errors thrown on the page').toEqual([])
})

/** A wheel activity with WeChat sign-in that every play wins. */
async function wechatActivity(page: Page, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await page.request.post(`${origin}/lottery/Activity/add`, {
    data: { ...winAllConfig(11, { max_play: 1, max_eplay: 1 }), identity: 'wechat', share_title: '来转一转', share_img: '/share.png', ...overrides, auth: MARKETER_KEY },
  })
  const body = (await response.json()) as { code: number; msg: string; data: { code: string } }
  expect(body.code, body.msg).toBe(200)
  return body.data.code
}

/** A stand-in for the WeixinJSBridge of WeChat's WebView: records the JS-SDK's calls, answers ok. */
function fakeBridge(): void {
  const calls: { name: string; params: Record<string, unknown> }[] = []
  Object.assign(window, {
    __wxCalls: calls,
    WeixinJSBridge: {
      invoke(name: string, params: Record<string, unknown>, cb?: (r: Record<string, string>) => void) {
        calls.push({ name, params })
        cb?.({ err_msg: `${name}:ok`, errMsg: `${name}:ok` })
      },
      on() {},
      call() {},
    },
  })
}

const pageUrl = (code: string) => `${origin}/game/lottery/index/code/${code}`

/** Where the page is, without the #fragment: a 302 without one keeps the authorize URL's #wechat_redirect, as browsers do. */
async function expectAt(page: Page, url: string): Promise<void> {
  await expect.poll(() => page.url().split('#')[0]).toBe(url)
}

test.describe('outside WeChat', () => {
  test('shows 请在微信中打开 with the link’s QR code and never leaves for sign-in', async ({ page }) => {
    const code = await wechatActivity(page)
    const before = standIn.calls.get('/connect/oauth2/authorize') ?? 0
    await page.goto(pageUrl(code))
    await expect(page.locator('[data-test="open-in-wechat"]')).toContainText('请在微信中打开')
    await expect(page.locator('[data-test="qr"]')).toBeVisible()
    expect(standIn.calls.get('/connect/oauth2/authorize') ?? 0).toBe(before)
  })
})

test.describe('outside WeChat, with a sign-in guide', () => {
  test('shows the marketer’s sign-in guide beside 请在微信中打开 (it comes with the refusal)', async ({ page }) => {
    const guide = { message: '请先关注公众号再来参与', button: { text: '去关注', link: 'https://mp.weixin.qq.com/e2e' } }
    const code = await wechatActivity(page, { guides: { signin: guide } })
    await page.goto(pageUrl(code))
    await expect(page.locator('[data-test="open-in-wechat"]')).toContainText('请在微信中打开')
    await expect(page.getByText(guide.message)).toBeVisible()
    await expect(page.getByRole('link', { name: '去关注' })).toHaveAttribute('href', guide.button.link)
  })
})

test.describe('inside WeChat', () => {
  test.use({ userAgent: WECHAT_UA })

  test('signs in silently, plays, sets the share card with the sharer’s ref, and asks for the profile only after the win', async ({ page }) => {
    await page.addInitScript(fakeBridge)
    standIn.user = { openid: 'o_e2e_zhang', nickname: '张小明', headimgurl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/e2e/0' }
    const code = await wechatActivity(page)
    await page.goto(pageUrl(code))
    await expectAt(page, pageUrl(code))
    await expect(page.locator('[data-test="game-page"]')).toBeVisible()
    await expect(page.locator('.game-canvas')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })

    // The share card: wx.config signed over this page's URL with the stand-in's ticket, then the card with our ref.
    await expect.poll(() => page.evaluate(() => (window as unknown as { __wxCalls: { name: string }[] }).__wxCalls.map((c) => c.name))).toContain(
      'updateAppMessageShareData',
    )
    const calls = await page.evaluate(() => (window as unknown as { __wxCalls: { name: string; params: Record<string, string> }[] }).__wxCalls)
    const config = calls.find((c) => c.name === 'preVerifyJSAPI')!.params
    const string1 = `jsapi_ticket=${standIn.lastTicket}&noncestr=${config.verifyNonceStr}&timestamp=${config.verifyTimestamp}&url=${pageUrl(code)}`
    expect(config.verifySignature).toBe(createHash('sha1').update(string1).digest('hex'))
    const card = calls.find((c) => c.name === 'updateAppMessageShareData')!.params
    expect(card).toMatchObject({ title: '来转一转', imgUrl: `${origin}/share.png` })
    expect(card.link).toMatch(new RegExp(`^${pageUrl(code)}\\?ref=[A-Za-z0-9_-]{16,32}$`))

    // A win: the ask says why, and accepting goes through snsapi_userinfo and back.
    await startPlay(page, 11)
    const ask = page.locator('[data-test="profile-ask"]')
    await expect(ask).toContainText('只用于中奖名单')
    await ask.locator('[data-test="profile-accept"]').click()
    await expect(page.locator('.game-canvas')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
    await expectAt(page, pageUrl(code))
    expect(standIn.calls.get('/sns/userinfo')).toBeGreaterThanOrEqual(1)
  })

  test('declining nickname and avatar keeps the prize and says so once', async ({ page }) => {
    const code = await wechatActivity(page)
    await page.goto(pageUrl(code))
    await expect(page.locator('.game-canvas')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
    await startPlay(page, 11)
    standIn.user = { ...standIn.user, declinesUserinfo: true }
    await page.locator('[data-test="profile-accept"]').click()
    await expect(page.getByText('奖品照常保留')).toBeVisible()
    await expectAt(page, pageUrl(code))
    await expect(page.locator('[data-test="open-my-prize"]')).toContainText('我的奖品1')
    await page.reload()
    await expect(page.locator('.game-canvas')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
    await expect(page.getByText('奖品照常保留')).toHaveCount(0)
    await expect(page.locator('[data-test="profile-ask"]')).toHaveCount(0)
  })

  test('gives the sharer a play when a new person signs in through their share link', async ({ page, browser }) => {
    await page.addInitScript(fakeBridge)
    const code = await wechatActivity(page, { max_share: 1 })
    await page.goto(pageUrl(code))
    await expect(page.locator('.game-canvas')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
    expect(await chancesLeft(page)).toBe(1)
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __wxCalls: { name: string }[] }).__wxCalls.map((c) => c.name)))
      .toContain('updateAppMessageShareData')
    const link = await page.evaluate(
      () => (window as unknown as { __wxCalls: { name: string; params: { link: string } }[] }).__wxCalls.find((c) => c.name === 'updateAppMessageShareData')!.params.link,
    )

    const friend = await browser.newContext({ ...PHONE, userAgent: WECHAT_UA })
    try {
      standIn.user = { openid: 'o_e2e_friend' }
      const friendPage = await friend.newPage()
      await friendPage.goto(link)
      await expect(friendPage.locator('[data-test="game-page"]')).toBeVisible()
    } finally {
      await friend.close()
    }
    await page.reload()
    await expect(page.locator('[data-test="game-page"]')).toBeVisible()
    await expect.poll(() => chancesLeft(page)).toBe(2)
  })

  test('keeps the person’s plays and prizes across dropped cookies and a second phone: they belong to the openid', async ({ page, browser, context }) => {
    // The stand-in hands out standIn.user's openid to whoever opens its authorize page: one WeChat user throughout.
    standIn.user = { openid: 'o_e2e_li' }
    // One win per window: the first play loses, then the marketer makes every play win, so both plays are used and one prize is won.
    const winning = winAllConfig(11).prize
    const code = await wechatActivity(page, { max_play: 2, max_eplay: 2, prize: winning.map((p) => ({ ...p, chance: 0 })) })
    const ready = async (p: Page) => {
      await p.goto(pageUrl(code))
      await expectAt(p, pageUrl(code))
      await expect(p.locator('.game-canvas')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
    }
    /** No plays left and the win listed, read from the server's answers. */
    const spent = async (p: Page) => {
      await expect.poll(() => chancesLeft(p)).toBe(0)
      await expect(p.locator('[data-test="open-my-prize"]')).toContainText('我的奖品1')
      await p.locator('[data-test="open-my-prize"]').click()
      await expect(p.locator('[data-test="my-prize"]')).toHaveCount(1)
    }

    await ready(page)
    expect(await chancesLeft(page)).toBe(2)
    await playRound(page, 11)
    await wechatActivity(page, { code, max_play: 2, max_eplay: 2, prize: winning })
    await startPlay(page, 11)
    await expect(page.locator('[data-test="view-my-prize"]')).toBeVisible()
    await page.reload()
    await expect(page.locator('.game-canvas')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 })
    await spent(page)

    const signIns = standIn.calls.get('/connect/oauth2/authorize') ?? 0
    await context.clearCookies()
    expect(await context.cookies()).toEqual([])
    await ready(page)
    // Signed in again through WeChat (no wxid cookie left), as the same person.
    expect(standIn.calls.get('/connect/oauth2/authorize')).toBe(signIns + 1)
    await spent(page)

    const phone2 = await browser.newContext({ ...PHONE, userAgent: WECHAT_UA })
    try {
      const page2 = await phone2.newPage()
      await ready(page2)
      await spent(page2)
    } finally {
      await phone2.close()
    }
  })

  test('shows WeChat’s error with a retry, redirecting on its own only once', async ({ page }) => {
    const code = await wechatActivity(page)
    const before = standIn.calls.get('/connect/oauth2/authorize') ?? 0
    standIn.failNext('/sns/oauth2/access_token', -1)
    await page.goto(pageUrl(code))
    await expectAt(page, `${pageUrl(code)}?wx=-1`)
    await expect(page.locator('[data-test="wechat-gate-retry"]')).toContainText('微信系统繁忙')
    expect(standIn.calls.get('/connect/oauth2/authorize')).toBe(before + 1)
    await page.locator('[data-test="wechat-retry"]').click()
    await expect(page.locator('[data-test="game-page"]')).toBeVisible()
    expect(standIn.calls.get('/connect/oauth2/authorize')).toBe(before + 2)
  })

  test('lets a snapshot-page visitor look, not play, and says how to open the full page', async ({ page }) => {
    standIn.user = { openid: 'o_e2e_ghost', snapshot: true }
    const code = await wechatActivity(page)
    await page.goto(pageUrl(code))
    await expect(page.locator('[data-test="wechat-gate-snapshot"]')).toContainText('使用完整服务')
    await expect(page.locator('h1')).toContainText('幸运大转盘')
    await expect(page.locator('[data-test="prize"]').first()).toBeVisible()
    await expect(page.locator('[data-test="play"]')).toHaveCount(0)
  })
})
