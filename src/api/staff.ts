import type { StaffActivity, StaffWin } from '../core/ops'
import { OPS_PATHS, STAFF_HEADER } from '../core/ops'
import { Code } from '../core/contract'
import { call, checked, StudioApiError } from './http'
import { StaffActivityListSchema, StaffWinSchema } from './opsSchemas'

/**
 * The staff page's calls (/staff), on the keyed axios client (api/http.ts). The
 * staff key travels in its header. A staff key can do nothing else: the server
 * refuses it everywhere but here.
 */

/** A redemption's answer: done now, or done before (1011) with the first redemption's time and who. */
export type RedeemReply = { kind: 'redeemed'; win: StaffWin } | { kind: 'already'; win: StaffWin }

const headers = (key: string) => ({ [STAFF_HEADER]: key })

/** The activities this key may redeem for (also how the page checks a key). */
export async function staffActivities(key: string): Promise<StaffActivity[]> {
  return checked(StaffActivityListSchema, await call<unknown>(OPS_PATHS.staffActivities, {}, headers(key)))
}

/** The win behind a 核销码, redeemed or not; nothing changes. */
export async function staffLookup(key: string, code: string, awardcode: string): Promise<StaffWin> {
  return checked(StaffWinSchema, await call<unknown>(OPS_PATHS.staffLookup, { code, awardcode }, headers(key)))
}

/** Redeem a win, once: a second time answers `already` with the first redemption. */
export async function staffRedeem(key: string, code: string, awardcode: string): Promise<RedeemReply> {
  try {
    return { kind: 'redeemed', win: checked(StaffWinSchema, await call<unknown>(OPS_PATHS.staffRedeem, { code, awardcode }, headers(key))) }
  } catch (error) {
    if (error instanceof StudioApiError && error.code === Code.ALREADY_REDEEMED) return { kind: 'already', win: checked(StaffWinSchema, error.data) }
    throw error
  }
}

/** True when the key is wrong, revoked or not a staff key: enter it again (a key refused for one activity is not). */
export function isKeyRefused(error: unknown): boolean {
  return error instanceof StudioApiError && error.code === Code.STAFF_DENIED
}
