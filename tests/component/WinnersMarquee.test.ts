import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import WinnersMarquee from '../../src/components/WinnersMarquee.vue'
import { dt } from '../helpers/mount'

enableAutoUnmount(afterEach)

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
  document.dispatchEvent(new Event('visibilitychange'))
}

afterEach(() => setVisibility('visible'))

describe('WinnersMarquee', () => {
  it('lists winners with masked names, twice for a seamless loop', () => {
    const wrapper = mount(WinnersMarquee, {
      props: { items: [{ wxname: '王小明', name: '保温杯' }, { wxname: 'lucky', name: '随机红包', money: '¥6.66' }] },
    })
    const lines = wrapper.findAll('.marquee__line').map((l) => l.text())
    expect(lines).toEqual([
      '恭喜 王** 获得 保温杯',
      '恭喜 l*** 获得 ¥6.66 随机红包',
      '恭喜 王** 获得 保温杯',
      '恭喜 l*** 获得 ¥6.66 随机红包',
    ])
    expect(wrapper.text()).not.toContain('王小明')
  })

  it('pauses while the page is hidden', async () => {
    const wrapper = mount(WinnersMarquee, { props: { items: [{ wxname: '张三', name: '保温杯' }] } })
    const track = () => wrapper.find(dt('marquee-track'))
    expect(track().classes()).not.toContain('is-paused')
    setVisibility('hidden')
    await wrapper.vm.$nextTick()
    expect(track().classes()).toContain('is-paused')
    setVisibility('visible')
    await wrapper.vm.$nextTick()
    expect(track().classes()).not.toContain('is-paused')
  })

  it('renders nothing without winners', () => {
    const wrapper = mount(WinnersMarquee, { props: { items: [] } })
    expect(wrapper.find(dt('marquee')).exists()).toBe(false)
  })
})
