import type { AwardWinData } from '../../src/core/contract'
import type { ClaimField, ClaimValues, MultiDrawData, MultiDrawResult, MyRecords, WinRecord, WinStatus } from '../../src/core/campaign'
import type { CampaignWinRow } from '../db/campaign'
import type { Store } from '../db/queries'
import type { Reply } from '../http'
import { readClaimValues } from '../../src/core/claimValues'
import { CODE_INFO, Code } from '../../src/core/contract'
import { formatYuan } from '../../src/core/money'
import { formatCst } from '../../src/core/windows'
import { playOnce, standing } from './play'

/**
 * Issue 13's participant features over the store: multi-draw, my records,
 * claim forms, shipping. Run inside the request's transaction.
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

/**
 * Activity/multi's refusal before anything is drawn, or null to go on: the
 * same request id with another count, or a count the activity does not offer.
 * A stored answer for the id (a retry) is never refused here.
 */
export async function multiRefusal(
  store: Store,
  activityId: number,
  pid: string,
  requestId: string,
  count: number,
  choices: readonly number[],
): Promise<Reply | null> {
  return refusalOf(await store.awardResponse(activityId, pid, multiRequestKey(requestId)), count, choices)
}

/** multiRefusal on the stored answer already read (null: none). */
function refusalOf(stored: string | null, count: number, choices: readonly number[]): Reply | null {
  if (stored !== null) {
    return (JSON.parse(stored) as StoredMulti).count === count ? null : badRequest('count', '这个请求编号已用于另一次连抽')
  }
  if (choices.includes(count)) return null
  return badRequest('count', choices.length > 0 ? `连抽次数应为 ${choices.join(' 或 ')}` : '本活动没有连抽')
}

interface StoredMulti {
  count: number
  reply: Reply
}

/**
 * Activity/multi: up to `count` single draws (playOnce, the award's engine) in
 * the caller's one transaction, stopping at the first refusal. Idempotent by
 * request id: a retry returns the stored answer and draws nothing; the same id
 * with another count is refused. A batch that drew nothing is not kept (like a
 * refused award: once the form is filled, the same id may draw).
 */
export async function playMulti(
  store: Store,
  activityId: number,
  pid: string,
  requestId: string,
  count: number,
  now: number,
  random: () => number,
  /** Called once per winning draw after the transaction committed (the anonymous win caps). */
  onWin: () => void,
): Promise<Reply> {
  // The participant's row lock first, then the read, sent together as for a single award (playAward).
  const key = multiRequestKey(requestId)
  const [player, state] = await Promise.all([store.lockParticipant(activityId, pid, now), store.playState(activityId, pid, now, key)])
  const { activity, response: stored } = state
  if (!activity) return { code: Code.ACTIVITY_NOT_FOUND, data: null }
  const refusal = refusalOf(stored, count, activity.config.multi_draw)
  if (refusal) return refusal
  if (stored !== null) return (JSON.parse(stored) as StoredMulti).reply

  const results: MultiDrawResult[] = []
  let stopped: MultiDrawData['stopped'] = null
  // The win caps were checked before the batch (the route's precheck), as before a single award; they
  // change only on a win, and after a win the next draw is refused anyway (one win per 场次).
  for (let i = 0; i < count && stopped === null; i++) {
    // The first draw uses the state read above; each later one reads the stock (and configuration) again.
    const reply = await playOnce(store, activityId, pid, player, now, random, onWin, i === 0 ? state : undefined)
    if (reply.code === Code.OK) {
      const { plays_left: _left, ...win } = reply.data as AwardWinData
      results.push({ code: Code.OK, win })
    } else if (reply.code === Code.NO_AWARD) {
      results.push({ code: Code.NO_AWARD, win: null })
    } else {
      stopped = { code: reply.code, msg: reply.msg ?? CODE_INFO[reply.code].msg }
    }
  }
  const data: MultiDrawData = { results, stopped, plays_left: (await standing(store, activityId, activity.config, pid, now)).playsLeft }
  const reply: Reply = { code: Code.OK, data }
  // Deferred, as playAward's: a plain insert, no duplicate possible under the participant's lock.
  if (results.length > 0) store.defer(store.putAwardResponse(activityId, pid, key, JSON.stringify({ count, reply } satisfies StoredMulti), now))
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
export async function myRecords(store: Store, activityId: number, pid: string): Promise<MyRecords> {
  return {
    plays: (await store.campaign.plays(activityId, pid, RECORDS_PLAYS)).map((p) => ({
      time: p.created_at,
      window: formatCst(p.window_start),
      outcome: p.prize_name === null ? 'no_award' : 'win',
      prize_name: p.prize_name,
    })),
    wins: (await store.campaign.winsOf(activityId, pid)).map(winRecord),
  }
}

// ------------------------------------------------------------ claim forms and delivery

/** The caller's own win by its code; anyone else's reads as unknown (codes are not to be probed). */
async function ownWin(store: Store, activityId: number, pid: string, awardcode: string): Promise<CampaignWinRow | null> {
  const win = await store.campaign.winBySecret(activityId, awardcode)
  return win && win.pid === pid ? win : null
}

async function reread(store: Store, activityId: number, win: CampaignWinRow): Promise<WinRecord> {
  return winRecord((await store.campaign.winBySecret(activityId, win.secret)) ?? win)
}

/**
 * info/claim's checks, run before the token is exchanged (a refusal writes
 * nothing): the caller's own win, with a form, not shipped nor redeemed, and
 * values that fit the form. Then `storeClaim` in the transaction.
 */
export async function checkClaim(
  store: Store,
  activityId: number,
  pid: string,
  awardcode: string,
  values: unknown,
): Promise<{ refusal: Reply } | { win: CampaignWinRow; claim: ClaimValues }> {
  const win = await ownWin(store, activityId, pid, awardcode)
  if (!win) return { refusal: { code: Code.AWARD_NOT_FOUND, data: null } }
  if (win.claim_fields.length === 0) return { refusal: badRequest('awardcode', '这个奖品无需填写信息') }
  if (win.shipped_at !== null) return { refusal: { code: Code.CLAIM_CLOSED, data: winRecord(win) } }
  if (win.redeemed_at !== null) return { refusal: { code: Code.ALREADY_REDEEMED, data: winRecord(win) } }
  const read = readClaimValues(win.claim_fields, values, 'values')
  if (!read.ok) {
    const first = read.errors[0]
    const msg = first ? `${CODE_INFO[Code.BAD_REQUEST].msg}：${first.message}` : undefined
    return { refusal: { code: Code.BAD_REQUEST, data: { errors: read.errors }, msg } }
  }
  return { win, claim: read.value }
}

/** Store a checked claim; the guard refuses it if the prize was shipped meanwhile. */
export async function storeClaim(store: Store, activityId: number, win: CampaignWinRow, claim: ClaimValues, now: number): Promise<Reply> {
  const stored = await store.campaign.setClaim(win.id, claim, now)
  return { code: stored ? Code.OK : Code.CLAIM_CLOSED, data: await reread(store, activityId, win) }
}

/** info/received's checks before the token is exchanged: the caller's own win, shipped. */
export async function checkReceived(
  store: Store,
  activityId: number,
  pid: string,
  awardcode: string,
): Promise<{ refusal: Reply } | { win: CampaignWinRow }> {
  const win = await ownWin(store, activityId, pid, awardcode)
  if (!win) return { refusal: { code: Code.AWARD_NOT_FOUND, data: null } }
  if (win.shipped_at === null) return { refusal: { code: Code.NOT_SHIPPED, data: winRecord(win) } }
  return { win }
}

/** The winner confirms receipt (again: the same answer). */
export async function receiveWin(store: Store, activityId: number, win: CampaignWinRow, now: number): Promise<Reply> {
  await store.campaign.receive(win.id, now)
  return { code: Code.OK, data: await reread(store, activityId, win) }
}

/** info/ship (marketer): mark a physical win shipped, or correct its courier and tracking until received. */
export async function shipWin(
  store: Store,
  activityId: number,
  awardcode: string,
  courier: string,
  tracking: string,
  now: number,
): Promise<Reply> {
  const win = await store.campaign.winBySecret(activityId, awardcode)
  if (!win) return { code: Code.AWARD_NOT_FOUND, data: null }
  if (win.prize_type !== 'physical') return { code: Code.NOT_SHIPPABLE, data: winRecord(win) }
  if (win.redeemed_at !== null) return { code: Code.ALREADY_REDEEMED, data: winRecord(win) }
  if (win.received_at !== null) return { code: Code.ALREADY_RECEIVED, data: winRecord(win) }
  await store.campaign.ship(win.id, courier, tracking, now)
  return { code: Code.OK, data: await reread(store, activityId, win) }
}

/**
 * The seed's participant columns from a form with its own fields: the first
 * name, tel and address answers (an address as one line), so winners lists
 * and staff pages read a name as before. Own keys only: a field may be keyed `constructor`.
 */
export function seedColumns(fields: readonly ClaimField[], values: ClaimValues): { name: string; tel: string; address: string; other_info: string } {
  const first = (kind: ClaimField['kind']) => {
    const field = fields.find((f) => f.kind === kind && Object.hasOwn(values, f.key))
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
