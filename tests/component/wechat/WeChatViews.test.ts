import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import OpenInWeChat from '../../../src/wechat/OpenInWeChat.vue'
import ProfileAsk from '../../../src/wechat/ProfileAsk.vue'
import WeChatEntry from '../../../src/wechat/WeChatEntry.vue'
import WeChatGate from '../../../src/wechat/WeChatGate.vue'

enableAutoUnmount(afterEach)

describe('OpenInWeChat', () => {
  it('says to open the page in WeChat and shows the link’s QR code', async () => {
    const link = 'https://h5.example.com/game/lottery/index/code/wx1'
    const wrapper = mount(OpenInWeChat, { props: { link, title: '幸运大转盘' } })
    await flushPromises()
    await new Promise((r) => setTimeout(r, 50))
    expect(wrapper.text()).toContain('请在微信中打开')
    expect(wrapper.text()).toContain(link)
    expect(wrapper.find('[data-test="qr"]').attributes('alt')).toBe(`活动链接二维码：${link}`)
  })
})

describe('WeChatGate', () => {
  it('shows why sign-in failed with a retry the participant taps', async () => {
    const wrapper = mount(WeChatGate, { props: { kind: 'retry', message: '微信系统繁忙，请稍后重试。' } })
    expect(wrapper.text()).toContain('微信系统繁忙')
    await wrapper.get('[data-test="wechat-retry"]').trigger('click')
    expect(wrapper.emitted('retry')).toHaveLength(1)
  })

  it('tells a snapshot-page visitor how to open the full page', () => {
    const wrapper = mount(WeChatGate, { props: { kind: 'snapshot' } })
    expect(wrapper.text()).toContain('使用完整服务')
    expect(wrapper.find('[data-test="wechat-retry"]').exists()).toBe(false)
  })
})

describe('ProfileAsk', () => {
  it('says why before asking, and declining is one tap that keeps the prize', async () => {
    const href = '/lottery/wechat/authorize?code=wx1&scope=userinfo'
    const wrapper = mount(ProfileAsk, { props: { href } })
    expect(wrapper.text()).toContain('只用于中奖名单')
    expect(wrapper.text()).toContain('不影响领奖')
    expect(wrapper.get('[data-test="profile-accept"]').attributes('href')).toBe(href)
    await wrapper.get('[data-test="profile-decline"]').trigger('click')
    expect(wrapper.emitted('decline')).toHaveLength(1)
    await wrapper.get('[data-test="profile-accept"]').trigger('click')
    expect(wrapper.emitted('accept')).toHaveLength(1)
  })
})

describe('WeChatEntry', () => {
  const PAGE = 'https://h5.example.com/game/lottery/index/code/wx1'
  const WECHAT_UA = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Mobile Safari/537.36 MicroMessenger/8.0.47.2560'
  const entry = (props: Record<string, unknown>) => {
    const navigate = vi.fn()
    const wrapper = mount(WeChatEntry, {
      props: { code: 'wx1', kind: 'signin', pageUrl: PAGE, userAgent: WECHAT_UA, storage: window.sessionStorage, navigate, ...props },
    })
    return { wrapper, navigate }
  }
  afterEach(() => window.sessionStorage.clear())

  it('leaves for sign-in once, then shows a retry the participant taps', async () => {
    const first = entry({ pageUrl: `${PAGE}?ref=abcdefghijklmnopqrstuvwx` })
    await flushPromises()
    expect(first.navigate).toHaveBeenCalledWith('/lottery/wechat/authorize?code=wx1&scope=base&ref=abcdefghijklmnopqrstuvwx')
    expect(first.wrapper.find('[data-test="wechat-redirecting"]').exists()).toBe(true)

    const again = entry({})
    await flushPromises()
    expect(again.navigate).not.toHaveBeenCalled()
    await again.wrapper.get('[data-test="wechat-retry"]').trigger('click')
    expect(again.navigate).toHaveBeenCalledWith('/lottery/wechat/authorize?code=wx1&scope=base')
  })

  it('shows the QR code of the clean link outside WeChat', async () => {
    const { wrapper, navigate } = entry({ userAgent: 'Mozilla/5.0 (iPhone) Safari/604.1', pageUrl: `${PAGE}?wx=40029#x` })
    await flushPromises()
    expect(navigate).not.toHaveBeenCalled()
    expect(wrapper.text()).toContain('请在微信中打开')
    expect(wrapper.text()).toContain(PAGE)
    expect(wrapper.text()).not.toContain('wx=40029')
  })

  it('explains a snapshot page and an activity the server cannot sign in for', () => {
    expect(entry({ kind: 'snapshot' }).wrapper.text()).toContain('使用完整服务')
    const prize = { id: 1, type: 'physical', sum: 5, name: '保温杯', money: 0, max: 0, min: 0, img: '', info: '', chance: 10 } as const
    const look = entry({ kind: 'snapshot', activity: { active_title: '幸运大转盘', prize: [prize], rule: '每人一次<b>' } }).wrapper
    expect(look.get('h1').text()).toBe('幸运大转盘')
    expect(look.findAll('[data-test="prize"]')).toHaveLength(1)
    expect(look.get('[data-test="snapshot-rule"]').text()).toBe('每人一次<b>')
    expect(entry({ kind: 'unavailable' }).wrapper.find('[data-test="wechat-unavailable"]').exists()).toBe(true)
  })
})
