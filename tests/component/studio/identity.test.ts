import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { VueWrapper } from '@vue/test-utils'
import * as api from '../../../src/api/studio'
import ActivityForm from '../../../src/studio/ActivityForm.vue'
import StudioSignIn from '../../../src/studio/StudioSignIn.vue'
import { useStudioStore } from '../../../src/stores/studio'
import { flushPromises, mountWith, TIMEOUT_MS } from './setup'

vi.mock('../../../src/api/studio', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/api/studio')>()),
  listActivities: vi.fn(async () => []),
  loadSettings: vi.fn(),
}))
const loadSettings = vi.mocked(api.loadSettings)

let wrapper: VueWrapper | undefined
beforeEach(() => sessionStorage.clear())
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

/** Sign in through the sign-in card, then show the form, as the studio does. */
async function signInAndShowForm(): Promise<ReturnType<typeof useStudioStore>> {
  const pinia = createPinia()
  setActivePinia(pinia)
  const signIn = mountWith(pinia, StudioSignIn)
  await signIn.get('[data-test="signin-key"] input').setValue('key-123')
  await signIn.get('form').trigger('submit')
  await flushPromises()
  signIn.unmount()
  wrapper = mountWith(pinia, ActivityForm)
  await flushPromises()
  return useStudioStore()
}

describe('studio: a new draft’s identity follows the server', { timeout: TIMEOUT_MS }, () => {
  it('starts as WeChat sign-in on a server with WeChat credentials', async () => {
    loadSettings.mockResolvedValue({ wechat: true })
    const store = await signInAndShowForm()
    expect(loadSettings).toHaveBeenLastCalledWith('key-123')
    // The draft open since the page loaded, and the ones started afterwards.
    expect(store.draft.identity).toBe('wechat')
    expect(wrapper!.get('[data-test="identity-note"]').text()).toContain('按微信用户计算')
    expect(store.dirty).toBe(false)
    store.startNew(10, 'blank')
    expect(store.draft.identity).toBe('wechat')
    store.startNew(11, 'demo')
    expect(store.draft.identity).toBe('wechat')
  })

  it('starts anonymous on a server without them', async () => {
    loadSettings.mockResolvedValue({ wechat: false })
    const store = await signInAndShowForm()
    expect(store.draft.identity).toBe('anonymous')
    expect(wrapper!.get('[data-test="identity-note"]').text()).toContain('按浏览器计算')
    store.startNew(11, 'blank')
    expect(store.draft.identity).toBe('anonymous')
  })

  it('asks again for a session resumed with a stored key, leaving an edited draft alone', async () => {
    sessionStorage.setItem('lottery-studio:auth', 'key-123')
    loadSettings.mockResolvedValue({ wechat: true })
    setActivePinia(createPinia())
    const store = useStudioStore()
    store.draft.active_title = '春节'
    await flushPromises()
    await store.refreshSettings()
    expect(store.draft.identity).toBe('anonymous')
    store.startNew(11, 'blank')
    expect(store.draft.identity).toBe('wechat')
  })
})
