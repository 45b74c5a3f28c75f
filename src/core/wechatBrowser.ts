/**
 * True inside WeChat's in-app browser. Apart from core/wechat so the live page can ask it without
 * downloading the rest of its WeChat side (src/wechat/useWeChatPage.ts); core/wechat re-exports it.
 */
export function isWeChatBrowser(userAgent: string): boolean {
  return /MicroMessenger/i.test(userAgent)
}
