import { randomInt } from 'node:crypto'
import type { ActivityConfig } from '../../src/core/activity'
import type { ParticipantState } from '../../src/core/contract'
import type { WindowState } from '../../src/core/windows'
import type { ParticipantRow, PlayState, Store } from '../db/queries'
import type { Reply } from '../http'
import { Code } from '../../src/core/contract'
import { draw } from '../../src/core/draw'
import { playsLeft } from '../../src/core/limits'
import { formatYuan, toCents } from '../../src/core/money'
import { windowAt, windowBounds } from '../../src/core/windows'
import { referralPlays, withExtraPlays } from '../wechat/referral'
import { myPrize, windowView } from './answers'

/**
 * The award transaction and the participant's state: functions of the store,
 * run inside the request's transaction by the routes (every store call awaited).
 */

/** Redemption codes: 12 digits, no leading zero (the seed types `secret` as int). */
const SECRET_DIGITS = 12
/** How many times to draw a new code when one is taken (10^11 codes: a clash is already rare). */
const SECRET_ATTEMPTS = 8
/** Draws of one play at most when its stock was taken or retired meanwhile (the last one then answers no win). */
const DRAW_ATTEMPTS = 3

/** The key of the open window's counters (its start, epoch ms), or null when none is open. */
function windowKey(config: ActivityConfig, state: WindowState): number | null {
  if (state.phase !== 'open') return null
  const window = config.active_time[state.index]
  return window ? (windowBounds(window)?.start ?? null) : null
}

/** Where a participant stands at `now`. */
export async function participantState(
  store: Store,
  activityId: number,
  saved: ActivityConfig,
  pid: string,
  now: number,
): Promise<ParticipantState> {
  const { window, config, counter, participant, playsLeft } = await standing(store, activityId, saved, pid, now)
  return {
    plays: participant?.plays ?? 0,
    plays_left: playsLeft,
    window: windowView(window),
    won_in_window: counter.wins > 0,
    user_filled: participant?.filled_at != null,
    participants: (await store.participantCount(activityId)) + config.virtual,
    my_prizes: (await store.winsOf(activityId, pid)).map(myPrize),
  }
}

/** The window, limits and counters of a participant at `now`; plays_left as the page shows it. */
export async function standing(store: Store, activityId: number, saved: ActivityConfig, pid: string, now: number) {
  const window = windowAt(saved.active_time, now)
  const key = windowKey(saved, window)
  const config = await withReferrals(store, activityId, saved, pid, key)
  const { participant, counter } = await store.standing(activityId, pid, key)
  const plays = participant?.plays ?? 0
  return { window, config, counter, participant, playsLeft: playsLeft(config, { plays, playsInWindow: counter.plays }, key !== null) }
}

/**
 * The limits with this window's referral plays (wechat activities, max_share) added. Only WeChat
 * activities record referrals (server/wechat/referral.ts): the others skip the read.
 */
async function withReferrals(store: Store, activityId: number, saved: ActivityConfig, pid: string, key: number | null): Promise<ActivityConfig> {
  if (key === null || saved.identity !== 'wechat') return saved
  return withExtraPlays(saved, await referralPlays(store, activityId, pid, key))
}

/**
 * The open window's counters, from the latest ones store.playState read: none when those are of an
 * earlier window; read by key in the one case they are not the open window's own (windows overlapping).
 */
async function counterOf(store: Store, activityId: number, pid: string, key: number | null, latest: PlayState['counter']) {
  if (key === null || latest === null || latest.windowStart < key) return { plays: 0, wins: 0 }
  if (latest.windowStart === key) return { plays: latest.plays, wins: latest.wins }
  return store.windowCounter(activityId, pid, key)
}

function newSecret(): string {
  let s = String(randomInt(1, 10))
  for (let i = 1; i < SECRET_DIGITS; i++) s += String(randomInt(0, 10))
  return s
}

/** A participant's row, locked (null: they have none yet), and what a play reads under the lock. */
export interface LockedPlay {
  player: ParticipantRow | null
  state: PlayState
}

/**
 * The lock of the participant's row if they have one, and the play's read, to send with the token's
 * exchange (withSession's prefetch): nothing is created, so a refused exchange has written nothing.
 * Without a row (a newcomer) the read was not under a lock: playAward locks (creating the row) and reads again.
 */
export async function lockedPlay(store: Store, activityId: number, pid: string, now: number, requestId: string): Promise<LockedPlay> {
  const [player, state] = await Promise.all([store.lockKnownParticipant(activityId, pid), store.playState(activityId, pid, now, requestId)])
  return { player, state }
}

async function lockAndRead(store: Store, activityId: number, pid: string, now: number, requestId: string) {
  const [player, state] = await Promise.all([store.lockParticipant(activityId, pid, now), store.playState(activityId, pid, now, requestId)])
  return { player, state }
}

/**
 * One play, the whole of it: idempotency, the form, window, limits, the draw,
 * the guarded stock decrement, the win with its code, the stored response.
 * The caller runs it inside one transaction.
 */
export async function playAward(
  store: Store,
  activityId: number,
  pid: string,
  requestId: string,
  now: number,
  random: () => number,
  /** Called once when this play wins, after its transaction committed (never for a stored answer replayed). */
  onWin: () => void = () => {},
  /** lockedPlay's, sent with the token's exchange (withSession's prefetch); else locked and read here. */
  locked?: LockedPlay,
): Promise<Reply> {
  // The participant's row lock first: their stored answers, limits and counters are read after any
  // concurrent call of theirs committed (pg-design: per participant, one play at a time). Sent together
  // (one round trip on PostgreSQL), run in order: the read waits for the lock.
  const { player, state } = locked?.player ? { player: locked.player, state: locked.state } : await lockAndRead(store, activityId, pid, now, requestId)
  if (state.response !== null) return JSON.parse(state.response) as Reply
  const reply = await playOnce(store, activityId, pid, player, now, random, onWin, state)
  // Only a play that used a chance is kept: a refusal may turn into a play later (the form filled, a window opened).
  // Deferred (goes out with COMMIT): a plain insert whose only failure, a duplicate request id, is an error;
  // and none can be, the stored answer having been read under the participant's lock.
  if (reply.code === Code.OK || reply.code === Code.NO_AWARD) {
    store.defer(store.putAwardResponse(activityId, pid, requestId, JSON.stringify(reply), now))
  }
  return reply
}

/**
 * One draw without idempotency: the form, window, limits, the draw, the
 * guarded stock decrement, the win with its code, the plays log. Answers as
 * Activity/award would (200 win, 202 no win, else the refusal, nothing used).
 * A multi-draw is this run N times in one transaction (domain/campaign.ts).
 * The caller holds the participant's row: `player` as store.lockParticipant
 * returned it, its plays counted on here.
 */
export async function playOnce(
  store: Store,
  activityId: number,
  pid: string,
  player: ParticipantRow,
  now: number,
  random: () => number,
  onWin: () => void,
  /** What the caller read just now (store.playState), else read here. */
  read?: PlayState,
  attempt = 1,
): Promise<Reply> {
  // Read inside the transaction, as one snapshot: the configuration in force now, with its stock, is the one that draws.
  const { activity, stock, counter: latest } = read ?? (await store.playState(activityId, pid, now, null))
  if (!activity) return { code: Code.ACTIVITY_NOT_FOUND, data: null }
  const saved = activity.config
  if (saved.actinfo.need_info && player.filled_at == null) return { code: Code.NEED_INFO, data: null }

  const window = windowAt(saved.active_time, now)
  const key = windowKey(saved, window)
  const config = await withReferrals(store, activityId, saved, pid, key)
  const counter = await counterOf(store, activityId, pid, key, latest)
  const plays = player.plays
  const decision = draw(
    {
      config,
      now,
      participant: { plays, playsInWindow: counter.plays, winsInWindow: counter.wins },
      stock,
    },
    random,
  )
  const left = (extraPlay: number) => playsLeft(config, { plays: plays + extraPlay, playsInWindow: counter.plays + extraPlay }, key !== null)

  if (!decision.consumesPlay || key === null) {
    switch (decision.outcome.kind) {
      case 'not_started':
        return { code: Code.NOT_STARTED, data: { starts_at: decision.outcome.startsAt } }
      case 'no_times':
        return { code: Code.NO_TIMES, data: { plays_left: 0 } }
      case 'have_award':
        return { code: Code.HAVE_AWARD, data: { plays_left: left(0) } }
      default:
        return { code: Code.GAME_OVER, data: { plays_left: left(0) } }
    }
  }

  const win = decision.win
  const prize = win ? config.prize.find((p) => p.id === win.prizeId) : undefined
  const taken = !!win && prize !== undefined && (await store.takeStock(activityId, win.prizeId, win.stockDelta, win.amountCents))
  // A refused take means the stock or the configuration read above was older than another play's or an
  // edit's commit (PostgreSQL reads per statement; a lone SQLite process never sees it): draw again on
  // fresh reads, nothing written yet. The guard kept the stock; this keeps the chances as configured.
  if (win && prize && !taken && attempt < DRAW_ATTEMPTS) return playOnce(store, activityId, pid, player, now, random, onWin, undefined, attempt + 1)
  // The writes below are deferred (sent with what follows, awaited before COMMIT): each changes one row
  // or fails with an error, nothing here depends on their results. addPlay's row is the one this
  // transaction holds locked (lockParticipant), bumpWindow is an upsert, logPlay a plain insert. The
  // stock decrement above and insertWin below are awaited: their outcome decides what comes next.
  store.defer(store.addPlay(activityId, pid))
  player.plays++
  let reply: Reply = { code: Code.NO_AWARD, data: { plays_left: left(1) } }
  let winId: number | null = null
  if (win && prize && taken) {
    const moneyCents = prize.type === 'redpacket' ? win.amountCents : toCents(prize.money)
    const inserted = await insertWin(store, {
      activityId,
      pid,
      prizeId: prize.id,
      prizeName: prize.name,
      prizeType: prize.type,
      prizeInfo: prize.info,
      moneyCents,
      windowStart: key,
      now,
      // The claim form goes with the win, as its name does: later edits do not change what this winner fills.
      claimFields: prize.claim_fields.length > 0 ? prize.claim_fields : null,
    })
    winId = inserted.id
    store.afterCommit(onWin)
    reply = {
      code: Code.OK,
      data: {
        prize_id: prize.id,
        prize_name: prize.name,
        prize_type: prize.type,
        money: formatYuan(moneyCents),
        secret: inserted.secret,
        amount_cents: win.amountCents,
        plays_left: left(1),
      },
    }
  }
  store.defer(store.bumpWindow(activityId, pid, key, reply.code === Code.OK))
  // Also the campaign's statistics over time (server/domain/stats.ts).
  store.defer(store.campaign.logPlay(activityId, pid, key, winId, now))
  return reply
}

/**
 * Insert the win under a fresh redemption code, drawing another while the code is taken (the
 * insert then writes nothing: no failed statement, which would abort a PostgreSQL transaction).
 */
async function insertWin(store: Store, win: Omit<Parameters<Store['insertWin']>[0], 'secret'>): Promise<{ id: number; secret: string }> {
  for (let attempt = 1; attempt <= SECRET_ATTEMPTS; attempt++) {
    const secret = newSecret()
    const id = await store.insertWin({ ...win, secret })
    if (id !== null) return { id, secret }
  }
  throw new Error(`no free redemption code in ${SECRET_ATTEMPTS} draws`)
}
