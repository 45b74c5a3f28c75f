import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import * as api from '../../../src/api/studio'
import { StudioApiError } from '../../../src/api/studio'
import { Code } from '../../../src/core/contract'
import ActivityForm from '../../../src/studio/ActivityForm.vue'
import SaveBar from '../../../src/studio/SaveBar.vue'
import { flushPromises, mountWith, signedInStore, TIMEOUT_MS } from './setup'

vi.mock('../../../src/api/studio', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/api/studio')>()),
  listActivities: vi.fn(async () => []),
  saveActivity: vi.fn(),
}))
// happy-dom has no canvas for qrcode's browser renderer; the link it encodes is what matters here.
vi.mock('qrcode', () => ({ default: { toDataURL: vi.fn(async (text: string) => `data:image/png;base64,${btoa(text)}`) } }))

const saveActivity = vi.mocked(api.saveActivity)

let wrapper: VueWrapper | undefined
// Calls accumulate across tests (clearing this mock between tests makes vitest
// report the rejection the studio handles), so each test reads its own calls.
let callsBefore = 0
beforeEach(() => {
  callsBefore = saveActivity.mock.calls.length
})
const callsSince = () => saveActivity.mock.calls.slice(callsBefore)
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const fieldError = (w: VueWrapper, path: string) => w.find(`[data-path="${path}"] .van-field__error-message`)

describe('studio save', { timeout: TIMEOUT_MS }, () => {
  it('maps the server field errors back onto the fields, and drops each once its value changes', async () => {
    saveActivity.mockImplementation(async () => {
      throw new StudioApiError('活动配置不正确', Code.INVALID_CONFIG, [
        { path: 'prize.1.name', message: '奖品名称包含敏感词' },
        { path: 'actinfo.tel', message: '联系电话格式不正确' },
      ])
    })
    const { pinia, store } = signedInStore(11)
    wrapper = mountWith(pinia, ActivityForm, SaveBar)
    await flushPromises()

    await wrapper.get('[data-test="save"]').trigger('click')
    await flushPromises()

    expect(callsSince()).toHaveLength(1)
    const [auth, sent, code] = callsSince()[0]!
    expect(auth).toBe('test-marketer-key')
    expect(code).toBeNull()
    expect(sent.prize.map((p) => p.chance)).toEqual(store.draft.prize.map((p) => p.chance))
    expect(fieldError(wrapper, 'prize.1.name').text()).toBe('奖品名称包含敏感词')
    expect(fieldError(wrapper, 'actinfo.tel').text()).toBe('联系电话格式不正确')
    // Server errors do not block a retry: the server may have been wrong or changed.
    expect(wrapper.get('[data-test="save"]').attributes('disabled')).toBeUndefined()

    await wrapper.get('[data-path="prize.1.name"] input').setValue('代金券 20 元')
    await nextTick()
    expect(fieldError(wrapper, 'prize.1.name').exists()).toBe(false)
    expect(fieldError(wrapper, 'actinfo.tel').text()).toBe('联系电话格式不正确')
  })

  it('keeps the code the server assigns and shows the participant link with its QR', async () => {
    const { pinia, store } = signedInStore(11)
    saveActivity.mockImplementation(async (_auth, config) => ({ code: 'abc123', config }))
    const { default: LinkCard } = await import('../../../src/studio/LinkCard.vue')
    wrapper = mountWith(pinia, ActivityForm, SaveBar)
    await flushPromises()

    await wrapper.get('[data-test="save"]').trigger('click')
    await flushPromises()
    expect(store.code).toBe('abc123')
    expect(store.dirty).toBe(false)
    expect(wrapper.get('[data-test="save"]').text()).toBe('保存修改')

    const { mount } = await import('@vue/test-utils')
    const card = mount(LinkCard, { props: { code: 'abc123' }, global: { plugins: [pinia] } })
    await flushPromises()
    expect(card.get('[data-test="participant-link"]').text()).toBe(`${window.location.origin}/game/lottery/index/code/abc123`)
    expect(card.get('img').attributes('src')).toBe(`data:image/png;base64,${btoa(`${window.location.origin}/game/lottery/index/code/abc123`)}`)
    card.unmount()

    // The next save updates the same activity.
    await wrapper.get('[data-path="active_title"] input').setValue('改过的标题')
    await wrapper.get('[data-test="save"]').trigger('click')
    await flushPromises()
    expect(callsSince()).toHaveLength(2)
    expect(callsSince()[1]![2]).toBe('abc123')
  })
})
