import type { PrizeType } from '../../src/core/activity'
import type { CheckData, MyPrize, UserlistData, WindowView } from '../../src/core/contract'
import type { WindowState } from '../../src/core/windows'
import type { WinRow } from '../db/queries'
import { formatYuan } from '../../src/core/money'

/** Database rows → the wire's answers (seed 002's field names), in one place for every route. */

/** Prize types that count as claimed at once (seed: 虚拟物品都默认为已经领取). */
const CLAIMED_ON_WIN: ReadonlySet<PrizeType> = new Set(['virtual', 'points', 'redpacket'])

/** The seed's 1 已经领取 / 2 没有领取. */
function claimStatus(win: Pick<WinRow, 'prize_type' | 'redeemed_at'>): 1 | 2 {
  return win.redeemed_at !== null || CLAIMED_ON_WIN.has(win.prize_type) ? 1 : 2
}

/** The seed's times are epoch seconds. */
function seconds(epochMs: number): number {
  return Math.floor(epochMs / 1000)
}

/** What every answer about a win shows, whatever the seed calls the fields. */
function winFacts(win: WinRow): { redeemed: boolean; money: string; code: string; createtime: number } {
  const redeemed = win.redeemed_at !== null
  // A redeemed prize never shows its code again.
  return { redeemed, money: formatYuan(win.money_cents), code: redeemed ? '' : win.secret, createtime: seconds(win.created_at) }
}

/** core's WindowState in the wire's snake_case. */
export function windowView(state: WindowState): WindowView {
  switch (state.phase) {
    case 'open':
      return { phase: 'open', index: state.index, ends_at: state.endsAt }
    case 'before':
      return { phase: 'before', next_index: state.nextIndex, starts_at: state.startsAt }
    case 'after':
      return { phase: 'after' }
  }
}

/** One of the participant's own prizes (Activity/index's `my_prizes`). */
export function myPrize(win: WinRow): MyPrize {
  const { redeemed, money, code, createtime } = winFacts(win)
  return { prize_id: win.prize_id, name: win.prize_name, type: win.prize_type, money, awardcode: code, redeemed, createtime }
}

/** info/check: the winner's own prize, looked up by its code. */
export function checkData(win: WinRow): CheckData {
  const { redeemed, money, code, createtime } = winFacts(win)
  return {
    prizeid: win.prize_id,
    name: win.prize_name,
    type: win.prize_type,
    money,
    prizecode: code,
    info: win.prize_info,
    status: claimStatus(win),
    redeemed,
    createtime,
  }
}

/** A line of info/userlist; `who` is the winner as shown (winnerDisplay: a masked name, an avatar or ''). */
export function winnerEntry(win: WinRow, who: { wxname: string; headimgurl: string }): UserlistData[number] {
  return { ...who, money: formatYuan(win.money_cents), name: win.prize_name, createtime: seconds(win.created_at) }
}

/** info/redeem: which prize, redeemed when (epoch ms). */
export function redeemData(win: WinRow, redeemedAt: number | null): { prizeid: number; name: string; redeemed_at: number | null } {
  return { prizeid: win.prize_id, name: win.prize_name, redeemed_at: redeemedAt }
}
