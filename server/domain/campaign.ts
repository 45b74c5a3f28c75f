import type { AwardWinData } from '../../src/core/contract'
import type { ClaimField, ClaimValues, MultiDrawData, MultiDrawResult, MyRecords, WinRecord, WinStatus } from '../../src/core/campaign'
import type { CampaignWinRow } from '../db/campaign'
import type { Store } from '../db/queries'
import type { Reply } from '../http'
import { readClaimValues } from '../../src/core/campaign'
import { CODE_INFO, Code } from '../../src/core/contract'
import { formatYuan } from '../../src/core/money'
import { formatCst } from '../../src/core/windows'
import { playOnce, standing } from './play'

/**
 * Issue 13's participant features over the store: multi-draw, my records,
 * claim forms, shipping. Synchronous, run inside the request's transaction.
 */

/** Multi-draw answers live in award_requests under this prefix: award request ids cannot hold ':'. */
const MULTI_KEY_PREFIX = 'm:'
/** How many plays my records lists. */
const RECORDS_PLAYS = 100

/** The award_requests key of a multi-draw's request id. */
export function multiRequestKey(requestId: string): string {
  return MULTI_KEY_PREFIX + requestId
}

function badRequest(path: string, message: string): Reply {
  return { code: Code.BAD_REQUEST, data: { errors: [{ path, message }] }, msg: `${CODE_INFO[Code.BAD_REQUEST].msg}：${message}` }
}

export interface MultiHooks {
  /** Called once per winning draw (the anonymous win caps). */
  onWin: () => void
  /** Before each draw after the first: a refusal that stops the batch (the win caps), else null. */
  mayDrawMore: () => Reply | null
}

/**
 * Activity/multi: up to `count` single draws (playOnce, the award's engine) in
 * the caller's one transaction, stopping at the first refusal. Idempotent by
 * request id: a retry returns the stored answer and draws nothing; the same id
 * with another count is refused. A batch that drew nothing is not kept (like a
 * refused award: the form filled, it may draw next time).
 */
export function playMulti(
  store: Store,
  activityId: number,
  pid: string,
  requestId: string,
  count: number,
  now: number,
  random: () => number,
  hooks: MultiHooks,
): Reply {
  const key = multiRequestKey(requestId)
  const stored = store.awardResponse(activityId, pid, key)
  if (stored !== null) {
    const previous = JSON.parse(stored) as { count: number; reply: Reply }
    return previous.count === count ? previous.reply : badRequest('count', '这个请求编号已用于另一次连抽')
  }
  const activity = store.activityById(activityId)
  if (!activity) return { code: Code.ACTIVITY_NOT_FOUND, data: null }
  const choices = activity.config.multi_draw
  if (!choices.includes(count)) {
    return badRequest('count', choices.length > 0 ? `连抽次数应为 ${choices.join(' 或 ')}` : '本活动没有连抽')
  }

  const results: MultiDrawResult[] = []
  let stopped: MultiDrawData['stopped'] = null
  for (let i = 0; i < count && stopped === null; i++) {
    const reply = (i > 0 ? hooks.mayDrawMore() : null) ?? playOnce(store, activityId, pid, now, random, hooks.onWin)
    if (reply.code === Code.OK) {
      const { plays_left: _left, ...win } = reply.data as AwardWinData
      results.push({ code: Code.OK, win })
    } else if (reply.code === Code.NO_AWARD) {
      results.push({ code: Code.NO_AWARD, win: null })
    } else {
      stopped = { code: reply.code, msg: reply.msg ?? CODE_INFO[reply.code].msg }
    }
  }
  const data: MultiDrawData = { results, stopped, plays_left: standing(store, activityId, activity.config, pid, now).playsLeft }
  const reply: Reply = { code: Code.OK, data }
  if (results.length > 0) store.putAwardResponse(activityId, pid, key, JSON.stringify({ count, reply }), now)
  return reply
}

// ------------------------------------------------------------ my records

/**
 * A win's status: redeemed (picked up, whatever its type) first; then the
 * delivery of a shipped prize; a physical prize whose form asks for an address
 * waits to be shipped; anything else waits to be redeemed.
 */
export function winStatus(win: CampaignWinRow): WinStatus {
  if (win.redeemed_at !== null) return 'redeemed'
  if (win.received_at !== null) return 'received'
  if (win.shipped_at !== null) return 'shipped'
  if (win.prize_type === 'physical' && win.claim_fields.some((f) => f.kind === 'address')) return 'to_ship'
  return 'unredeemed'
}

/** A win as my records shows it. */
export function winRecord(win: CampaignWinRow): WinRecord {
  const redeemed = win.redeemed_at !== null
  return {
    // A redeemed prize never shows its code again.
    awardcode: redeemed ? '' : win.secret,
    prize_id: win.prize_id,
    prize_name: win.prize_name,
    prize_type: win.prize_type,
    money: formatYuan(win.money_cents),
    won_at: win.created_at,
    status: winStatus(win),
    courier: win.courier,
    tracking: win.tracking,
    claim_fields: win.claim_fields,
    claim: win.claim,
    claim_editable: win.claim_fields.length > 0 && win.shipped_at === null && !redeemed,
  }
}

/** info/records: the caller's own plays (newest first, at most 100) and wins. */
export function myRecords(store: Store, activityId: number, pid: string): MyRecords {
  return {
    plays: store.campaign.plays(activityId, pid, RECORDS_PLAYS).map((p) => ({
      time: p.created_at,
      window: formatCst(p.window_start),
      outcome: p.prize_name === null ? 'no_award' : 'win',
      prize_name: p.prize_name,
    })),
    wins: store.campaign.winsOf(activityId, pid).map(winRecord),
  }
}

// ------------------------------------------------------------ claim forms and delivery

/** The caller's own win by its code; anyone else's reads as unknown (codes are not to be probed). */
function ownWin(store: Store, activityId: number, pid: string, awardcode: string): CampaignWinRow | null {
  const win = store.campaign.winBySecret(activityId, awardcode)
  return win && win.pid === pid ? win : null
}

function reread(store: Store, activityId: number, win: CampaignWinRow): WinRecord {
  return winRecord(store.campaign.winBySecret(activityId, win.secret) ?? win)
}

/** info/claim: fill or correct a win's form, until it is shipped (or redeemed). */
export function claimWin(store: Store, activityId: number, pid: string, awardcode: string, values: unknown, now: number): Reply {
  const win = ownWin(store, activityId, pid, awardcode)
  if (!win) return { code: Code.AWARD_NOT_FOUND, data: null }
  if (win.claim_fields.length === 0) return badRequest('awardcode', '这个奖品无需填写信息')
  if (win.shipped_at !== null) return { code: Code.CLAIM_CLOSED, data: winRecord(win) }
  if (win.redeemed_at !== null) return { code: Code.ALREADY_REDEEMED, data: winRecord(win) }
  const read = readClaimValues(win.claim_fields, values, 'values')
  if (!read.ok) {
    const first = read.errors[0]
    return { code: Code.BAD_REQUEST, data: { errors: read.errors }, msg: first ? `${CODE_INFO[Code.BAD_REQUEST].msg}：${first.message}` : undefined }
  }
  store.campaign.setClaim(win.id, read.value, now)
  return { code: Code.OK, data: reread(store, activityId, win) }
}

/** info/received: the winner confirms a shipped prize arrived (again: the same answer). */
export function receiveWin(store: Store, activityId: number, pid: string, awardcode: string, now: number): Reply {
  const win = ownWin(store, activityId, pid, awardcode)
  if (!win) return { code: Code.AWARD_NOT_FOUND, data: null }
  if (win.shipped_at === null) return { code: Code.NOT_SHIPPED, data: winRecord(win) }
  if (win.received_at === null) store.campaign.receive(win.id, now)
  return { code: Code.OK, data: reread(store, activityId, win) }
}

/** info/ship (marketer): mark a physical win shipped, or correct its courier and tracking until received. */
export function shipWin(store: Store, activityId: number, awardcode: string, courier: string, tracking: string, now: number): Reply {
  const win = store.campaign.winBySecret(activityId, awardcode)
  if (!win) return { code: Code.AWARD_NOT_FOUND, data: null }
  if (win.prize_type !== 'physical') return { code: Code.NOT_SHIPPABLE, data: winRecord(win) }
  if (win.redeemed_at !== null) return { code: Code.ALREADY_REDEEMED, data: winRecord(win) }
  if (win.received_at !== null) return { code: Code.ALREADY_RECEIVED, data: winRecord(win) }
  store.campaign.ship(win.id, courier, tracking, now)
  return { code: Code.OK, data: reread(store, activityId, win) }
}

/**
 * The seed's participant columns from a form with its own fields: the first
 * name, tel and address answers (an address as one line), so winners lists
 * and staff pages read a name as before.
 */
export function seedColumns(fields: readonly ClaimField[], values: ClaimValues): { name: string; tel: string; address: string; other_info: string } {
  const first = (kind: ClaimField['kind']) => {
    const field = fields.find((f) => f.kind === kind && values[f.key] !== undefined)
    return field ? values[field.key] : undefined
  }
  const text = (value: ClaimValues[string] | undefined) => (typeof value === 'string' ? value : '')
  const address = first('address')
  return {
    name: text(first('name')),
    tel: text(first('tel')),
    address: address && typeof address !== 'string' ? `${address.province}${address.city}${address.district}${address.street}` : '',
    other_info: '',
  }
}
