import { beforeEach, describe, expect, it, vi } from 'vitest'
import { Code } from '../../../src/core/contract'
import { ApiError, API_ERROR_MESSAGES } from '../../../src/api/errors'
import { useActivityStore } from '../../../src/stores/activity'
import { useParticipantStore } from '../../../src/stores/participant'
import { useUserFormStore } from '../../../src/stores/userForm'
import { freshPinia, WAIT } from '../../helpers/mount'
import { fakeApi, indexData, refusalReply, resetFakeApi, winReply } from './fakeApi'

vi.mock('../../../src/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/api')>()),
  api: (await import('./fakeApi')).fakeApi,
}))

beforeEach(() => {
  freshPinia()
  resetFakeApi()
})

async function entered() {
  fakeApi.index.mockResolvedValue(indexData(11, {}, { plays_left: 3 }))
  const activity = useActivityStore()
  await activity.load('act-1')
  return { activity, participant: useParticipantStore() }
}

describe('activity store', () => {
  it('loads the activity and hands the participant state over', async () => {
    const { activity, participant } = await entered()
    expect(activity.phase).toBe('ready')
    expect(activity.config?.template).toBe(11)
    expect(activity.participants).toBe(1234)
    expect(activity.playable).toBe(true)
    expect(participant.playsLeft).toBe(3)
    expect(activity.windowState.phase).toBe('open')
  })

  it('does not enter twice for the same code unless forced', async () => {
    const { activity } = await entered()
    await activity.load('act-1')
    expect(fakeApi.index).toHaveBeenCalledTimes(1)
    await activity.load('act-1', { force: true })
    expect(fakeApi.index).toHaveBeenCalledTimes(2)
  })

  it('keeps the same configuration object when a re-entry brings the same content', async () => {
    const { activity } = await entered()
    const before = activity.config
    activity.applyIndex('act-1', indexData(11, {}, { plays_left: 1 }))
    expect(activity.config).toBe(before)
    expect(useParticipantStore().playsLeft).toBe(1)
    activity.applyIndex('act-1', indexData(11, { active_title: '新标题' }))
    expect(activity.config).not.toBe(before)
    expect(activity.config?.active_title).toBe('新标题')
  })

  it.each([
    [new ApiError('refused', '活动不存在', { code: Code.ACTIVITY_NOT_FOUND }), 'not_found'],
    [new ApiError('refused', '本活动仅限特定用户参与', { code: Code.TICKET_REQUIRED }), 'denied'],
    [new ApiError('network', API_ERROR_MESSAGES.network), 'error'],
  ] as const)('a failed entry (%s) reads as %s', async (error, phase) => {
    fakeApi.index.mockRejectedValue(error)
    const activity = useActivityStore()
    await activity.load('x')
    expect(activity.phase).toBe(phase)
    expect(activity.error).toBe(error.message)
  })

  it('passes the host ticket to the index', async () => {
    fakeApi.index.mockResolvedValue(indexData())
    await useActivityStore().load('act-1', { auth: 'ticket.sig' })
    expect(fakeApi.index).toHaveBeenCalledWith('act-1', 'ticket.sig', undefined)
  })

  it('sends the referral id until an entry succeeds, not on a refresh', async () => {
    fakeApi.index.mockResolvedValue(indexData())
    const activity = useActivityStore()
    await activity.load('act-1', { ref: 'abcdefghijklmnopqrstuvwx' })
    await activity.load('act-1', { ref: 'abcdefghijklmnopqrstuvwx', force: true })
    expect(fakeApi.index.mock.calls).toEqual([
      ['act-1', undefined, 'abcdefghijklmnopqrstuvwx'],
      ['act-1', undefined, undefined],
    ])
  })

  it.each([
    [Code.WECHAT_SIGNIN, 'signin'],
    [Code.WECHAT_UNAVAILABLE, 'unavailable'],
  ] as const)('a wechat refusal (%s) reads as the wechat phase, %s', async (code, kind) => {
    fakeApi.index.mockRejectedValue(new ApiError('refused', '…', { code, data: null }))
    const activity = useActivityStore()
    await activity.load('wx1')
    expect(activity.phase).toBe('wechat')
    expect(activity.wechatKind).toBe(kind)
    expect(activity.snapshot).toBeNull()
  })

  it('keeps a snapshot page’s activity (2041) to look at', async () => {
    const { view: _view, state: _state, ...config } = indexData()
    fakeApi.index.mockRejectedValue(new ApiError('refused', '…', { code: Code.WECHAT_SNAPSHOT, data: { ...config, view: 'snapshot' } }))
    const activity = useActivityStore()
    await activity.load('wx1')
    expect(activity.wechatKind).toBe('snapshot')
    expect(activity.snapshot?.active_title).toBe(config.active_title)
  })

  it('maps the winners for the marquee (no amount when 0.00)', async () => {
    const { activity } = await entered()
    fakeApi.userlist.mockResolvedValue([
      { wxname: '王**', headimgurl: '', money: '0.00', name: '保温杯', createtime: 1 },
      { wxname: '李*', headimgurl: '', money: '8.88', name: '红包', createtime: 2 },
    ])
    await activity.refreshWinners()
    expect(activity.winners).toEqual([
      { wxname: '王**', name: '保温杯', money: '' },
      { wxname: '李*', name: '红包', money: '¥8.88' },
    ])
  })
})

describe('participant store', () => {
  it('keeps the request id of a play whose answer was lost, and takes a new one after an answer', async () => {
    const { participant } = await entered()
    fakeApi.award
      .mockRejectedValueOnce(new ApiError('network', API_ERROR_MESSAGES.network))
      .mockResolvedValueOnce(winReply('111122223333', 2))
      .mockResolvedValueOnce(refusalReply('have_award', Code.HAVE_AWARD, 2))
    await expect(participant.drawOnce()).rejects.toBeInstanceOf(ApiError)
    expect(participant.lastError).toBe('网络异常，请重试')
    await participant.drawOnce()
    await participant.drawOnce()
    const ids = fakeApi.award.mock.calls.map((c) => c[1])
    expect(ids[1]).toBe(ids[0])
    expect(ids[2]).not.toBe(ids[0])
    expect(participant.lastError).toBe('')
  })

  it('a win updates chances, my prizes and the window flag', async () => {
    const { participant } = await entered()
    fakeApi.award.mockResolvedValue(winReply('111122223333', 2))
    const result = await participant.drawOnce()
    expect(result).toEqual({ outcome: expect.objectContaining({ kind: 'win', secret: '111122223333' }) })
    expect(participant.playsLeft).toBe(2)
    expect(participant.wonInWindow).toBe(true)
    expect(participant.myPrizes[0]).toMatchObject({ awardcode: '111122223333', name: '精美保温杯', redeemed: false })
    expect(participant.lastOutcome?.kind).toBe('win')
  })

  it('201 asks for the form and keeps the request id for the same play', async () => {
    const { participant } = await entered()
    fakeApi.award.mockResolvedValueOnce({ kind: 'need_info', msg: '请先填写您的信息' }).mockResolvedValueOnce(winReply())
    expect(await participant.drawOnce()).toEqual({ needInfo: true })
    await useUserFormStore().submit({ name: '张三', tel: '13800138000', address: '', other_info: '' })
    expect(participant.userFilled).toBe(true)
    await participant.drawOnce()
    expect(fakeApi.award.mock.calls[1]![1]).toBe(fakeApi.award.mock.calls[0]![1])
  })

  it('a game_over answer makes the page ask the server again', async () => {
    const { participant } = await entered()
    fakeApi.award.mockResolvedValue(refusalReply('game_over', Code.GAME_OVER, 0))
    await participant.drawOnce()
    await vi.waitFor(() => expect(fakeApi.index).toHaveBeenCalledTimes(2), WAIT)
  })
})

describe('user form store', () => {
  it('keeps the field errors of a refused form and rethrows', async () => {
    await entered()
    const form = useUserFormStore()
    fakeApi.user.mockRejectedValue(new ApiError('invalid', '请填写正确的手机号（tel）', { fieldErrors: [{ path: 'tel', message: '请填写正确的手机号（tel）' }] }))
    await expect(form.submit({ name: '张三', tel: '1', address: '', other_info: '' })).rejects.toBeInstanceOf(ApiError)
    expect(form.errors).toEqual([{ path: 'tel', message: '请填写正确的手机号（tel）' }])
    expect(form.submitting).toBe(false)
    expect(useParticipantStore().userFilled).toBe(false)
  })
})
