import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import OpenInWeChat from '../../../src/wechat/OpenInWeChat.vue'
import ProfileAsk from '../../../src/wechat/ProfileAsk.vue'
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
  })
})
