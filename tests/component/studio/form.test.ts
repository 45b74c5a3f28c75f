import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import ActivityForm from '../../../src/studio/ActivityForm.vue'
import SaveBar from '../../../src/studio/SaveBar.vue'
import { flushPromises, mountWith, signedInStore, TIMEOUT_MS } from './setup'

vi.mock('../../../src/api/studio', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/api/studio')>()),
  listActivities: vi.fn(async () => []),
  saveActivity: vi.fn(),
  uploadImage: vi.fn(),
}))

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const saveButton = (w: VueWrapper) => w.get('[data-test="save"]')
const input = (w: VueWrapper, path: string) => w.get(`[data-path="${path}"] input`)
const fieldError = (w: VueWrapper, path: string) => w.find(`[data-path="${path}"] .van-field__error-message`)

describe('studio form validation', { timeout: TIMEOUT_MS }, () => {
  it('blocks saving when the chances add up to more than 100%, with the message at the total, until fixed', async () => {
    // Wheel demo: 0.5 + 5 + 10 + 8 + 12 + 40 = 75.5%.
    const { pinia } = signedInStore(11)
    wrapper = mountWith(pinia, ActivityForm, SaveBar)
    await flushPromises()
    expect(saveButton(wrapper).attributes('disabled')).toBeUndefined()

    await input(wrapper, 'prize.5.chance').setValue('70')
    await nextTick()

    const total = wrapper.get('[data-test="chance-total"]')
    expect(total.text()).toContain('105.5%')
    expect(total.classes()).toContain('over')
    expect(wrapper.get('[data-test="prize-error"]').text()).toBe('中奖概率合计 105.5% 超过 100%')
    expect(saveButton(wrapper).attributes('disabled')).toBeDefined()

    await input(wrapper, 'prize.5.chance').setValue('64.5')
    await nextTick()
    expect(wrapper.get('[data-test="chance-total"]').text()).toContain('合计 100%')
    expect(wrapper.get('[data-test="chance-total"]').classes()).not.toContain('over')
    expect(wrapper.find('[data-test="prize-error"]').exists()).toBe(false)
    expect(saveButton(wrapper).attributes('disabled')).toBeUndefined()
  })

  it('keeps a running total of the chances in tenths (33.3 × 3 = 99.9)', async () => {
    const { pinia, store } = signedInStore(12)
    store.draft.prize.splice(0)
    store.addPrize('physical')
    store.addPrize('physical')
    store.addPrize('physical')
    wrapper = mountWith(pinia, ActivityForm)
    await flushPromises()
    expect(wrapper.get('[data-test="chance-total"]').text()).toContain('0%')

    for (const i of [0, 1, 2]) await input(wrapper, `prize.${i}.chance`).setValue('33.3')
    await nextTick()
    expect(wrapper.get('[data-test="chance-total"]').text()).toContain('合计 99.9%')
    expect(wrapper.get('[data-test="chance-total"]').text()).toContain('未中奖 0.1%')
  })

  it('shows an inconsistent random red packet on its field and enables saving once fixed', async () => {
    // Red packet demo: prize 1 is random (sum 0, total 200, min 0.5, max 20).
    const { pinia } = signedInStore(12)
    wrapper = mountWith(pinia, ActivityForm, SaveBar)
    await flushPromises()
    expect(wrapper.get('[data-test="prize-1"] [data-test="packet-mode"] .van-radio[aria-checked="true"]').text()).toBe('随机红包')

    await input(wrapper, 'prize.1.min').setValue('30')
    await nextTick()
    expect(fieldError(wrapper, 'prize.1.min').text()).toBe('最小金额不能大于最大金额')
    expect(saveButton(wrapper).attributes('disabled')).toBeDefined()

    await input(wrapper, 'prize.1.max').setValue('300')
    await nextTick()
    expect(fieldError(wrapper, 'prize.1.min').exists()).toBe(false)
    expect(fieldError(wrapper, 'prize.1.max').text()).toBe('最大金额不能超过总金额')

    await input(wrapper, 'prize.1.max').setValue('50')
    await nextTick()
    expect(fieldError(wrapper, 'prize.1.max').exists()).toBe(false)
    expect(saveButton(wrapper).attributes('disabled')).toBeUndefined()
  })

  it('makes the fixed/random red packet choice explicit and asks for the fields of that mode', async () => {
    const { pinia, store } = signedInStore(12)
    wrapper = mountWith(pinia, ActivityForm, SaveBar)
    await flushPromises()
    // Prize 0 is fixed: count and amount, no min/max.
    expect(wrapper.find('[data-path="prize.0.sum"]').exists()).toBe(true)
    expect(wrapper.find('[data-path="prize.0.min"]').exists()).toBe(false)

    const random = wrapper.findAll('[data-test="prize-0"] [data-test="packet-mode"] .van-radio')[1]
    await random!.trigger('click')
    await nextTick()
    expect(store.draft.prize[0]!.sum).toBe(0)
    expect(wrapper.find('[data-path="prize.0.sum"]').exists()).toBe(false)
    expect(fieldError(wrapper, 'prize.0.min').text()).toBe('随机红包的最小金额须大于 0')
    expect(saveButton(wrapper).attributes('disabled')).toBeDefined()

    await input(wrapper, 'prize.0.min').setValue('1')
    await input(wrapper, 'prize.0.max').setValue('5')
    await nextTick()
    expect(saveButton(wrapper).attributes('disabled')).toBeUndefined()
  })

  it('hides errors of untouched sections on a blank form, and shows them all on request', async () => {
    const { pinia, store } = signedInStore(11)
    store.startNew(11, 'blank')
    wrapper = mountWith(pinia, ActivityForm, SaveBar)
    await flushPromises()
    expect(saveButton(wrapper).attributes('disabled')).toBeDefined()
    expect(fieldError(wrapper, 'active_title').exists()).toBe(false)
    expect(wrapper.get('[data-test="problems"]').text()).toContain('2 处待修改')

    await wrapper.get('[data-test="problems"]').trigger('click')
    await nextTick()
    expect(fieldError(wrapper, 'active_title').text()).toBe('请填写活动标题')
    expect(wrapper.find('[data-path="prize"]').exists()).toBe(true)
    expect(document.body.textContent).toContain('请至少添加一个奖品')
  })
})

describe('studio time windows', { timeout: TIMEOUT_MS }, () => {
  it('adds a window after the last one and removes a chosen one', async () => {
    const { pinia, store } = signedInStore(11)
    wrapper = mountWith(pinia, ActivityForm)
    await flushPromises()
    const before = store.draft.active_time.map((w) => ({ ...w }))
    expect(wrapper.findAll('[data-test="window-row"]')).toHaveLength(2)

    await wrapper.get('[data-test="window-add"]').trigger('click')
    expect(wrapper.findAll('[data-test="window-row"]')).toHaveLength(3)
    const added = store.draft.active_time[2]!
    // Starts the minute after the previous window ends, one day long.
    expect(added.start > before[1]!.end).toBe(true)
    expect(store.validation.ok).toBe(true)

    await wrapper.findAll('[data-test="window-remove"]')[0]!.trigger('click')
    expect(wrapper.findAll('[data-test="window-row"]')).toHaveLength(2)
    expect(store.draft.active_time).toEqual([before[1], added])
  })

  it('shows a malformed or overlapping time on its field', async () => {
    const { pinia } = signedInStore(11)
    wrapper = mountWith(pinia, ActivityForm, SaveBar)
    await flushPromises()

    await input(wrapper, 'active_time.0.start').setValue('2025-13-01 00:00')
    expect(fieldError(wrapper, 'active_time.0.start').text()).toBe('开始时间格式应为 YYYY-MM-DD HH:mm')
    expect(saveButton(wrapper).attributes('disabled')).toBeDefined()

    await input(wrapper, 'active_time.0.start').setValue('2025-01-01 00:00')
    const secondStart = (input(wrapper, 'active_time.1.start').element as HTMLInputElement).value
    await input(wrapper, 'active_time.0.end').setValue(secondStart)
    expect(fieldError(wrapper, 'active_time.1.start').text()).toBe('第 2 场须在第 1 场结束之后开始')
  })
})

/** The studio's identity choice, its plain words about anonymous limits, and the referral warning. */
describe('studio: who participants are', { timeout: TIMEOUT_MS }, () => {
  it('offers WeChat or anonymous, says anonymous limits are per browser, and follows a reward activity', async () => {
    const { pinia, store } = signedInStore(11)
    store.draft.max_share = 0
    wrapper = mountWith(pinia, ActivityForm)
    await flushPromises()
    expect(wrapper.get('[data-test="identity-note"]').text()).toContain('按浏览器计算')

    store.draft.identity = 'wechat'
    await nextTick()
    expect(wrapper.get('[data-test="identity-note"]').text()).toContain('按微信用户计算')

    store.draft.active_type = 2
    await nextTick()
    expect(store.draft.identity).toBe('ticket')
    expect(wrapper.find('[data-test="identity"]').exists()).toBe(false)
    store.draft.active_type = 1
    await nextTick()
    expect(store.draft.identity).toBe('anonymous')
  })

  it('warns that WeChat may block links that promise chances for sharing', async () => {
    const { pinia, store } = signedInStore(11)
    store.draft.max_share = 0
    wrapper = mountWith(pinia, ActivityForm)
    await flushPromises()
    expect(wrapper.find('[data-test="share-warning"]').exists()).toBe(false)
    store.draft.max_share = 2
    await nextTick()
    const warning = wrapper.get('[data-test="share-warning"]').text()
    expect(warning).toContain('可能被微信拦截')
    expect(warning).toContain('仅对“微信登录”的活动生效')
  })
})
