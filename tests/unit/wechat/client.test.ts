import { describe, expect, it, vi } from 'vitest'
import type { WxSdk } from '../../../src/wechat/share'
import { setupWeChatShare } from '../../../src/wechat/share'
import { rememberLanding, signatureUrl } from '../../../src/wechat/landing'
import { profileAsked, shouldAskProfile, signInHref, signInStep, signedIn } from '../../../src/wechat/signIn'

/** The page's side of WeChat: when to redirect to sign in, which URL to sign, the share card. */

const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN'
const ANDROID_WECHAT_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560'
const SAFARI_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
const PAGE = 'https://h5.example.com/game/lottery/index/code/wx1'
const AUTHORIZE = '/lottery/wechat/authorize?code=wx1&scope=base'
const REF = 'abcdefghijklmnopqrstuvwx'

/** sessionStorage as a Map. */
function memoryStorage(): Storage {
  const map = new Map<string, string>()
  return {
    get length() {
      return map.size
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  }
}

describe('signInStep', () => {
  const step = (pageUrl: string, storage: Storage, userAgent = WECHAT_UA) =>
    signInStep({ code: 'wx1', pageUrl, userAgent, storage })

  it('asks for WeChat outside it', () => {
    expect(step(PAGE, memoryStorage(), SAFARI_UA)).toEqual({ kind: 'open-in-wechat' })
  })

  it('redirects once per page load, then offers a retry instead of looping', () => {
    const storage = memoryStorage()
    expect(step(PAGE, storage)).toEqual({ kind: 'redirect', href: AUTHORIZE })
    expect(step(PAGE, storage)).toMatchObject({ kind: 'retry', href: AUTHORIZE })
    signedIn('wx1', storage)
    expect(step(PAGE, storage).kind).toBe('redirect')
  })

  it('shows the callback’s error with a retry and does not redirect on its own', () => {
    const storage = memoryStorage()
    expect(step(`${PAGE}?wx=40163`, storage)).toEqual({ kind: 'retry', message: '微信登录凭证已被使用，请重新登录。', href: AUTHORIZE })
    expect(step(`${PAGE}?wx=99999`, storage)).toMatchObject({ message: '微信登录失败（错误码 99999），请重试。' })
    expect(step(`${PAGE}?wx=-1`, storage)).toMatchObject({ message: '微信系统繁忙，请稍后重试。' })
    expect(storage.length).toBe(0)
  })

  it('carries a valid referral id from the page to sign-in, and drops a malformed one', () => {
    expect(signInHref('wx1', `${PAGE}?ref=${REF}`)).toBe(`${AUTHORIZE}&ref=${REF}`)
    expect(signInHref('wx1', `${PAGE}?ref=<x>`)).toBe(AUTHORIZE)
    expect(signInHref('wx1', PAGE, 'userinfo')).toBe('/lottery/wechat/authorize?code=wx1&scope=userinfo')
  })

  it('asks for the profile inside WeChat only, once per activity', () => {
    const storage = memoryStorage()
    expect(shouldAskProfile('wx1', SAFARI_UA, storage)).toBe(false)
    expect(shouldAskProfile('wx1', WECHAT_UA, storage)).toBe(true)
    profileAsked('wx1', storage)
    expect(shouldAskProfile('wx1', WECHAT_UA, storage)).toBe(false)
    expect(shouldAskProfile('wx2', WECHAT_UA, storage)).toBe(true)
  })
})

describe('signatureUrl', () => {
  it('is the landing URL on iOS and the current one on Android, never with the #fragment', () => {
    rememberLanding(`${PAGE}?from=singlemessage#top`)
    rememberLanding(`${PAGE}/prize`)
    expect(signatureUrl(WECHAT_UA, `${PAGE}/prize#x`)).toBe(`${PAGE}?from=singlemessage`)
    expect(signatureUrl(ANDROID_WECHAT_UA, `${PAGE}/prize#x`)).toBe(`${PAGE}/prize`)
  })
})

describe('setupWeChatShare', () => {
  const card = { title: '来转一转', desc: '好礼', link: `${PAGE}?ref=${REF}`, imgUrl: 'https://h5.example.com/s.png' }
  const answer = (share: typeof card | null, status = 1) =>
    new Response(JSON.stringify({ status, code: status ? 200 : 2042, msg: '', data: status ? { appId: 'wx0123456789abcdef', timestamp: 1, nonceStr: 'n', signature: 's', share } : null }))

  function fakeWx(outcome: 'ready' | 'error') {
    const wx = {
      config: vi.fn(),
      ready: vi.fn((fn: () => void) => outcome === 'ready' && fn()),
      error: vi.fn((fn: (e: { errMsg: string }) => void) => outcome === 'error' && fn({ errMsg: 'config:invalid signature' })),
      updateAppMessageShareData: vi.fn(),
      updateTimelineShareData: vi.fn(),
      hideMenuItems: vi.fn(),
    }
    return wx satisfies WxSdk
  }
  const deps = (wx: WxSdk, res: Response) => {
    const fetch = vi.fn(async () => res)
    return { fetch, deps: { loadSdk: async () => wx, fetch: fetch as unknown as typeof globalThis.fetch, userAgent: ANDROID_WECHAT_UA, href: `${PAGE}#a` } }
  }

  it('signs the page URL and sets the card for friends and 朋友圈', async () => {
    const wx = fakeWx('ready')
    const { fetch, deps: d } = deps(wx, answer(card))
    expect(await setupWeChatShare('wx1', d)).toBe('shared')
    expect(JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string)).toEqual({ code: 'wx1', url: PAGE })
    expect(wx.config).toHaveBeenCalledWith(expect.objectContaining({ appId: 'wx0123456789abcdef', signature: 's', timestamp: 1, nonceStr: 'n' }))
    expect(wx.updateAppMessageShareData).toHaveBeenCalledWith(expect.objectContaining(card))
    expect(wx.updateTimelineShareData).toHaveBeenCalledWith(expect.objectContaining({ title: card.title, link: card.link }))
    expect(wx.hideMenuItems).not.toHaveBeenCalled()
  })

  it('hides the share items when the activity does not allow sharing', async () => {
    const wx = fakeWx('ready')
    expect(await setupWeChatShare('wx1', deps(wx, answer(null)).deps)).toBe('hidden')
    expect(wx.hideMenuItems).toHaveBeenCalledWith({ menuList: expect.arrayContaining(['menuItem:share:appMessage', 'menuItem:share:timeline']) })
    expect(wx.updateAppMessageShareData).not.toHaveBeenCalled()
  })

  it('gives up quietly when the server refuses or WeChat rejects the signature', async () => {
    const unused = fakeWx('ready')
    expect(await setupWeChatShare('wx1', deps(unused, answer(null, 0)).deps)).toBe('failed')
    expect(unused.config).not.toHaveBeenCalled()
    expect(await setupWeChatShare('wx1', deps(fakeWx('error'), answer(card)).deps)).toBe('failed')
  })
})
