/**
 * The URL the page first landed on. WeChat on iOS checks the JS-SDK signature
 * against it, not the current URL (history-mode navigation does not tell it),
 * so it is remembered before the router changes anything.
 */

let landing: string | null = null

/** Call once at boot, before the router starts (src/app.ts). */
export function rememberLanding(href: string = location.href): void {
  landing ??= href
}

/** The URL to sign for wx.config: the landing URL on iOS, the current one elsewhere; never the #fragment. */
export function signatureUrl(userAgent: string, current: string): string {
  const ios = /iPhone|iPad|iPod/i.test(userAgent)
  return ((ios && landing) || current).split('#')[0] ?? ''
}
