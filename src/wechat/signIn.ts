import { REF_PARAM, REF_RE, WX_STATUS_PARAM, authorizePath, isWeChatBrowser, wechatStatusMessage } from '../core/wechat'

/**
 * What a `wechat` activity's page does when Activity/index answers 2040
 * (WECHAT_SIGNIN). Sign-in is a redirect to WeChat and back; the page makes
 * at most one such redirect on its own per activity and tab (sessionStorage),
 * so a browser that never comes back signed in (cookies blocked, WeChat
 * refusing) sees a message and a button instead of a loop.
 */

const REDIRECTED_KEY = (code: string) => `wx-signin:${code}`
const PROFILE_ASKED_KEY = (code: string) => `wx-profile-asked:${code}`

/** The page's next step. */
export type SignInStep =
  /** Not inside WeChat: show OpenInWeChat with the link. */
  | { kind: 'open-in-wechat' }
  /** Leave for WeChat's sign-in now. */
  | { kind: 'redirect'; href: string }
  /** Show `message` and a retry button that goes to `href`. */
  | { kind: 'retry'; message: string; href: string }

/** The sign-in URL for activity `code`, with the sharer's referral id from the page's own URL when it has a valid one. */
export function signInHref(code: string, pageUrl: string, scope: 'base' | 'userinfo' = 'base'): string {
  const href = authorizePath(code, scope)
  const ref = new URL(pageUrl).searchParams.get(REF_PARAM)
  return ref !== null && REF_RE.test(ref) ? `${href}&${new URLSearchParams({ [REF_PARAM]: ref })}` : href
}

/** The callback's `?wx=` report on the page's URL, or null. */
export function wxStatus(pageUrl: string): string | null {
  return new URL(pageUrl).searchParams.get(WX_STATUS_PARAM)
}

/** Decide, for an answer 2040, whether to redirect, ask to retry, or ask for WeChat. */
export function signInStep(input: { code: string; pageUrl: string; userAgent: string; storage: Storage }): SignInStep {
  if (!isWeChatBrowser(input.userAgent)) return { kind: 'open-in-wechat' }
  const href = signInHref(input.code, input.pageUrl)
  const status = wxStatus(input.pageUrl)
  if (status !== null && status !== 'declined') return { kind: 'retry', message: wechatStatusMessage(status), href }
  if (input.storage.getItem(REDIRECTED_KEY(input.code)) !== null) {
    return { kind: 'retry', message: '没能完成微信登录，请点击下方按钮重试。', href }
  }
  input.storage.setItem(REDIRECTED_KEY(input.code), String(Date.now()))
  return { kind: 'redirect', href }
}

/** Activity/index answered 200: the next sign-in of this activity in this tab may redirect on its own again. */
export function signedIn(code: string, storage: Storage): void {
  storage.removeItem(REDIRECTED_KEY(code))
}

/** Ask for nickname and avatar after a win: inside WeChat, once per activity on this phone (localStorage). */
export function shouldAskProfile(code: string, userAgent: string, storage: Storage): boolean {
  return isWeChatBrowser(userAgent) && storage.getItem(PROFILE_ASKED_KEY(code)) === null
}

/** The winner answered the ask (either way): do not ask again. */
export function profileAsked(code: string, storage: Storage): void {
  storage.setItem(PROFILE_ASKED_KEY(code), String(Date.now()))
}
