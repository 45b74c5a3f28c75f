import type { PrizeType } from '../../src/core/activity'
import type { ClaimField, ClaimValues } from '../../src/core/campaign'
import type { Db } from './connection'

/**
 * The statements of issue 13's features (migration 9), as `store.campaign`:
 * the plays log, claim forms per win, shipping. Synchronous like the rest of
 * the store: callers compose them inside `store.transaction()`.
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

const WIN_COLUMNS = `id, pid, prize_id, prize_name, prize_type, money_cents, secret, created_at, redeemed_at,
  claim_fields, claim, claimed_at, courier, tracking, shipped_at, received_at`

function parseWin(row: RawWin): CampaignWinRow {
  return {
    ...row,
    claim_fields: row.claim_fields === null ? [] : (JSON.parse(row.claim_fields) as ClaimField[]),
    claim: row.claim === null ? null : (JSON.parse(row.claim) as ClaimValues),
  }
}

export function createCampaignStore(db: Db) {
  const s = {
    logPlay: db.prepare(
      'INSERT INTO play_log (activity_id, pid, window_start, win_id, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    plays: db.prepare<[number, string, number], { created_at: number; window_start: number; prize_name: string | null }>(
      `SELECT l.created_at, l.window_start, w.prize_name FROM play_log l LEFT JOIN wins w ON w.id = l.win_id
       WHERE l.activity_id = ? AND l.pid = ? ORDER BY l.id DESC LIMIT ?`,
    ),
    setWinClaimFields: db.prepare('UPDATE wins SET claim_fields = ? WHERE id = ?'),
    winsOf: db.prepare<[number, string], RawWin>(
      `SELECT ${WIN_COLUMNS} FROM wins WHERE activity_id = ? AND pid = ? ORDER BY id DESC LIMIT 100`,
    ),
    winBySecret: db.prepare<[number, string], RawWin>(`SELECT ${WIN_COLUMNS} FROM wins WHERE activity_id = ? AND secret = ?`),
    // The guard (not shipped) makes the check and the write one step.
    setClaim: db.prepare('UPDATE wins SET claim = ?, claimed_at = ? WHERE id = ? AND shipped_at IS NULL'),
    ship: db.prepare(
      'UPDATE wins SET courier = ?, tracking = ?, shipped_at = COALESCE(shipped_at, ?) WHERE id = ? AND received_at IS NULL',
    ),
    receive: db.prepare('UPDATE wins SET received_at = ? WHERE id = ? AND shipped_at IS NOT NULL AND received_at IS NULL'),
    setForm: db.prepare('UPDATE participants SET form = ? WHERE activity_id = ? AND pid = ?'),
  }
  return {
    /** One play of `pid` in the 场次 starting at `windowStart`; `winId` when it won. */
    logPlay: (activityId: number, pid: string, windowStart: number, winId: number | null, now: number): void =>
      void s.logPlay.run(activityId, pid, windowStart, winId, now),
    /** The participant's latest plays, newest first; `prize_name` when the play won. */
    plays: (activityId: number, pid: string, limit: number) => s.plays.all(activityId, pid, limit),
    /** Keep the prize's claim form on the win (copied when won, like its name). */
    setWinClaimFields: (winId: number, fields: readonly ClaimField[]): void =>
      void s.setWinClaimFields.run(JSON.stringify(fields), winId),
    /** The participant's wins, newest first (at most 100, like the seed's my_prizes). */
    winsOf: (activityId: number, pid: string): CampaignWinRow[] => s.winsOf.all(activityId, pid).map(parseWin),
    winBySecret(activityId: number, secret: string): CampaignWinRow | null {
      const row = s.winBySecret.get(activityId, secret)
      return row ? parseWin(row) : null
    },
    /** Store the winner's form; false once the win is shipped. */
    setClaim: (winId: number, claim: ClaimValues, now: number): boolean =>
      s.setClaim.run(JSON.stringify(claim), now, winId).changes === 1,
    /** Mark shipped (or correct courier and tracking, keeping the first shipped_at); false once received. */
    ship: (winId: number, courier: string, tracking: string, now: number): boolean =>
      s.ship.run(courier, tracking, now, winId).changes === 1,
    /** The winner confirms receipt; false unless shipped and not yet received. */
    receive: (winId: number, now: number): boolean => s.receive.run(now, winId).changes === 1,
    /** The before-play form of an activity with its own fields (config.claim_fields), beside the seed's columns. */
    setForm: (activityId: number, pid: string, form: ClaimValues): void =>
      void s.setForm.run(JSON.stringify(form), activityId, pid),
  }
}
