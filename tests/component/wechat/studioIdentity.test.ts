import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import ActivityForm from '../../../src/studio/ActivityForm.vue'
import { flushPromises, mountWith, signedInStore, TIMEOUT_MS } from '../studio/setup'

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
