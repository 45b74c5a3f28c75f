import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { mount } from '@vue/test-utils'
import * as api from '../../../src/api/studio'
import type { KeyInfo } from '../../../src/core/marketerKeys'
import KeysPanel from '../../../src/studio/KeysPanel.vue'
import { TIMEOUT_MS, flushPromises, signedInStore } from './setup'

vi.mock('../../../src/api/studio', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/api/studio')>()),
  listKeys: vi.fn(),
  createKey: vi.fn(),
  revokeKey: vi.fn(),
  listActivities: vi.fn(async () => []),
}))
vi.mock('vant', async (importOriginal) => ({ ...(await importOriginal<typeof import('vant')>()), showConfirmDialog: vi.fn(async () => 'confirm') }))

const key = (fields: Partial<KeyInfo> & Pick<KeyInfo, 'id' | 'label'>): KeyInfo => ({
  prefix: 'mk_abcdef',
  source: 'created',
  created_at: Date.UTC(2030, 0, 1),
  expires_at: null,
  last_used_at: null,
  revoked_at: null,
  current: false,
  role: 'marketer',
  activities: [],
  ...fields,
})

describe('KeysPanel', { timeout: TIMEOUT_MS }, () => {
  it('lists keys, shows a created key once, revokes one', async () => {
    const { pinia } = signedInStore()
    let keys = [key({ id: 2, label: '门店 A' }), key({ id: 1, label: 'demo', source: 'demo', current: true, last_used_at: Date.UTC(2030, 0, 2) })]
    vi.mocked(api.listKeys).mockImplementation(async () => keys)
    vi.mocked(api.createKey).mockImplementation(async (_auth, label) => {
      keys = [key({ id: 3, label }), ...keys]
      return { key: 'mk_new_secret_key_0123456789abcdef', info: keys[0] as KeyInfo }
    })
    vi.mocked(api.revokeKey).mockImplementation(async (_auth, id) => {
      keys = keys.map((k) => (k.id === id ? { ...k, revoked_at: Date.UTC(2030, 0, 3) } : k))
    })
    const show = ref(false)
    const wrapper = mount(
      defineComponent({ render: () => h(KeysPanel, { show: show.value, 'onUpdate:show': (v: boolean) => (show.value = v) }) }),
      { global: { plugins: [pinia] }, attachTo: document.body },
    )
    show.value = true
    await flushPromises()
    expect(api.listKeys).toHaveBeenCalledWith('test-marketer-key')
    const panel = () => document.body.querySelector('.drawer') as HTMLElement
    expect(panel().textContent).toContain('门店 A')
    expect(panel().querySelector('[data-test="key-1"]')?.textContent).toContain('当前')
    expect(panel().querySelector('[data-test="key-2"]')?.textContent).toContain('最近使用 从未')

    const input = panel().querySelector('[data-test="key-label"]') as HTMLInputElement
    input.value = '门店 B'
    input.dispatchEvent(new Event('input'))
    panel().querySelector('form')?.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(api.createKey).toHaveBeenCalledWith('test-marketer-key', '门店 B', 'staff', [])
    expect(panel().querySelector('[data-test="key-created"]')?.textContent).toContain('mk_new_secret_key_0123456789abcdef')

    ;(panel().querySelector('[data-test="key-revoke-2"]') as HTMLElement).click()
    await flushPromises()
    expect(api.revokeKey).toHaveBeenCalledWith('test-marketer-key', 2)
    expect(panel().querySelector('[data-test="key-2"]')?.textContent).toContain('已吊销')

    // Closed and reopened: the created key is gone for good.
    show.value = false
    await flushPromises()
    show.value = true
    await flushPromises()
    expect(panel().querySelector('[data-test="key-created"]')).toBeNull()
    wrapper.unmount()
  })
})
