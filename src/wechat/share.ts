import * as v from 'valibot'
import type { JsconfigData } from '../core/wechat'
import { API_BASE, AnyEnvelopeSchema } from '../core/contract'
import { JsconfigDataSchema, WECHAT_PATHS } from '../core/wechat'
import { signatureUrl } from './landing'

/**
 * The share card inside WeChat: the official JS-SDK (weixin-js-sdk, loaded
 * only here, so pages outside WeChat never pay for it), configured with the
 * server's signature, then the card set or the share items hidden (isshare 0).
 */

/** The part of the JS-SDK used here. */
export interface WxSdk {
  config(conf: { debug?: boolean; appId: string; timestamp: number; nonceStr: string; signature: string; jsApiList: string[] }): void
  ready(fn: () => void): void
  error(fn: (err: { errMsg: string }) => void): void
  updateAppMessageShareData(card: NonNullable<JsconfigData['share']> & { success(): void }): void
  updateTimelineShareData(card: Omit<NonNullable<JsconfigData['share']>, 'desc'> & { success(): void }): void
  hideMenuItems(p: { menuList: string[] }): void
}

/** The share and “propagating” menu items hidden when the activity does not allow sharing. */
const SHARE_MENU_ITEMS = [
  'menuItem:share:appMessage',
  'menuItem:share:timeline',
  'menuItem:share:qq',
  'menuItem:share:weiboApp',
  'menuItem:share:QZone',
  'menuItem:share:facebook',
  'menuItem:favorite',
]

export interface ShareDeps {
  loadSdk(): Promise<WxSdk>
  fetch: typeof fetch
  userAgent: string
  href: string
}

const browserDeps = (): ShareDeps => ({
  loadSdk: () => import('weixin-js-sdk').then((m) => m.default as unknown as WxSdk),
  fetch: (...args) => fetch(...args),
  userAgent: navigator.userAgent,
  href: location.href,
})

/**
 * Configure the JS-SDK for activity `code`: 'shared' (card set), 'hidden'
 * (isshare 0), or 'failed' (the server or WeChat refused: the page works on,
 * WeChat's default card is used).
 */
export async function setupWeChatShare(code: string, deps: ShareDeps = browserDeps()): Promise<'shared' | 'hidden' | 'failed'> {
  let data: JsconfigData
  try {
    const res = await deps.fetch(`${API_BASE}${WECHAT_PATHS.jsconfig}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ code, url: signatureUrl(deps.userAgent, deps.href) }),
    })
    // safeParse, as everywhere on the participant's page: valibot's parse (and its error class) would ride in its first download.
    const env = v.safeParse(AnyEnvelopeSchema, await res.json())
    if (!env.success || env.output.status !== 1) return 'failed'
    const parsed = v.safeParse(JsconfigDataSchema, env.output.data)
    if (!parsed.success) return 'failed'
    data = parsed.output
  } catch {
    return 'failed'
  }
  const wx = await deps.loadSdk()
  return new Promise((resolve) => {
    wx.config({
      appId: data.appId,
      timestamp: data.timestamp,
      nonceStr: data.nonceStr,
      signature: data.signature,
      jsApiList: ['updateAppMessageShareData', 'updateTimelineShareData', 'hideMenuItems'],
    })
    // A bad signature calls error(), and ready() still follows: the first answer wins.
    wx.error(() => resolve('failed'))
    wx.ready(() => {
      const share = data.share
      if (share === null) {
        wx.hideMenuItems({ menuList: SHARE_MENU_ITEMS })
        resolve('hidden')
        return
      }
      // WeChat calls success when the card is set, not when anyone shares: it proves nothing (see max_share).
      wx.updateAppMessageShareData({ ...share, success: () => {} })
      wx.updateTimelineShareData({ title: share.title, link: share.link, imgUrl: share.imgUrl, success: () => {} })
      resolve('shared')
    })
  })
}
