import { WX_STATUS_PARAM, isWeChatBrowser, wechatStatusMessage } from '../core/wechat'
import { setupWeChatShare } from './share'
import { signedIn, wxStatus } from './signIn'

// What the live page's winner ask needs (useWeChatPage), in the same download.
export { profileAsked, shouldAskProfile, signInHref } from './signIn'

/** The fragment WeChat's authorize URL ends with, which browsers carry through the redirects back. */
const WECHAT_FRAGMENT = '#wechat_redirect'

/**
 * Activity/index answered 200 (any identity mode): the sign-in redirect
 * guard is reset, the callback's `?wx=` report and WeChat's fragment leave
 * the address bar (a reload must not show the report again), and inside WeChat the share card is set
 * (quietly skipped when the server has no WeChat credentials). Returns the
 * report's sentence for the page to show once (a declined or failed
 * nickname/avatar request after sign-in), or null.
 */
export function onWeChatEntered(code: string): string | null {
  signedIn(code, sessionStorage)
  const status = wxStatus(location.href)
  if (status !== null || location.hash === WECHAT_FRAGMENT) {
    const url = new URL(location.href)
    url.searchParams.delete(WX_STATUS_PARAM)
    if (url.hash === WECHAT_FRAGMENT) url.hash = ''
    // Before wx.config: WeChat on Android signs the address bar as it is then.
    history.replaceState(history.state, '', url.href)
  }
  if (isWeChatBrowser(navigator.userAgent)) void setupWeChatShare(code)
  return status === null ? null : wechatStatusMessage(status)
}
