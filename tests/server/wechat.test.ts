import { Hono } from 'hono'
import { createHash } from 'node:crypto'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Envelope } from '../../src/core/contract'
import type { JsconfigData, SnapshotData } from '../../src/core/wechat'
import type { WechatConfig } from '../../server/wechat/config'
import type { TestServer } from './helpers'
import type { WechatStandIn } from '../helpers/wechatStandIn'
import { Code } from '../../src/core/contract'
import { windowAt, windowBounds } from '../../src/core/windows'
import { resolveDeps } from '../../server/context'
import { recordReferral, referralPlays, withExtraPlays } from '../../server/wechat/referral'
import { defaultIdentity, wechatEntryReply, wechatParticipant } from '../../server/wechat/signin'
import { wechatAvatar, winnerDisplay } from '../../server/wechat/winner'
import { envelope } from '../../server/http'
import { STANDIN_APPID, STANDIN_SECRET, startWechatStandIn } from '../helpers/wechatStandIn'
import type { IndexData, UserlistData } from '../../src/core/contract'
import { PATHS } from '../../src/core/contract'
import { Client, HOUR, JWT_SECRET, MARKETER_KEY, TICKET_SECRET, addActivity, config, makeServer, prize } from './helpers'

/**
 * WeChat sign-in, the JS-SDK signature and referrals, through real HTTP to a
 * local stand-in of WeChat (tests/helpers/wechatStandIn.ts).
 */

let standIn: WechatStandIn
let wechat: WechatConfig
let server: TestServer

beforeAll(async () => {
  standIn = await startWechatStandIn()
  wechat = { appId: STANDIN_APPID, secret: STANDIN_SECRET, oauthBase: standIn.origin, apiBase: standIn.origin }
})
afterAll(() => standIn.close())

beforeEach(async () => {
  server = makeServer({ wechat })
  standIn.user = { openid: 'o_alice' }
  standIn.calls.clear()
  standIn.cgiDelayMs = 0
  await addActivity(server.app, 'wx1', config({ identity: 'wechat', max_share: 2, max_play: 1 }))
})
afterEach(() => server.close())

/** Follow redirects across our app and the stand-in, as a browser does; stops at the first answer that is not a 302 to either. */
async function navigate(
  client: Client,
  url: string,
  stopAtCallback = false,
  app = server.app,
): Promise<{ url: string; status: number; body: string }> {
  let current = url
  for (let hop = 0; hop < 6; hop++) {
    const target = new URL(current, 'http://localhost')
    if (stopAtCallback && target.pathname === '/lottery/wechat/callback') return { url: current, status: 0, body: '' }
    let res: Response
    if (target.origin === standIn.origin) {
      res = await fetch(target, { redirect: 'manual' })
    } else if (target.pathname.startsWith('/lottery/')) {
      res = await app.request(target.pathname + target.search, { headers: { cookie: client.cookieHeader() } })
      client.absorb(res.headers)
    } else {
      return { url: target.pathname + target.search, status: 200, body: '' }
    }
    const location = res.headers.get('location')
    if (res.status !== 302 || location === null) return { url: current, status: res.status, body: await res.text() }
    current = location
  }
  throw new Error(`too many redirects from ${url}`)
}

const PAGE = '/game/lottery/index/code/wx1'
const authorize = (query = 'code=wx1') => `/lottery/wechat/authorize?${query}`

/** The WeChat callback URL our authorize leads to (not followed). */
async function callbackUrl(client: Client, query?: string): Promise<URL> {
  const stop = await navigate(client, authorize(query), true)
  return new URL(stop.url)
}

/** Who Activity/index takes this browser for, the decision alone (the route itself: 'Activity/index and the chain' below). */
async function entry(client: Client, code = 'wx1'): Promise<Envelope<unknown>> {
  const deps = resolveDeps({ store: server.store, jwtSecret: JWT_SECRET, ticketSecret: TICKET_SECRET, uploadDir: server.dir, wechat, now: () => server.clock.now })
  const probe = new Hono()
  probe.get('/lottery/probe', async (c) => {
    const activity = (await deps.store.activityByCode(code))!
    const who = await wechatParticipant(c, deps, activity)
    return c.json('pid' in who ? envelope({ code: Code.OK, data: who }) : envelope(wechatEntryReply(who, activity, deps.now())))
  })
  const res = await probe.request('/lottery/probe', { headers: { cookie: client.cookieHeader() } })
  return (await res.json()) as Envelope<unknown>
}

async function signIn(client: Client, query?: string) {
  const end = await navigate(client, authorize(query))
  expect(end.url).toBe(PAGE)
}

describe('WeChat web sign-in (snsapi_base)', () => {
  it('sends a new browser to WeChat and back, signed in as w:{openid} with a cookie that is no JWT', async () => {
    const browser = new Client(server.app)
    const before = await entry(browser)
    expect(before.code).toBe(Code.WECHAT_SIGNIN)
    const to = (before.data as { authorize: string }).authorize
    expect(to).toBe('/lottery/wechat/authorize?code=wx1&scope=base')

    const first = await server.app.request(to)
    const wx = new URL(first.headers.get('location')!)
    expect(`${wx.origin}${wx.pathname}`).toBe(`${standIn.origin}/connect/oauth2/authorize`)
    expect([...wx.searchParams.keys()]).toEqual(['appid', 'redirect_uri', 'response_type', 'scope', 'state'])
    expect(wx.searchParams.get('redirect_uri')).toBe('http://localhost/lottery/wechat/callback')
    expect(wx.searchParams.get('scope')).toBe('snsapi_base')
    expect(wx.hash).toBe('#wechat_redirect')

    await signIn(browser)
    expect(await entry(browser)).toMatchObject({ code: Code.OK, data: { pid: 'w:o_alice' } })
    const cookie = browser.jar.get('wxid') ?? ''
    expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // The row holds only the cookie's hash.
    expect(await server.store.wechat.personBySession(cookie)).toBeNull()
    expect(await server.store.wechat.person('o_alice')).toMatchObject({ snapshot: 0, nickname: null })
    // Signing in again as the same person keeps the session; as someone else, starts a new one.
    await signIn(browser)
    expect(browser.jar.get('wxid')).toBe(cookie)
    standIn.user = { openid: 'o_bob' }
    await signIn(browser)
    expect(browser.jar.get('wxid')).not.toBe(cookie)
    expect(await entry(browser)).toMatchObject({ code: Code.OK, data: { pid: 'w:o_bob' } })
  })

  it.each([
    [40029, 'invalid code'],
    [40163, 'code been used'],
    [41008, 'missing code'],
    [40001, 'invalid credential'],
    [42001, 'access_token expired'],
    [-1, 'system busy'],
    [45011, 'an errcode we do not know'],
  ])('goes back to the page with ?wx=%s (%s) and signs no one in', async (errcode) => {
    const browser = new Client(server.app)
    const callback = await callbackUrl(browser)
    callback.searchParams.set('code', `err${errcode}`)
    const end = await navigate(browser, callback.pathname + callback.search)
    expect(end.url).toBe(`${PAGE}?wx=${errcode}`)
    expect(browser.jar.has('wxid')).toBe(false)
    expect((await entry(browser)).code).toBe(Code.WECHAT_SIGNIN)
  })

  it('reports WeChat’s own answers: an unknown code is 40029, an empty one 41008', async () => {
    const browser = new Client(server.app)
    for (const [code, status] of [['no-such-code', '40029'], ['', '41008']] as const) {
      const callback = await callbackUrl(browser)
      callback.searchParams.set('code', code)
      expect((await navigate(browser, callback.pathname + callback.search)).url).toBe(`${PAGE}?wx=${status}`)
    }
  })

  it('refuses a replayed state', async () => {
    const browser = new Client(server.app)
    const callback = await callbackUrl(browser)
    expect((await navigate(browser, callback.href)).url).toBe(PAGE)
    expect((await navigate(browser, callback.href)).url).toBe(`${PAGE}?wx=state`)
  })

  it('refuses a replayed code under a fresh state (WeChat: 40163)', async () => {
    const browser = new Client(server.app)
    const first = await callbackUrl(browser)
    await navigate(browser, first.href)
    const second = await callbackUrl(browser)
    second.searchParams.set('code', first.searchParams.get('code')!)
    expect((await navigate(browser, second.href)).url).toBe(`${PAGE}?wx=40163`)
  })

  it('refuses a state issued to another browser, and leaves it usable by its own', async () => {
    const victim = new Client(server.app)
    const callback = await callbackUrl(victim)
    const other = new Client(server.app)
    expect((await navigate(other, callback.href)).url).toBe(`${PAGE}?wx=state`)
    other.jar.set('wxn', 'x'.repeat(32))
    expect((await navigate(other, callback.href)).url).toBe(`${PAGE}?wx=state`)
    expect(other.jar.has('wxid')).toBe(false)
    expect((await navigate(victim, callback.href)).url).toBe(PAGE)
  })

  it('refuses an expired state and answers 400 for one never issued', async () => {
    const browser = new Client(server.app)
    const callback = await callbackUrl(browser)
    server.clock.now += 11 * 60 * 1000
    expect((await navigate(browser, callback.href)).url).toBe(`${PAGE}?wx=state`)
    const unknown = await navigate(browser, '/lottery/wechat/callback?code=x&state=never-issued')
    expect(unknown.status).toBe(400)
    expect(unknown.body).toContain('登录链接无效')
  })

  it('lets a snapshot-page visitor look but not play', async () => {
    standIn.user = { openid: 'o_alice', snapshot: true }
    const browser = new Client(server.app)
    await signIn(browser)
    const answer = await entry(browser)
    expect(answer.code).toBe(Code.WECHAT_SNAPSHOT)
    expect(answer.msg).toContain('使用完整服务')
    const data = answer.data as SnapshotData
    expect(data).toMatchObject({ view: 'snapshot', code: 'wx1', identity: 'wechat', active_title: '测试活动' })
    expect(data).not.toHaveProperty('state')
    // Opening the full page signs in again, as the real person.
    standIn.user = { openid: 'o_alice' }
    await signIn(browser)
    expect(await entry(browser)).toMatchObject({ code: Code.OK, data: { pid: 'w:o_alice' } })
  })

  it('reports a wrong AppSecret as WeChat does: 40125 at sign-in, 40001 for the JS-SDK ticket', async () => {
    const wrong = makeServer({ wechat: { ...wechat, secret: 'not-the-secret' } })
    try {
      await addActivity(wrong.app, 'wx1', config({ identity: 'wechat' }))
      const browser = new Client(wrong.app)
      expect((await navigate(browser, authorize(), false, wrong.app)).url).toBe(`${PAGE}?wx=40125`)
      const jsconfig = await browser.call('/wechat/jsconfig', { code: 'wx1', url: `http://localhost${PAGE}` })
      expect(jsconfig.body).toMatchObject({ code: Code.WECHAT_UNAVAILABLE })
      expect(jsconfig.body.msg).toContain('40001')
    } finally {
      await wrong.close()
    }
  })

  it('answers 2042 for a wechat activity on a server without credentials, and authorize goes back with ?wx=unavailable', async () => {
    const bare = makeServer()
    try {
      await addActivity(bare.app, 'wx1', config({ identity: 'wechat' }))
      const res = await bare.app.request(authorize())
      expect(res.headers.get('location')).toBe(`${PAGE}?wx=unavailable`)
      const jsconfig = await new Client(bare.app).call('/wechat/jsconfig', { code: 'wx1', url: 'http://localhost/x' })
      expect(jsconfig.body.code).toBe(Code.WECHAT_UNAVAILABLE)
    } finally {
      await bare.close()
    }
  })
})

it('gives an activity that names no identity its own, else wechat only on a server with credentials', async () => {
  const deps = (w?: WechatConfig) => resolveDeps({ store: server.store, jwtSecret: JWT_SECRET, ticketSecret: TICKET_SECRET, uploadDir: server.dir, wechat: w })
  expect(defaultIdentity(deps(wechat), null)).toBe('wechat')
  expect(defaultIdentity(deps(), null)).toBe('anonymous')
  expect(defaultIdentity(deps(wechat), { ...(await server.store.activityByCode('wx1'))!, config: config({ identity: 'anonymous' }) })).toBe('anonymous')
})

describe('nickname and avatar (snsapi_userinfo), only when asked', () => {
  it('stores them and shows them masked, the avatar at /132 from WeChat’s host only', async () => {
    const browser = new Client(server.app)
    await signIn(browser)
    standIn.user = { openid: 'o_alice', unionid: 'u_alice', nickname: '张小明', headimgurl: 'http://thirdwx.qlogo.cn/mmopen/vi_32/AbC/0' }
    const to = await callbackUrl(browser, 'code=wx1&scope=userinfo')
    expect(standIn.calls.get('/connect/oauth2/authorize')).toBe(2)
    expect((await navigate(browser, to.href)).url).toBe(PAGE)
    expect(await server.store.wechat.person('o_alice')).toMatchObject({ unionid: 'u_alice', nickname: '张小明' })
    expect(await winnerDisplay(server.store, 'w:o_alice', '王五')).toEqual({
      wxname: '张**',
      headimgurl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/AbC/132',
    })
  })

  it('keeps a person who declines as they were (the list shows the masked form name)', async () => {
    const browser = new Client(server.app)
    await signIn(browser)
    standIn.user = { openid: 'o_alice', declinesUserinfo: true }
    expect((await navigate(browser, authorize('code=wx1&scope=userinfo'))).url).toBe(`${PAGE}?wx=declined`)
    expect(await entry(browser)).toMatchObject({ code: Code.OK, data: { pid: 'w:o_alice' } })
    expect(await winnerDisplay(server.store, 'w:o_alice', '王五')).toEqual({ wxname: '王*', headimgurl: '' })
  })

  it('reports a userinfo failure (48001 when WeChat refuses the scope) and keeps the sign-in', async () => {
    const browser = new Client(server.app)
    const to = await callbackUrl(browser, 'code=wx1&scope=userinfo')
    standIn.failNext('/sns/userinfo', 48001)
    expect((await navigate(browser, to.href)).url).toBe(`${PAGE}?wx=48001`)
    expect(await entry(browser)).toMatchObject({ code: Code.OK })
  })

  it('accepts only WeChat avatar URLs', () => {
    expect(wechatAvatar('https://wx.qlogo.cn/mmopen/abc/64')).toBe('https://wx.qlogo.cn/mmopen/abc/132')
    expect(wechatAvatar('https://evil.example/mmopen/abc/132')).toBe('')
    expect(wechatAvatar('https://thirdwx.qlogo.cn.evil.example/a/132')).toBe('')
    expect(wechatAvatar('javascript:alert(1)//thirdwx.qlogo.cn/a/132')).toBe('')
    expect(wechatAvatar('https://thirdwx.qlogo.cn/a/b/640x640.png')).toBe('')
    expect(wechatAvatar('')).toBe('')
  })
})

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')

describe('the JS-SDK signature (jsconfig)', () => {
  const jsconfig = (client: Client, url = 'http://localhost/game/lottery/index/code/wx1?from=timeline#top') =>
    client.call<JsconfigData>('/wechat/jsconfig', { code: 'wx1', url })

  it('signs the page URL without its fragment with the ticket WeChat issued', async () => {
    const answer = await jsconfig(new Client(server.app))
    expect(answer.body.code).toBe(Code.OK)
    const d = answer.body.data
    expect(d.appId).toBe(STANDIN_APPID)
    expect(d.timestamp).toBe(Math.floor(server.clock.now / 1000))
    const string1 = `jsapi_ticket=${standIn.lastTicket}&noncestr=${d.nonceStr}&timestamp=${d.timestamp}&url=http://localhost/game/lottery/index/code/wx1?from=timeline`
    expect(d.signature).toBe(sha1(string1))
  })

  it('fetches the token and the ticket once for N concurrent requests, then again only after expiry', async () => {
    standIn.cgiDelayMs = 50
    const browser = new Client(server.app)
    const answers = await Promise.all(Array.from({ length: 8 }, () => jsconfig(browser)))
    expect(answers.every((a) => a.body.code === Code.OK)).toBe(true)
    expect(standIn.calls.get('/cgi-bin/token')).toBe(1)
    expect(standIn.calls.get('/cgi-bin/ticket/getticket')).toBe(1)
    await jsconfig(browser)
    expect(standIn.calls.get('/cgi-bin/ticket/getticket')).toBe(1)
    server.clock.now += 2 * HOUR
    await jsconfig(browser)
    expect(standIn.calls.get('/cgi-bin/token')).toBe(2)
    expect(standIn.calls.get('/cgi-bin/ticket/getticket')).toBe(2)
  })

  it('answers 2042 when WeChat refuses the ticket, and fetches a new token on the next request', async () => {
    standIn.failNext('/cgi-bin/ticket/getticket', 40001)
    const refused = await jsconfig(new Client(server.app))
    expect(refused.body.code).toBe(Code.WECHAT_UNAVAILABLE)
    expect(refused.body.msg).toContain('40001')
    expect((await jsconfig(new Client(server.app))).body.code).toBe(Code.OK)
    expect(standIn.calls.get('/cgi-bin/token')).toBe(2)
  })

  it('signs only our own pages', async () => {
    const answer = await jsconfig(new Client(server.app), 'https://elsewhere.example/page')
    expect(answer.body.code).toBe(Code.BAD_REQUEST)
  })

  it('gives the share card: texts, absolute image, our link with the sharer’s ref; none when isshare is 0', async () => {
    await addActivity(server.app, 'wx1', config({ identity: 'wechat', share_title: '来转一转', share_desc: '好礼', share_img: '/lottery/img/a.png' }))
    const anonymous = (await jsconfig(new Client(server.app))).body.data.share
    expect(anonymous).toEqual({ title: '来转一转', desc: '好礼', link: `http://localhost${PAGE}`, imgUrl: 'http://localhost/lottery/img/a.png' })

    const browser = new Client(server.app)
    await signIn(browser)
    const ref = (await server.store.wechat.person('o_alice'))!.ref
    expect((await jsconfig(browser)).body.data.share?.link).toBe(`http://localhost${PAGE}?ref=${ref}`)

    await addActivity(server.app, 'wx1', config({ identity: 'wechat', isshare: 0 }))
    expect((await jsconfig(browser)).body.data.share).toBeNull()
  })

  it('matches WeChat’s published example', async () => {
    const { jsapiSignature } = await import('../../server/wechat/jsapi')
    const example = {
      ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
      nonceStr: 'Wm3WZYTPz0wzccnW',
      timestamp: 1414587457,
      url: 'http://mp.weixin.qq.com?params=value',
    }
    expect(jsapiSignature(example)).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed')
    expect(jsapiSignature({ ...example, url: `${example.url}#share` })).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed')
  })
})

describe('max_share as a referral', () => {
  /** The sharer's pid and referral id, signed in and entered. */
  async function sharer(openid: string) {
    standIn.user = { openid }
    await signIn(new Client(server.app))
    await server.store.ensureParticipant((await server.store.activityByCode('wx1'))!.id, `w:${openid}`, server.clock.now)
    return (await server.store.wechat.person(openid))!.ref
  }
  async function arrive(openid: string, ref: string, extra: Partial<typeof standIn.user> = {}) {
    standIn.user = { openid, ...extra }
    await navigate(new Client(server.app), authorize(`code=wx1&ref=${ref}`))
  }
  const plays = async (openid: string) => {
    const activity = (await server.store.activityByCode('wx1'))!
    const open = windowAt(activity.config.active_time, server.clock.now)
    const start = open.phase === 'open' ? windowBounds(activity.config.active_time[open.index]!)!.start : -1
    return referralPlays(server.store, activity.id, `w:${openid}`, start)
  }

  it('gives the sharer one play per new person, at most max_share per 场次', async () => {
    const ref = await sharer('o_alice')
    await arrive('o_bob', ref)
    expect(await plays('o_alice')).toBe(1)
    await arrive('o_bob', ref)
    expect(await plays('o_alice')).toBe(1)
    await arrive('o_carol', ref)
    await arrive('o_dave', ref)
    expect(await plays('o_alice')).toBe(2)
  })

  it('does not count the sharer, a snapshot visitor, someone who already entered, or a bad ref', async () => {
    const ref = await sharer('o_alice')
    await arrive('o_alice', ref)
    await arrive('o_ghost', ref, { snapshot: true })
    await server.store.ensureParticipant((await server.store.activityByCode('wx1'))!.id, 'w:o_erin', server.clock.now)
    await arrive('o_erin', ref)
    await arrive('o_frank', 'not-a-ref')
    expect(await plays('o_alice')).toBe(0)
  })

  it('counts a person already signed in elsewhere who enters this activity through the link (Activity/index with ref)', async () => {
    const ref = await sharer('o_alice')
    standIn.user = { openid: 'o_gina' }
    await signIn(new Client(server.app))
    const activity = (await server.store.activityByCode('wx1'))!
    expect(await recordReferral(server.store, activity, ref, 'w:o_gina', server.clock.now)).toBe(true)
    await server.store.ensureParticipant(activity.id, 'w:o_gina', server.clock.now)
    expect(await recordReferral(server.store, activity, ref, 'w:o_gina', server.clock.now)).toBe(false)
    expect(await plays('o_alice')).toBe(1)
  })

  it('is off when max_share is 0', async () => {
    await addActivity(server.app, 'wx1', config({ identity: 'wechat', max_share: 0 }))
    const ref = await sharer('o_alice')
    await arrive('o_bob', ref)
    expect(await plays('o_alice')).toBe(0)
  })

  it('raises the limits that are set by the extra plays', () => {
    const base = config({ max_play: 1, max_eplay: 0 })
    expect(withExtraPlays(base, 2)).toMatchObject({ max_play: 3, max_eplay: 0 })
    expect(withExtraPlays(base, 0)).toBe(base)
  })
})

describe('Activity/index and the chain of a wechat activity', () => {
  const index = (client: Client, body: Record<string, unknown> = {}) => client.call<IndexData>(PATHS.index, { code: 'wx1', ...body })

  it('carries the marketer\'s sign-in guide with the sign-in refusal (the page has no configuration yet)', async () => {
    const guide = { message: '关注公众号后即可参与', button: { text: '去关注', link: 'https://mp.weixin.qq.com/x' } }
    await addActivity(server.app, 'wx1', config({ identity: 'wechat', guides: { signin: guide } }))
    const answer = await index(new Client(server.app))
    expect(answer.body).toMatchObject({ code: Code.WECHAT_SIGNIN, data: { authorize: authorize('code=wx1&scope=base'), guide } })
  })

  it('sends an anonymous visitor to sign in, writing nothing and setting no cookie', async () => {
    const browser = new Client(server.app)
    const answer = await index(browser)
    expect(answer.body).toMatchObject({ code: Code.WECHAT_SIGNIN, data: { authorize: authorize('code=wx1&scope=base') } })
    expect(answer.headers.getSetCookie()).toEqual([])
    expect(await server.store.participantCount((await server.store.activityByCode('wx1'))!.id)).toBe(0)
  })

  it('plays as the signed-in person, and lists the winner by WeChat nickname and avatar', async () => {
    await addActivity(server.app, 'wx1', config({ identity: 'wechat', prize: [prize({ id: 1, name: '保温杯', chance: 100 })], actinfo: { ...config().actinfo, need_info: false } }))
    const browser = new Client(server.app)
    await signIn(browser)
    standIn.user = { openid: 'o_alice', nickname: '张小明', headimgurl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/AbC/0' }
    await navigate(browser, authorize('code=wx1&scope=userinfo'))
    expect((await index(browser)).body).toMatchObject({ code: Code.OK, data: { view: 'participant', state: { plays: 0 } } })
    expect((await browser.call(PATHS.award, { code: 'wx1', request_id: 'wx-award-0001' })).body.code).toBe(Code.OK)
    expect(await server.store.winsOf((await server.store.activityByCode('wx1'))!.id, 'w:o_alice')).toHaveLength(1)
    const list = await browser.call<UserlistData>(PATHS.userlist, { code: 'wx1' })
    expect(list.body.data[0]).toMatchObject({ wxname: '张**', headimgurl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/AbC/132', name: '保温杯' })
  })

  it('refuses an anonymous chain started before the activity switched to WeChat sign-in', async () => {
    await addActivity(server.app, 'sw', config({ identity: 'anonymous' }))
    const browser = new Client(server.app)
    expect((await browser.call(PATHS.index, { code: 'sw' })).body.code).toBe(Code.OK)
    await addActivity(server.app, 'sw', config({ identity: 'wechat' }))
    expect((await browser.call(PATHS.prize, { code: 'sw' })).body.code).toBe(Code.TOKEN_REVOKED)
  })

  it('adds the referral plays to the sharer’s state, and credits a signed-in arrival through Activity/index with ref', async () => {
    standIn.user = { openid: 'o_alice' }
    const alice = new Client(server.app)
    await signIn(alice)
    expect((await index(alice)).body.data.state.plays_left).toBe(1)
    const ref = (await server.store.wechat.person('o_alice'))!.ref
    standIn.user = { openid: 'o_bob' }
    const bob = new Client(server.app)
    await signIn(bob)
    expect((await index(bob, { ref })).body.code).toBe(Code.OK)
    expect((await index(alice)).body.data.state.plays_left).toBe(2)
  })

  it('makes wechat the default identity of a new activity on a server with credentials, and keeps a saved one', async () => {
    const add = (code: string, fields: Record<string, unknown> = {}) =>
      new Client(server.app).call<{ config: { identity: string } }>(PATHS.add, { ...config(), identity: undefined, ...fields, code, auth: MARKETER_KEY })
    expect((await add('fresh')).body.data.config.identity).toBe('wechat')
    await addActivity(server.app, 'kept', config({ identity: 'anonymous' }))
    expect((await add('kept')).body.data.config.identity).toBe('anonymous')
  })
})

describe('Activity/settings (the studio’s default identity)', () => {
  const settings = (app: TestServer['app'], body: Record<string, unknown>) => new Client(app).call<{ wechat: boolean }>(PATHS.settings, body)

  it('tells a marketer whether the server has WeChat credentials, and nobody else', async () => {
    expect((await settings(server.app, { auth: MARKETER_KEY })).body).toMatchObject({ code: Code.OK, data: { wechat: true } })
    expect((await settings(server.app, {})).body.code).toBe(Code.MARKETER_DENIED)
    const bare = makeServer()
    try {
      expect((await settings(bare.app, { auth: MARKETER_KEY })).body).toMatchObject({ code: Code.OK, data: { wechat: false } })
    } finally {
      bare.close()
    }
  })
})
