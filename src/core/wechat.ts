import * as v from 'valibot'
import { API_BASE, ActivityConfigSchema } from './contract'

/**
 * What the page and server/wechat share about WeChat sign-in and sharing:
 * paths, the query markers on the way back to the page, the referral id's
 * form, the JS-SDK config answer. Framework-free.
 */

/** Paths under API_BASE. */
export const WECHAT_PATHS = {
  /** GET ?code={activity}&scope=base|userinfo[&ref=…]: 302 to WeChat's authorize page. */
  authorize: '/wechat/authorize',
  /** GET ?code&state: WeChat's redirect back; 302 to the participant page. */
  callback: '/wechat/callback',
  /** POST {code, url}: wx.config's signature and the share card. */
  jsconfig: '/wechat/jsconfig',
} as const

/** Where the page sends the browser to sign in for activity `code` (Activity/index's 2040 names it too). */
export function authorizePath(code: string, scope: 'base' | 'userinfo' = 'base'): string {
  return `${API_BASE}${WECHAT_PATHS.authorize}?${new URLSearchParams({ code, scope })}`
}

/** The participant page of an activity (the seed's link). */
export function participantPath(code: string): string {
  return `/game/lottery/index/code/${encodeURIComponent(code)}`
}

/**
 * The callback's report on the page's URL (`?wx=…`) when sign-in did not give
 * a person: a WeChat errcode ('40029', '-1', …), 'state' (expired, replayed or
 * another browser's), 'network', 'unavailable', or 'declined' (the profile was
 * not shared: not an error, the person is signed in and keeps any prize).
 */
export const WX_STATUS_PARAM = 'wx'
/** A sharer's referral id on a share link (`?ref=…`). */
export const REF_PARAM = 'ref'
/** Referral ids: random, never the openid. */
export const REF_RE = /^[A-Za-z0-9_-]{16,32}$/

export { isWeChatBrowser } from './wechatBrowser'

/** The sentence shown for a `wx` status, Chinese; every unknown code still gets a clear one. */
export function wechatStatusMessage(status: string): string {
  switch (status) {
    case 'declined':
      return '你没有授权昵称和头像：奖品照常保留，中奖名单中将以匿名显示。'
    case 'state':
      return '登录已过期或不是在本设备上发起的，请重新登录。'
    case 'network':
      return '连接微信失败，请检查网络后重试。'
    case 'unavailable':
      return '本活动需要微信登录，但暂未开通，请联系主办方。'
    case '40029':
      return '微信登录凭证无效，请重新登录。'
    case '40163':
      return '微信登录凭证已被使用，请重新登录。'
    case '41008':
      return '没有收到微信登录凭证，请重新登录。'
    case '40001':
    case '40125':
    case '40013':
    case '42001':
      return '活动方的公众号配置有误或凭证已过期，请稍后重试。'
    case '-1':
      return '微信系统繁忙，请稍后重试。'
    default:
      return `微信登录失败（错误码 ${status}），请重试。`
  }
}

/** wx.config's fields and the share card; `share` null when the activity does not allow sharing (isshare 0). */
export const JsconfigDataSchema = v.object({
  appId: v.string(),
  timestamp: v.number(),
  nonceStr: v.string(),
  signature: v.string(),
  share: v.nullable(v.object({ title: v.string(), desc: v.string(), link: v.string(), imgUrl: v.string() })),
})
export type JsconfigData = v.InferOutput<typeof JsconfigDataSchema>

/** POST jsconfig: the activity and the page URL to sign (the #fragment is dropped). */
export const JsconfigRequestSchema = v.object({
  code: v.pipe(v.string('缺少活动编码（code）'), v.regex(/^[A-Za-z0-9_-]{1,32}$/, '活动编码（code）格式不正确')),
  url: v.pipe(v.string('缺少页面地址（url）'), v.maxLength(2000, '页面地址（url）过长')),
})

/** Activity/index, code 2040 (WECHAT_SIGNIN): where the page sends the browser to sign in (add `ref` from the page's URL). */
export const SigninDataSchema = v.object({ authorize: v.string() })
/** Activity/index, code 2041 (WECHAT_SNAPSHOT): the activity to show without play (no token, no state). */
export const SnapshotDataSchema = v.object({
  ...ActivityConfigSchema.entries,
  view: v.literal('snapshot'),
  code: v.string(),
  server_time: v.pipe(v.number(), v.integer()),
})
export type SnapshotData = v.InferOutput<typeof SnapshotDataSchema>
