import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import PlayPanel from '../../src/components/PlayPanel.vue'
import type { Template } from '../../src/core/activity'
import { dt } from '../helpers/mount'

enableAutoUnmount(afterEach)

describe('PlayPanel', () => {
  it.each([
    [11, '开始抽奖'],
    [10, '刮一刮'],
    [12, '抢红包'],
  ] as [Template, string][])('labels template %i “%s” and emits play on a tap', async (template, label) => {
    const wrapper = mount(PlayPanel, { props: { template } })
    expect(wrapper.find(dt('play')).text()).toBe(label)
    await wrapper.find(dt('play')).trigger('click')
    expect(wrapper.emitted('play')).toHaveLength(1)
  })

  it('is disabled with a spinner while locked, and emits nothing', async () => {
    const wrapper = mount(PlayPanel, { props: { template: 11, locked: true } })
    const button = wrapper.find(dt('play'))
    expect(button.attributes('disabled')).toBeDefined()
    expect(button.attributes('aria-busy')).toBe('true')
    expect(button.find(dt('spinner')).exists()).toBe(true)
    expect(button.text()).toBe('抽奖中…')
    ;(button.element as HTMLButtonElement).disabled = false // a click that slips through is still refused
    await button.trigger('click')
    expect(wrapper.emitted('play')).toBeUndefined()
  })

  it('shows the chances left, or unlimited', async () => {
    const wrapper = mount(PlayPanel, { props: { template: 11, chancesLeft: 3 } })
    expect(wrapper.find(dt('chances')).text()).toBe('剩余 3 次抽奖机会')
    await wrapper.setProps({ chancesLeft: null })
    expect(wrapper.find(dt('chances')).text()).toBe('不限抽奖次数')
  })

  it('shows the loading text while disabled', () => {
    const wrapper = mount(PlayPanel, { props: { template: 12, disabled: true } })
    expect(wrapper.find(dt('play')).text()).toBe('加载中…')
    expect(wrapper.find(dt('play')).attributes('disabled')).toBeDefined()
  })

  it('says whether the keyboard pressed it (a keyboard click has detail 0)', async () => {
    const wrapper = mount(PlayPanel, { props: { template: 10 } })
    const button = wrapper.find(dt('play')).element
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 0 }))
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }))
    expect(wrapper.emitted('play')).toEqual([[{ keyboard: true }], [{ keyboard: false }]])
  })
})
