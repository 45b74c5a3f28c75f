import type { PrizeType } from '../../src/core/activity'
import type { ClaimField, ClaimValues } from '../../src/core/campaign'
import { sql } from 'kysely'
import type { Executor, Sql } from './sql'
import { args } from './sql'

/**
 * The statements of issue 13's features (migration 9), as `store.campaign`:
 * the plays log, claim forms per win, shipping. Async like the rest of the
 * store: callers compose them inside `store.transaction((tx) => …)`.
 */

/** A win with its claim and delivery columns. JSON columns are parsed. */
export interface CampaignWinRow {
  id: number
  pid: string
  prize_id: number
  prize_name: string
  prize_type: PrizeType
  money_cents: number
  secret: string
  created_at: number
  redeemed_at: number | null
  claim_fields: ClaimField[]
  claim: ClaimValues | null
  claimed_at: number | null
  courier: string | null
  tracking: string | null
  shipped_at: number | null
  received_at: number | null
}

interface RawWin extends Omit<CampaignWinRow, 'claim_fields' | 'claim'> {
  claim_fields: string | null
  claim: string | null
}

const WIN_COLUMNS = sql.raw(`id, pid, prize_id, prize_name, prize_type, money_cents, secret, created_at, redeemed_at,
  claim_fields, claim, claimed_at, courier, tracking, shipped_at, received_at`)
const [$1, $2, $3, $4, $5] = args

function parseWin(row: RawWin): CampaignWinRow {
  return {
    ...row,
    claim_fields: row.claim_fields === null ? [] : (JSON.parse(row.claim_fields) as ClaimField[]),
    claim: row.claim === null ? null : (JSON.parse(row.claim) as ClaimValues),
  }
}

export function createCampaignStore(db: Sql) {
  const s = {
    logPlay: db.prepare(sql`INSERT INTO play_log (activity_id, pid, window_start, win_id, created_at)
      VALUES (${$1}, ${$2}, ${$3}, ${$4}, ${$5})`),
    plays: db.prepare(sql<{ created_at: number; window_start: number; prize_name: string | null }>`SELECT l.created_at,
      l.window_start, w.prize_name FROM play_log l LEFT JOIN wins w ON w.id = l.win_id
      WHERE l.activity_id = ${$1} AND l.pid = ${$2} ORDER BY l.id DESC LIMIT ${$3}`),
    winsOf: db.prepare(
      sql<RawWin>`SELECT ${WIN_COLUMNS} FROM wins WHERE activity_id = ${$1} AND pid = ${$2} ORDER BY id DESC LIMIT 100`,
    ),
    winBySecret: db.prepare(sql<RawWin>`SELECT ${WIN_COLUMNS} FROM wins WHERE activity_id = ${$1} AND secret = ${$2}`),
    // The guard (not shipped) makes the check and the write one step.
    setClaim: db.prepare(sql`UPDATE wins SET claim = ${$2}, claimed_at = ${$3} WHERE id = ${$1} AND shipped_at IS NULL`),
    ship: db.prepare(sql`UPDATE wins SET courier = ${$2}, tracking = ${$3}, shipped_at = COALESCE(shipped_at, ${$4})
      WHERE id = ${$1} AND received_at IS NULL`),
    receive: db.prepare(
      sql`UPDATE wins SET received_at = ${$2} WHERE id = ${$1} AND shipped_at IS NOT NULL AND received_at IS NULL`,
    ),
    setForm: db.prepare(sql`UPDATE participants SET form = ${$3} WHERE activity_id = ${$1} AND pid = ${$2}`),
  }
  return (db: Executor) => ({
    /** One play of `pid` in the 场次 starting at `windowStart`; `winId` when it won. */
    async logPlay(activityId: number, pid: string, windowStart: number, winId: number | null, now: number): Promise<void> {
      await s.logPlay.run(db, activityId, pid, windowStart, winId, now)
    },
    /** The participant's latest plays, newest first; `prize_name` when the play won. */
    plays(activityId: number, pid: string, limit: number) {
      return s.plays.all(db, activityId, pid, limit)
    },
    /** The participant's wins, newest first (at most 100, like the seed's my_prizes). */
    async winsOf(activityId: number, pid: string): Promise<CampaignWinRow[]> {
      return (await s.winsOf.all(db, activityId, pid)).map(parseWin)
    },
    async winBySecret(activityId: number, secret: string): Promise<CampaignWinRow | null> {
      const row = await s.winBySecret.get(db, activityId, secret)
      return row ? parseWin(row) : null
    },
    /** Store the winner's form; false once the win is shipped. */
    async setClaim(winId: number, claim: ClaimValues, now: number): Promise<boolean> {
      return (await s.setClaim.run(db, winId, JSON.stringify(claim), now)) === 1
    },
    /** Mark shipped (or correct courier and tracking, keeping the first shipped_at); false once received. */
    async ship(winId: number, courier: string, tracking: string, now: number): Promise<boolean> {
      return (await s.ship.run(db, winId, courier, tracking, now)) === 1
    },
    /** The winner confirms receipt; false unless shipped and not yet received. */
    async receive(winId: number, now: number): Promise<boolean> {
      return (await s.receive.run(db, winId, now)) === 1
    },
    /** The before-play form of an activity with its own fields (config.claim_fields), beside the seed's columns. */
    async setForm(activityId: number, pid: string, form: ClaimValues): Promise<void> {
      await s.setForm.run(db, activityId, pid, JSON.stringify(form))
    },
  })
}
