import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import * as api from '../../../src/api/studio'
import { StudioApiError } from '../../../src/api/studio'
import { Code } from '../../../src/core/contract'
import { useStudioStore } from '../../../src/stores/studio'
import { TIMEOUT_MS } from './setup'

vi.mock('../../../src/api/studio', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/api/studio')>()),
  listActivities: vi.fn(),
  loadSettings: vi.fn(async () => ({ wechat: false })),
}))
const listActivities = vi.mocked(api.listActivities)

beforeEach(() => {
  sessionStorage.clear()
  setActivePinia(createPinia())
})

describe('studio store', { timeout: TIMEOUT_MS }, () => {
  it('keeps a key the server accepts in sessionStorage, and forgets it on sign-out', async () => {
    listActivities.mockImplementation(async () => [
      { code: 'a1', active_title: '春节', template: 11, status: 1, state: 'running', updated_at: 0, counts: { views: 0, participants: 0, plays: 0, wins: 0, forms: 0, redeemed: 0 } },
    ])
    const store = useStudioStore()
    await store.signIn('  key-123 ')
    expect(listActivities).toHaveBeenLastCalledWith('key-123')
    expect(store.signedIn).toBe(true)
    expect(sessionStorage.getItem('lottery-studio:auth')).toBe('key-123')
    expect(store.activities).toHaveLength(1)

    // A reload in the same session stays signed in.
    setActivePinia(createPinia())
    expect(useStudioStore().auth).toBe('key-123')

    useStudioStore().signOut()
    expect(sessionStorage.getItem('lottery-studio:auth')).toBeNull()
    expect(useStudioStore().signedIn).toBe(false)
  })

  it('does not keep a key the server refuses', async () => {
    listActivities.mockImplementation(async () => {
      throw new StudioApiError('商家密钥无效', Code.MARKETER_DENIED)
    })
    const store = useStudioStore()
    await expect(store.signIn('wrong')).rejects.toSatisfy(api.isAuthError)
    expect(store.signedIn).toBe(false)
    expect(sessionStorage.getItem('lottery-studio:auth')).toBeNull()
  })

  it('reorders windows and gives new prizes fresh ids', () => {
    const store = useStudioStore()
    store.startNew(11, 'demo')
    const [first, second] = store.draft.active_time
    store.moveWindow(1, -1)
    expect(store.draft.active_time).toEqual([second, first])
    // Out of order is an error the form shows.
    expect(store.validation.ok).toBe(false)
    store.moveWindow(0, 1)
    expect(store.draft.active_time).toEqual([first, second])

    const ids = store.draft.prize.map((p) => p.id)
    store.removePrize(0)
    store.addPrize('redpacket')
    const added = store.draft.prize.at(-1)!
    expect(ids).not.toContain(added.id)
    expect(added).toMatchObject({ type: 'redpacket', sum: 10 })
  })
})
