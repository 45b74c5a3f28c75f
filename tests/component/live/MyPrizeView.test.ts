import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import MyPrizeView from '../../../src/views/MyPrizeView.vue'
import { ApiError, API_ERROR_MESSAGES } from '../../../src/api/errors'
import type { CheckReply } from '../../../src/api/client'
import { dt, freshPinia, mountWithApp, WAIT } from '../../helpers/mount'
import { fakeApi, indexData, myPrize, resetFakeApi } from './fakeApi'

vi.mock('../../../src/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/api')>()),
  api: (await import('./fakeApi')).fakeApi,
}))

enableAutoUnmount(afterEach)
beforeEach(resetFakeApi)

function check(awardcode: string, fields: Partial<CheckReply> = {}): CheckReply {
  return {
    prizeid: 3,
    name: '精美保温杯',
    type: 'physical',
    money: '0.00',
    prizecode: awardcode,
    info: '到店出示核销码领取',
    status: 2,
    redeemed: false,
    createtime: 1_700_000_000,
    ...fields,
  }
}

async function mountMyPrizes(path: string) {
  const mounted = await mountWithApp(MyPrizeView, { path, pinia: freshPinia() })
  await vi.waitFor(() => expect(fakeApi.index).toHaveBeenCalled(), WAIT)
  await flushPromises()
  return mounted
}

describe('MyPrizeView', () => {
  it('checks each prize (the focused one first) and shows its code with a QR', async () => {
    fakeApi.index.mockResolvedValue(indexData(11, {}, { my_prizes: [myPrize('111122223333'), myPrize('444455556666')] }))
    fakeApi.check.mockImplementation(async (_code, awardcode) => check(awardcode))
    const { wrapper } = await mountMyPrizes('/game/lottery/index/code/act-1/prize?awardcode=444455556666')
    await vi.waitFor(() => expect(fakeApi.check).toHaveBeenCalledTimes(2), WAIT)
    expect(fakeApi.check.mock.calls.map((c) => c[1])).toEqual(['444455556666', '111122223333'])
    await flushPromises()

    const cards = wrapper.findAll(dt('my-prize'))
    expect(cards).toHaveLength(2)
    expect(cards[0]!.attributes('data-code')).toBe('444455556666')
    expect(cards[0]!.find(dt('award-code')).text()).toBe('4444 5555 6666')
    expect(cards[0]!.find(dt('prize-status')).text()).toBe('待核销')
    await vi.waitFor(() => expect(cards[0]!.find(dt('qr')).attributes('src')).toMatch(/^data:image\/png;base64,/), WAIT)
    expect(cards[0]!.find(dt('qr')).attributes('alt')).toContain('444455556666')
  })

  it('a redeemed prize says so and shows no code', async () => {
    fakeApi.index.mockResolvedValue(indexData(11, {}, { my_prizes: [myPrize('111122223333')] }))
    fakeApi.check.mockResolvedValue(check('111122223333', { prizecode: '', redeemed: true, status: 1 }))
    const { wrapper } = await mountMyPrizes('/game/lottery/index/code/act-1/prize')
    await vi.waitFor(() => expect(wrapper.find(dt('redeemed')).exists()).toBe(true), WAIT)
    expect(wrapper.find(dt('prize-status')).text()).toBe('已核销')
    expect(wrapper.find(dt('award-code')).exists()).toBe(false)
    expect(wrapper.find(dt('qr')).exists()).toBe(false)
    expect(wrapper.text()).not.toContain('111122223333')
  })

  it('a prize the index already reports redeemed is not checked and shows no code', async () => {
    fakeApi.index.mockResolvedValue(indexData(11, {}, { my_prizes: [myPrize('', { redeemed: true })] }))
    const { wrapper } = await mountMyPrizes('/game/lottery/index/code/act-1/prize')
    expect(fakeApi.check).not.toHaveBeenCalled()
    expect(wrapper.find(dt('prize-status')).text()).toBe('已核销')
  })

  it('a failed check says so and can be retried', async () => {
    fakeApi.index.mockResolvedValue(indexData(11, {}, { my_prizes: [myPrize('111122223333')] }))
    fakeApi.check.mockRejectedValueOnce(new ApiError('network', API_ERROR_MESSAGES.network)).mockResolvedValueOnce(check('111122223333'))
    const { wrapper } = await mountMyPrizes('/game/lottery/index/code/act-1/prize')
    await vi.waitFor(() => expect(wrapper.find('[role="alert"]').text()).toContain('网络异常，请重试'), WAIT)
    await wrapper.find('[role="alert"] button').trigger('click')
    await vi.waitFor(() => expect(fakeApi.check).toHaveBeenCalledTimes(2), WAIT)
    await flushPromises()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(wrapper.find(dt('award-code')).text()).toBe('1111 2222 3333')
  })

  it('no prizes yet: an invitation to play', async () => {
    fakeApi.index.mockResolvedValue(indexData())
    const { wrapper } = await mountMyPrizes('/game/lottery/index/code/act-1/prize')
    expect(wrapper.find(dt('no-prizes')).text()).toContain('还没有中奖记录')
  })
})
