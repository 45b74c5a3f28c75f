import { vi } from 'vitest'
import type { ActivityConfig } from '../../../src/core/activity'
import type { AwardReply, CheckReply } from '../../../src/api/client'
import type { IndexData, MyPrize, ParticipantState } from '../../../src/core/contract'
import { demoForTemplate } from '../../../src/core/demo'
import type { Template } from '../../../src/core/activity'

/**
 * A stand-in for src/api's client in component tests: every endpoint is a
 * vi.fn the test scripts. Mock the module with:
 *   vi.mock('../../../src/api', async (orig) => ({ ...(await orig()), api: (await import('./fakeApi')).fakeApi }))
 */
export const fakeApi = {
  index: vi.fn<(code: string, auth?: string) => Promise<IndexData>>(),
  prize: vi.fn(),
  user: vi.fn<(code: string, info: unknown) => Promise<{ user_filled: true }>>(),
  award: vi.fn<(code: string, requestId: string) => Promise<AwardReply>>(),
  check: vi.fn<(code: string, awardcode: string) => Promise<CheckReply>>(),
  userlist: vi.fn<(code: string) => Promise<{ wxname: string; headimgurl: string; money: string; name: string; createtime: number }[]>>(),
}

/** Reset every fake and give the harmless defaults (no winners, form accepted). */
export function resetFakeApi(): void {
  for (const fn of Object.values(fakeApi)) fn.mockReset()
  fakeApi.userlist.mockResolvedValue([])
  fakeApi.user.mockResolvedValue({ user_filled: true })
}

/** The participant's state, tunable. */
export function state(fields: Partial<ParticipantState> = {}): ParticipantState {
  return {
    plays: 0,
    plays_left: 3,
    window: { phase: 'open', index: 0, ends_at: Date.now() + 86_400_000 },
    won_in_window: false,
    user_filled: false,
    participants: 1234,
    my_prizes: [],
    ...fields,
  }
}

/** An index answer for a demo template (open now), tunable. */
export function indexData(template: Template = 11, fields: Partial<ActivityConfig> = {}, st: Partial<ParticipantState> = {}): IndexData {
  return {
    ...demoForTemplate(template),
    ...fields,
    view: 'participant',
    code: 'act-1',
    state: state(st),
    server_time: Date.now(),
  }
}

/** An award win for prize `prizeId` of the demo wheel. */
export function winReply(secret = '123456789012', playsLeft: number | null = 2): AwardReply {
  return {
    kind: 'outcome',
    code: 200,
    msg: '成功',
    outcome: { kind: 'win', prizeId: 3, prizeName: '精美保温杯', prizeType: 'physical', amountCents: 0, secret },
    playsLeft,
    win: { prize_id: 3, prize_name: '精美保温杯', prize_type: 'physical', money: '0.00', secret, amount_cents: 0, plays_left: playsLeft },
  }
}

/** A play's non-win answer. */
export function refusalReply(kind: 'no_award' | 'no_times' | 'have_award' | 'game_over', code: number, playsLeft: number | null): AwardReply {
  return { kind: 'outcome', code, msg: '', outcome: { kind }, playsLeft, win: null }
}

/** One of my prizes. */
export function myPrize(awardcode: string, fields: Partial<MyPrize> = {}): MyPrize {
  return { prize_id: 3, name: '精美保温杯', type: 'physical', money: '0.00', awardcode, redeemed: false, createtime: 1_700_000_000, ...fields }
}
