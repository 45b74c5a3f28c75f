import { afterEach, describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import ActivityHeader from '../../src/components/ActivityHeader.vue'
import { parseCst } from '../../src/core/windows'
import { dt } from '../helpers/mount'

enableAutoUnmount(afterEach)

const WINDOWS = [
  { start: '2025-03-01 10:00', end: '2025-03-01 11:59' },
  { start: '2025-03-02 10:00', end: '2025-03-02 11:59' },
]
const at = (cst: string) => parseCst(cst)!

function header(props: Record<string, unknown>) {
  return mount(ActivityHeader, { props: { title: '春日抽奖', windows: WINDOWS, ...props } })
}

describe('ActivityHeader', () => {
  it('follows a reactive clock it is given by reading it itself', async () => {
    const clock = ref(at('2025-03-01 10:30'))
    const wrapper = header({ now: () => clock.value })
    const before = wrapper.find(dt('window')).text()
    clock.value += 15_000
    await nextTick()
    expect(wrapper.find(dt('window')).text()).not.toBe(before)
  })

  it('shows the title and real + virtual participants', () => {
    const wrapper = header({ participants: 34, virtual: 12000, now: () => at('2025-03-01 10:30') })
    expect(wrapper.find(dt('title')).text()).toBe('春日抽奖')
    expect(wrapper.find(dt('participants')).text()).toContain('12,034')
  })

  it('counts down to the end of the open window', () => {
    const wrapper = header({ now: () => at('2025-03-01 10:30') + 15_000 })
    // Open until 11:59 included → ends at 12:00:00; 1h29m45s left.
    expect(wrapper.find(dt('window')).text()).toBe('第 1 场进行中 · 距结束 01:29:45')
  })

  it('counts down to the next window between two', () => {
    const wrapper = header({ now: () => at('2025-03-01 12:00') })
    expect(wrapper.find(dt('window')).text()).toBe('距第 2 场开始 22:00:00')
  })

  it('counts days before the first window', () => {
    const wrapper = header({ now: () => at('2025-02-27 09:00') })
    expect(wrapper.find(dt('window')).text()).toBe('距活动开始 2天 01:00:00')
  })

  it('says when it is over or closed', () => {
    expect(header({ now: () => at('2025-03-03 00:00') }).find(dt('window')).text()).toBe('活动已结束')
    expect(header({ now: () => at('2025-03-01 10:30'), status: 0 }).find(dt('window')).text()).toBe('活动已关闭')
  })
})
