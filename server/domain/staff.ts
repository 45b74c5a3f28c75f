import type { KeyRole, RedemptionEntry, StaffWin } from '../../src/core/ops'
import type { ActivityRow, MarketerKeyRow, RedemptionRow, Store, WinDetailRow } from '../db/queries'
import type { Reply } from '../http'
import { Code } from '../../src/core/contract'
import { maskName } from '../../src/core/names'

/**
 * Redemption by staff (staff/lookup, staff/redeem) and the redemption log: a
 * win as the staff page shows it (the winner's name masked, no phone), who
 * redeemed it, and the one-time redemption.
 */

/** Shown for a redemption made before who redeemed was kept. */
const UNKNOWN_REDEEMER = '未记录'

/** A 核销码 with its middle masked: 4 digits kept at each end ('123456789012' → '1234****9012'). */
export function maskAwardCode(code: string): string {
  const keep = Math.min(4, Math.floor(code.length / 3))
  return `${code.slice(0, keep)}****${code.slice(code.length - keep)}`
}

/** Who redeemed: the key's label (a redemption from before migration 8 has none). */
function redeemer(row: { redeemed_at: number | null; redeemer_label: string | null }): string | null {
  if (row.redeemed_at === null) return null
  return row.redeemer_label ?? UNKNOWN_REDEEMER
}

export function staffWin(activity: ActivityRow, win: WinDetailRow): StaffWin {
  return {
    code: activity.code,
    active_title: activity.config.active_title,
    awardcode: win.secret,
    prize: { id: win.prize_id, name: win.prize_name, type: win.prize_type, info: win.prize_info },
    winner: maskName(win.name),
    won_at: win.created_at,
    redeemed_at: win.redeemed_at,
    redeemed_by: redeemer(win),
  }
}

/** A line of the redemption log. */
export function redemptionEntry(row: RedemptionRow): RedemptionEntry {
  const role: KeyRole = row.redeemer_role ?? 'marketer'
  return {
    awardcode: maskAwardCode(row.secret),
    prize_name: row.prize_name,
    redeemed_at: row.redeemed_at,
    by: { label: row.redeemer_label ?? UNKNOWN_REDEEMER, role },
  }
}

/** The win of `awardcode` in the activity; 1012 when the code belongs to another activity, 1010 when to none. */
async function findWin(store: Store, activity: ActivityRow, awardcode: string): Promise<WinDetailRow | Reply> {
  const win = await store.ops.winDetail(activity.id, awardcode)
  if (win) return win
  const other = await store.ops.winActivityCode(awardcode)
  return { code: other === null ? Code.AWARD_NOT_FOUND : Code.AWARD_OTHER_ACTIVITY, data: null }
}

/** staff/lookup: the win, nothing changes. */
export async function lookup(store: Store, activity: ActivityRow, awardcode: string): Promise<Reply> {
  const win = await findWin(store, activity, awardcode)
  if ('code' in win) return win
  return { code: Code.OK, data: staffWin(activity, win) }
}

/**
 * staff/redeem: mark the win redeemed by `key`, once. The guarded UPDATE
 * (redeemed_at IS NULL) decides between two taps at once, even from two
 * processes: one 200, the other 1011 with the first redemption's time and who.
 */
export function redeem(store: Store, activity: ActivityRow, awardcode: string, key: MarketerKeyRow, now: number): Promise<Reply> {
  return store.transaction(async (tx) => {
    const win = await findWin(tx, activity, awardcode)
    if ('code' in win) return win
    const first = await tx.redeem(win.id, now, key.id)
    const after = (await tx.ops.winDetail(activity.id, awardcode)) as WinDetailRow
    return { code: first ? Code.OK : Code.ALREADY_REDEEMED, data: staffWin(activity, after) }
  })
}
