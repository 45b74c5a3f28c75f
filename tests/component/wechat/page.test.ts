import { afterEach, describe, expect, it, vi } from 'vitest'
import { onWeChatEntered } from '../../../src/wechat/page'
import * as share from '../../../src/wechat/share'

/** What the page does once Activity/index let the participant in. */

const PAGE = 'https://h5.example.com/game/lottery/index/code/wx1'
const setUrl = (url: string) => (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url)
const setUserAgent = (ua: string) => Object.defineProperty(navigator, 'userAgent', { configurable: true, get: () => ua })

afterEach(() => {
  vi.restoreAllMocks()
  sessionStorage.clear()
})

describe('onWeChatEntered', () => {
  it('resets the redirect guard, takes ?wx= off the address bar and returns its sentence', () => {
    const setup = vi.spyOn(share, 'setupWeChatShare').mockResolvedValue('shared')
    setUserAgent('Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36')
    sessionStorage.setItem('wx-signin:wx1', '1')
    setUrl(`${PAGE}?from=timeline&wx=declined#top`)
    expect(onWeChatEntered('wx1')).toContain('奖品照常保留')
    expect(location.href).toBe(`${PAGE}?from=timeline#top`)
    expect(sessionStorage.getItem('wx-signin:wx1')).toBeNull()
    expect(setup).not.toHaveBeenCalled()
    expect(onWeChatEntered('wx1')).toBeNull()
    setUrl(`${PAGE}#wechat_redirect`)
    expect(onWeChatEntered('wx1')).toBeNull()
    expect(location.href).toBe(PAGE)
  })

  it('sets the share card inside WeChat only', () => {
    const setup = vi.spyOn(share, 'setupWeChatShare').mockResolvedValue('shared')
    setUserAgent('Mozilla/5.0 (iPhone) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c)')
    setUrl(PAGE)
    onWeChatEntered('wx1')
    expect(setup).toHaveBeenCalledWith('wx1')
  })
})
