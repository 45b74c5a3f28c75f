import { isWeChatBrowser } from '../core/wechat'
import { setupWeChatShare } from './share'
import { signedIn } from './signIn'

/**
 * Activity/index answered 200 (any identity mode): the sign-in redirect
 * guard is reset, and inside WeChat the share card is set (quietly skipped
 * when the server has no WeChat credentials).
 */
export function onWeChatEntered(code: string): void {
  signedIn(code, sessionStorage)
  if (isWeChatBrowser(navigator.userAgent)) void setupWeChatShare(code)
}
