import type { ActivityConfig, PrizeType } from '../../src/core/activity'
import type Database from 'better-sqlite3'
import type { RetentionOptions } from '../context'
import type { Db } from './connection'
import type { KeyRole } from '../../src/core/ops'

/**
 * Every SQL statement the server runs, behind plain methods, so another
 * database could take its place. All methods are synchronous: callers compose
 * them inside `transaction()` and nothing else runs meanwhile (no oversell).
 */

export interface ActivityRow {
  id: number
  code: string
  config: ActivityConfig
  /** The next id for a prize added to this activity (ids are never reused). */
  nextPrizeId: number
  /** When it was published (epoch ms); null for a draft, which participants cannot enter. */
  publishedAt: number | null
}

export interface StockRow {
  prize_id: number
  active: number
  remaining: number
  won: number
  paid_cents: number
}

export interface ParticipantRow {
  plays: number
  name: string | null
  filled_at: number | null
}

export interface WinRow {
  id: number
  pid: string
  prize_id: number
  prize_name: string
  prize_type: PrizeType
  prize_info: string
  money_cents: number
  secret: string
  created_at: number
  redeemed_at: number | null
  /** The key (id) that redeemed it; null when not redeemed or redeemed before this was kept. */
  redeemed_by: number | null
}

export interface NewWin {
  activityId: number
  pid: string
  prizeId: number
  prizeName: string
  prizeType: PrizeType
  prizeInfo: string
  moneyCents: number
  secret: string
  windowStart: number
  now: number
}

export interface TokenRow {
  jti: string
  chain_id: string
  used_at: number | null
  successor: string | null
  /** When this token's grace was spent (its lost successor replaced), else null. */
  graced_at: number | null
  /** 1 when this token was replaced through its predecessor's grace, never presented itself. */
  superseded: number
}

export interface ChainRow {
  id: string
  activity_id: number
  pid: string
  revoked_at: number | null
}

export interface ParticipantInfo {
  name: string
  tel: string
  address: string
  other_info: string
}

/** Rows one purge deleted per table; `more` when some table may hold more past retention. */
export interface PurgeCounts {
  tokens: number
  chains: number
  awardRequests: number
  participants: number
  more: boolean
}

type StoredActivity = { id: number; code: string; config: string; next_prize_id: number; published_at: number | null }

/** The storage module the routes talk to. */
export type Store = ReturnType<typeof createStore>

export function createStore(db: Db) {
  const s = {
    getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),

    addKey: db.prepare('INSERT OR IGNORE INTO marketer_keys (hash, label, created_at) VALUES (?, ?, ?)'),
    hasKey: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM marketer_keys WHERE hash = ?'),

    activityByCode: db.prepare<[string], StoredActivity>(
      'SELECT id, code, config, next_prize_id, published_at FROM activities WHERE code = ?',
    ),
    activityById: db.prepare<[number], StoredActivity>(
      'SELECT id, code, config, next_prize_id, published_at FROM activities WHERE id = ?',
    ),
    // published_at: NULL makes a draft (Activity/duplicate); Activity/add's activities are published at once.
    insertActivity: db.prepare(
      'INSERT INTO activities (code, config, next_prize_id, created_at, updated_at, published_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    updateActivity: db.prepare('UPDATE activities SET config = ?, next_prize_id = ?, updated_at = ? WHERE id = ?'),

    stockRows: db.prepare<[number], StockRow>(
      'SELECT prize_id, active, remaining, won, paid_cents FROM prize_stock WHERE activity_id = ? ORDER BY prize_id',
    ),
    upsertStock: db.prepare(`INSERT INTO prize_stock (activity_id, prize_id, active, remaining) VALUES (?, ?, 1, ?)
      ON CONFLICT(activity_id, prize_id) DO UPDATE SET active = 1, remaining = excluded.remaining`),
    retireStock: db.prepare('UPDATE prize_stock SET active = 0, remaining = 0 WHERE activity_id = ?'),
    // The guard makes the decrement safe even if a caller's view of stock were stale.
    takeStock: db.prepare(`UPDATE prize_stock SET remaining = remaining - @delta, won = won + 1, paid_cents = paid_cents + @cents
      WHERE activity_id = @activityId AND prize_id = @prizeId AND active = 1 AND remaining >= @delta`),

    participant: db.prepare<[number, string], ParticipantRow>(
      'SELECT plays, name, filled_at FROM participants WHERE activity_id = ? AND pid = ?',
    ),
    ensureParticipant: db.prepare('INSERT OR IGNORE INTO participants (activity_id, pid, created_at) VALUES (?, ?, ?)'),
    addPlay: db.prepare('UPDATE participants SET plays = plays + 1 WHERE activity_id = ? AND pid = ?'),
    fillParticipant: db.prepare(`UPDATE participants SET name = @name, tel = @tel, address = @address,
      other_info = @other_info, filled_at = @now WHERE activity_id = @activityId AND pid = @pid`),
    // Counts the participant when they first do something (play or fill the form): run before that change.
    countIfIdle: db.prepare(`UPDATE activities SET participants = participants + 1 WHERE id = @activityId AND EXISTS
      (SELECT 1 FROM participants WHERE activity_id = @activityId AND pid = @pid AND plays = 0 AND filled_at IS NULL)`),
    participantCount: db.prepare<[number], { n: number }>('SELECT participants AS n FROM activities WHERE id = ?'),
    playCount: db.prepare<[number], { plays: number | null }>(
      'SELECT SUM(plays) AS plays FROM participants WHERE activity_id = ?',
    ),

    windowCounter: db.prepare<[number, string, number], { plays: number; wins: number }>(
      'SELECT plays, wins FROM window_counters WHERE activity_id = ? AND pid = ? AND window_start = ?',
    ),
    bumpWindow: db.prepare(`INSERT INTO window_counters (activity_id, pid, window_start, plays, wins) VALUES (?, ?, ?, 1, ?)
      ON CONFLICT(activity_id, pid, window_start) DO UPDATE SET plays = plays + 1, wins = wins + excluded.wins`),

    insertWin: db.prepare(`INSERT INTO wins (activity_id, pid, prize_id, prize_name, prize_type, prize_info, money_cents,
      secret, window_start, created_at) VALUES (@activityId, @pid, @prizeId, @prizeName, @prizeType, @prizeInfo,
      @moneyCents, @secret, @windowStart, @now)`),
    winBySecret: db.prepare<[number, string], WinRow>(
      `SELECT id, pid, prize_id, prize_name, prize_type, prize_info, money_cents, secret, created_at, redeemed_at, redeemed_by
       FROM wins WHERE activity_id = ? AND secret = ?`,
    ),
    winsOf: db.prepare<[number, string], WinRow>(
      `SELECT id, pid, prize_id, prize_name, prize_type, prize_info, money_cents, secret, created_at, redeemed_at, redeemed_by
       FROM wins WHERE activity_id = ? AND pid = ? ORDER BY id DESC LIMIT 100`,
    ),
    latestWins: db.prepare<[number, number], WinRow & { name: string | null }>(
      `SELECT w.id, w.pid, w.prize_id, w.prize_name, w.prize_type, w.prize_info, w.money_cents, w.secret, w.created_at,
       w.redeemed_at, w.redeemed_by, p.name FROM wins w LEFT JOIN participants p ON p.activity_id = w.activity_id AND p.pid = w.pid
       WHERE w.activity_id = ? ORDER BY w.id DESC LIMIT ?`,
    ),
    redeem: db.prepare('UPDATE wins SET redeemed_at = ?, redeemed_by = ? WHERE id = ? AND redeemed_at IS NULL'),
    winCounts: db.prepare<[number], { wins: number; redeemed: number | null }>(
      'SELECT COUNT(*) AS wins, SUM(redeemed_at IS NOT NULL) AS redeemed FROM wins WHERE activity_id = ?',
    ),

    awardResponse: db.prepare<[number, string, string], { response: string }>(
      'SELECT response FROM award_requests WHERE activity_id = ? AND pid = ? AND request_id = ?',
    ),
    putAwardResponse: db.prepare(
      'INSERT INTO award_requests (activity_id, pid, request_id, response, created_at) VALUES (?, ?, ?, ?, ?)',
    ),

    insertChain: db.prepare('INSERT INTO token_chains (id, activity_id, pid, created_at) VALUES (?, ?, ?, ?)'),
    chain: db.prepare<[string], ChainRow>('SELECT id, activity_id, pid, revoked_at FROM token_chains WHERE id = ?'),
    revokeChain: db.prepare('UPDATE token_chains SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    insertToken: db.prepare('INSERT INTO tokens (jti, chain_id, issued_at, expires_at) VALUES (?, ?, ?, ?)'),
    token: db.prepare<[string], TokenRow>(
      'SELECT jti, chain_id, used_at, successor, graced_at, superseded FROM tokens WHERE jti = ?',
    ),
    markUsed: db.prepare('UPDATE tokens SET used_at = ?, successor = ? WHERE jti = ?'),
    supersede: db.prepare('UPDATE tokens SET used_at = ?, successor = ?, superseded = 1 WHERE jti = ?'),
    markGraced: db.prepare('UPDATE tokens SET graced_at = ? WHERE jti = ?'),
    // Purges, a batch at a time (rowid lists), so a backlog never holds the writer for long.
    purgeTokens: db.prepare('DELETE FROM tokens WHERE rowid IN (SELECT rowid FROM tokens WHERE expires_at < ? LIMIT ?)'),
    // A chain is empty only once all its tokens were purged, so it is older than the tokens' cutoff.
    purgeChains: db.prepare(`DELETE FROM token_chains WHERE rowid IN (SELECT rowid FROM token_chains c
      WHERE c.created_at < ? AND NOT EXISTS (SELECT 1 FROM tokens t WHERE t.chain_id = c.id) LIMIT ?)`),
    purgeAwardRequests: db.prepare(
      'DELETE FROM award_requests WHERE rowid IN (SELECT rowid FROM award_requests WHERE created_at < ? LIMIT ?)',
    ),
    purgeIdleParticipants: db.prepare(`DELETE FROM participants WHERE rowid IN (SELECT rowid FROM participants
      WHERE plays = 0 AND filled_at IS NULL AND created_at < ? LIMIT ?)`),
  }

  const toActivity = (row: StoredActivity | undefined): ActivityRow | null =>
    row
      ? {
          id: row.id,
          code: row.code,
          config: JSON.parse(row.config) as ActivityConfig,
          nextPrizeId: row.next_prize_id,
          publishedAt: row.published_at,
        }
      : null
  const participantCount = (activityId: number): number => s.participantCount.get(activityId)?.n ?? 0

  return {
    /** Run `fn` as one transaction (nested calls become savepoints). */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)()
    },
    close(): void {
      db.close()
    },

    getSetting: (key: string): string | null => s.getSetting.get(key)?.value ?? null,
    setSetting: (key: string, value: string): void => void s.setSetting.run(key, value),

    addMarketerKey: (hash: string, label: string, now: number): void => void s.addKey.run(hash, label, now),
    hasMarketerKey: (hash: string): boolean => s.hasKey.get(hash) !== undefined,

    activityByCode: (code: string): ActivityRow | null => toActivity(s.activityByCode.get(code)),
    activityById: (id: number): ActivityRow | null => toActivity(s.activityById.get(id)),
    /** Insert an activity, published at `now` unless `draft`; returns its id. */
    insertActivity: (code: string, config: ActivityConfig, nextPrizeId: number, now: number, draft = false): number =>
      Number(s.insertActivity.run(code, JSON.stringify(config), nextPrizeId, now, now, draft ? null : now).lastInsertRowid),
    updateActivity: (id: number, config: ActivityConfig, nextPrizeId: number, now: number): void =>
      void s.updateActivity.run(JSON.stringify(config), nextPrizeId, now, id),

    stockRows: (activityId: number): StockRow[] => s.stockRows.all(activityId),
    /** Remaining stock of the prizes in the current configuration. */
    activeStock(activityId: number): Map<number, number> {
      const map = new Map<number, number>()
      for (const row of s.stockRows.all(activityId)) if (row.active) map.set(row.prize_id, row.remaining)
      return map
    },
    /** Mark every prize of the activity retired; `upsertStock` then revives the ones still configured. */
    retireStock: (activityId: number): void => void s.retireStock.run(activityId),
    upsertStock: (activityId: number, prizeId: number, remaining: number): void =>
      void s.upsertStock.run(activityId, prizeId, remaining),
    /** Take `delta` from a prize's stock if it is still there; false when it is not. */
    takeStock: (activityId: number, prizeId: number, delta: number, cents: number): boolean =>
      s.takeStock.run({ activityId, prizeId, delta, cents }).changes === 1,

    participant: (activityId: number, pid: string): ParticipantRow | null => s.participant.get(activityId, pid) ?? null,
    /** Create the participant's row on their first state-changing call; counted once they play or fill the form. */
    ensureParticipant: (activityId: number, pid: string, now: number): void => void s.ensureParticipant.run(activityId, pid, now),
    addPlay(activityId: number, pid: string): void {
      s.countIfIdle.run({ activityId, pid })
      s.addPlay.run(activityId, pid)
    },
    fillParticipant(activityId: number, pid: string, info: ParticipantInfo, now: number): void {
      s.countIfIdle.run({ activityId, pid })
      s.fillParticipant.run({
        name: info.name,
        tel: info.tel,
        address: info.address,
        other_info: info.other_info,
        activityId,
        pid,
        now,
      })
    },
    /** Real participants: those who played or filled the form (entering alone does not count). */
    participantCount,
    /** Real participants and their plays in all (the plays are a scan: for the marketer's view, not per play). */
    participantCounts(activityId: number): { participants: number; plays: number } {
      return { participants: participantCount(activityId), plays: s.playCount.get(activityId)?.plays ?? 0 }
    },

    windowCounter: (activityId: number, pid: string, windowStart: number): { plays: number; wins: number } =>
      s.windowCounter.get(activityId, pid, windowStart) ?? { plays: 0, wins: 0 },
    bumpWindow: (activityId: number, pid: string, windowStart: number, won: boolean): void =>
      void s.bumpWindow.run(activityId, pid, windowStart, won ? 1 : 0),

    /** Insert a win; throws SQLITE_CONSTRAINT_UNIQUE when the secret is taken. */
    insertWin: (win: NewWin): void => void s.insertWin.run(win),
    winBySecret: (activityId: number, secret: string): WinRow | null => s.winBySecret.get(activityId, secret) ?? null,
    winsOf: (activityId: number, pid: string): WinRow[] => s.winsOf.all(activityId, pid),
    latestWins: (activityId: number, limit: number) => s.latestWins.all(activityId, limit),
    /** Mark a win redeemed once, by the key `by` (its id); false when it already was. */
    redeem: (winId: number, now: number, by: number | null = null): boolean => s.redeem.run(now, by, winId).changes === 1,
    winCounts(activityId: number): { wins: number; redeemed: number } {
      const row = s.winCounts.get(activityId)
      return { wins: row?.wins ?? 0, redeemed: row?.redeemed ?? 0 }
    },

    awardResponse: (activityId: number, pid: string, requestId: string): string | null =>
      s.awardResponse.get(activityId, pid, requestId)?.response ?? null,
    putAwardResponse: (activityId: number, pid: string, requestId: string, response: string, now: number): void =>
      void s.putAwardResponse.run(activityId, pid, requestId, response, now),

    insertChain: (id: string, activityId: number, pid: string, now: number): void =>
      void s.insertChain.run(id, activityId, pid, now),
    chain: (id: string): ChainRow | null => s.chain.get(id) ?? null,
    revokeChain: (id: string, now: number): void => void s.revokeChain.run(now, id),
    insertToken: (jti: string, chainId: string, now: number, expiresAt: number): void =>
      void s.insertToken.run(jti, chainId, now, expiresAt),
    token: (jti: string): TokenRow | null => s.token.get(jti) ?? null,
    markUsed: (jti: string, now: number, successor: string): void => void s.markUsed.run(now, successor, jti),
    /** `predecessor` spends its grace: its lost successor `lost` is replaced by `successor`. */
    spendGrace(predecessor: string, lost: string, now: number, successor: string): void {
      s.supersede.run(now, successor, lost)
      s.markGraced.run(now, predecessor)
    },
    /**
     * Delete what outlived its retention at `now` (epoch ms): up to `batch` rows per table, each
     * table in its own short transaction; `more` when a table had a full batch (call again).
     */
    purge(now: number, retention: RetentionOptions, batch = 2000): PurgeCounts {
      const run = (statement: Database.Statement<[number, number]>, before: number): number =>
        db.transaction(() => statement.run(before, batch).changes)()
      const tokensBefore = now - retention.tokensAfterExpiryMs
      const counts = {
        tokens: run(s.purgeTokens, tokensBefore),
        chains: run(s.purgeChains, tokensBefore),
        awardRequests: run(s.purgeAwardRequests, now - retention.awardRequestsMs),
        participants: run(s.purgeIdleParticipants, now - retention.idleParticipantsMs),
      }
      return { ...counts, more: Object.values(counts).some((n) => n >= batch) }
    },
    ...marketerKeyQueries(db),
    /** WeChat sign-in and share referrals (server/wechat). */
    wechat: createWechatStore(db),
    /** Statistics, exports, redemption log and activity management (issue 12). */
    ops: createOpsStore(db),
  }
}

export type KeySource = 'env' | 'demo' | 'created'

export interface MarketerKeyRow {
  id: number
  /** The key's first characters, to tell keys apart (empty for keys made before it was kept). */
  prefix: string
  label: string
  source: KeySource
  created_at: number
  expires_at: number | null
  last_used_at: number | null
  revoked_at: number | null
  role: KeyRole
  /** Staff keys: the activity codes it may redeem for ([] = every activity). */
  activities: string[]
}

export interface NewMarketerKey {
  hash: string
  prefix: string
  label: string
  source: KeySource
  now: number
  expiresAt: number | null
  /** Default marketer. */
  role?: KeyRole
  /** Staff keys' activity codes; default []. */
  activities?: string[]
}

/** last_used_at is written at most this often per key (ms): a busy studio should not write on every call. */
const TOUCH_EVERY_MS = 60 * 1000
const KEY_COLUMNS = 'id, prefix, label, source, created_at, expires_at, last_used_at, revoked_at, role, activities'
type StoredKeyRow = Omit<MarketerKeyRow, 'activities'> & { activities: string }
const toKeyRow = (row: StoredKeyRow): MarketerKeyRow => ({ ...row, activities: JSON.parse(row.activities) as string[] })

/** Marketer and staff keys with their lifecycle (migrations 6 and 8). */
function marketerKeyQueries(db: Db) {
  const s = {
    insert: db.prepare(`INSERT INTO marketer_keys (hash, prefix, label, source, created_at, expires_at, role, activities)
      VALUES (@hash, @prefix, @label, @source, @now, @expiresAt, @role, @activities)`),
    byHash: db.prepare<[string], StoredKeyRow>(`SELECT ${KEY_COLUMNS} FROM marketer_keys WHERE hash = ?`),
    byId: db.prepare<[number], StoredKeyRow>(`SELECT ${KEY_COLUMNS} FROM marketer_keys WHERE id = ?`),
    all: db.prepare<[], StoredKeyRow>(`SELECT ${KEY_COLUMNS} FROM marketer_keys ORDER BY id DESC`),
    touch: db.prepare('UPDATE marketer_keys SET last_used_at = @now WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @since)'),
    revoke: db.prepare('UPDATE marketer_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    revokeEnv: db.prepare("UPDATE marketer_keys SET revoked_at = ? WHERE source = 'env' AND revoked_at IS NULL AND hash IS NOT ?"),
  }
  return {
    /** Store a new key (by its hash); returns its id. */
    insertMarketerKey: (key: NewMarketerKey): number =>
      Number(
        s.insert.run({ ...key, role: key.role ?? 'marketer', activities: JSON.stringify(key.activities ?? []) }).lastInsertRowid,
      ),
    marketerKeyByHash(hash: string): MarketerKeyRow | null {
      const row = s.byHash.get(hash)
      return row ? toKeyRow(row) : null
    },
    marketerKeyById(id: number): MarketerKeyRow | null {
      const row = s.byId.get(id)
      return row ? toKeyRow(row) : null
    },
    /** Every key, revoked and expired ones too, newest first. */
    listMarketerKeys: (): MarketerKeyRow[] => s.all.all().map(toKeyRow),
    touchMarketerKey: (id: number, now: number): void => void s.touch.run({ id, now, since: now - TOUCH_EVERY_MS }),
    /** Revoke a key once; false when it was already revoked or does not exist. */
    revokeMarketerKey: (id: number, now: number): boolean => s.revoke.run(now, id).changes === 1,
    /** Revoke every live key that came from MARKETER_KEY except `keepHash` (null: all of them); returns how many. */
    revokeEnvKeysExcept: (keepHash: string | null, now: number): number => s.revokeEnv.run(now, keepHash).changes,
  }
}

// ---------------------------------------------------------------- WeChat (server/wechat)

export interface WechatPersonRow {
  openid: string
  unionid: string | null
  snapshot: number
  ref: string
  nickname: string | null
  headimgurl: string | null
}

export interface WechatStateRow {
  state: string
  nonce_hash: string
  activity_code: string
  scope: string
  ref: string | null
  created_at: number
  used_at: number | null
}

/** The WeChat tables' statements, as `store.wechat`. */
export function createWechatStore(db: Db) {
  const s = {
    insertState: db.prepare(`INSERT INTO wechat_states (state, nonce_hash, activity_code, scope, ref, created_at)
      VALUES (?, ?, ?, ?, ?, ?)`),
    state: db.prepare<[string], WechatStateRow>('SELECT * FROM wechat_states WHERE state = ?'),
    useState: db.prepare('UPDATE wechat_states SET used_at = ? WHERE state = ? AND used_at IS NULL'),
    purgeStates: db.prepare('DELETE FROM wechat_states WHERE created_at < ?'),

    person: db.prepare<[string], WechatPersonRow>(
      'SELECT openid, unionid, snapshot, ref, nickname, headimgurl FROM wechat_people WHERE openid = ?',
    ),
    personByRef: db.prepare<[string], WechatPersonRow>(
      'SELECT openid, unionid, snapshot, ref, nickname, headimgurl FROM wechat_people WHERE ref = ?',
    ),
    upsertPerson: db.prepare(`INSERT INTO wechat_people (openid, unionid, snapshot, ref, created_at, updated_at)
      VALUES (@openid, @unionid, @snapshot, @ref, @now, @now)
      ON CONFLICT(openid) DO UPDATE SET unionid = COALESCE(excluded.unionid, unionid), snapshot = excluded.snapshot,
      updated_at = excluded.updated_at`),
    setProfile: db.prepare('UPDATE wechat_people SET nickname = ?, headimgurl = ?, updated_at = ? WHERE openid = ?'),

    insertSession: db.prepare('INSERT INTO wechat_sessions (hash, openid, created_at) VALUES (?, ?, ?)'),
    purgeSessions: db.prepare('DELETE FROM wechat_sessions WHERE created_at < ?'),
    personBySession: db.prepare<[string], WechatPersonRow>(
      `SELECT p.openid, p.unionid, p.snapshot, p.ref, p.nickname, p.headimgurl
       FROM wechat_sessions s JOIN wechat_people p ON p.openid = s.openid WHERE s.hash = ?`,
    ),

    insertReferral: db.prepare(`INSERT OR IGNORE INTO wechat_referrals (activity_id, invitee, sharer, window_start, created_at)
      VALUES (?, ?, ?, ?, ?)`),
    referralCount: db.prepare<[number, string, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM wechat_referrals WHERE activity_id = ? AND sharer = ? AND window_start = ?',
    ),
    referred: db.prepare<[number, string], { one: number }>(
      'SELECT 1 AS one FROM wechat_referrals WHERE activity_id = ? AND invitee = ?',
    ),
  }
  return {
    insertState: (row: Omit<WechatStateRow, 'used_at'>): void =>
      void s.insertState.run(row.state, row.nonce_hash, row.activity_code, row.scope, row.ref, row.created_at),
    state: (state: string): WechatStateRow | null => s.state.get(state) ?? null,
    /** Mark a state used; false when it already was (a replay). */
    useState: (state: string, now: number): boolean => s.useState.run(now, state).changes === 1,
    purgeStates: (before: number): void => void s.purgeStates.run(before),

    person: (openid: string): WechatPersonRow | null => s.person.get(openid) ?? null,
    personByRef: (ref: string): WechatPersonRow | null => s.personByRef.get(ref) ?? null,
    /** Insert or refresh a person; `ref` is kept from the first sign-in. */
    upsertPerson: (p: { openid: string; unionid: string | null; snapshot: boolean; ref: string }, now: number): void =>
      void s.upsertPerson.run({ ...p, snapshot: p.snapshot ? 1 : 0, now }),
    setProfile: (openid: string, nickname: string, headimgurl: string, now: number): void =>
      void s.setProfile.run(nickname, headimgurl, now, openid),

    insertSession: (hash: string, openid: string, now: number): void => void s.insertSession.run(hash, openid, now),
    /** Forget sessions created before `before` (their cookies have expired). */
    purgeSessions: (before: number): void => void s.purgeSessions.run(before),
    personBySession: (hash: string): WechatPersonRow | null => s.personBySession.get(hash) ?? null,

    /** Record that `invitee` came through `sharer`'s link; false when the invitee was referred before. */
    insertReferral: (activityId: number, invitee: string, sharer: string, windowStart: number, now: number): boolean =>
      s.insertReferral.run(activityId, invitee, sharer, windowStart, now).changes === 1,
    referralCount: (activityId: number, sharer: string, windowStart: number): number =>
      s.referralCount.get(activityId, sharer, windowStart)?.n ?? 0,
    referred: (activityId: number, invitee: string): boolean => s.referred.get(activityId, invitee) !== undefined,
  }
}

// ---------------------------------------------------------------- Running a campaign (issue 12)

/** An activity as the marketer's overview lists it. */
export interface ActivityListRow {
  id: number
  code: string
  config: ActivityConfig
  updated_at: number
  published_at: number | null
}

/** One minute's counters (epoch ms of the minute's start). */
export interface MinuteRow {
  minute: number
  views: number
  plays: number
  wins: number
}

/** A count per minute (epoch ms of the minute's start). */
export interface MinuteCount {
  minute: number
  n: number
}

/** A win with what the staff page and the redemption log show about it. */
export interface WinDetailRow extends WinRow {
  /** The form's name, if the winner filled it. */
  name: string | null
  /** The label and role of the key that redeemed it. */
  redeemer_label: string | null
  redeemer_role: KeyRole | null
}

export interface RedemptionRow {
  secret: string
  prize_name: string
  redeemed_at: number
  redeemer_label: string | null
  redeemer_role: KeyRole | null
}

/** A line of the winners export. */
export interface WinnerExportRow {
  id: number
  prize_name: string
  prize_type: PrizeType
  secret: string
  created_at: number
  window_start: number
  redeemed_at: number | null
  name: string | null
  tel: string | null
  address: string | null
  other_info: string | null
  redeemer_label: string | null
}

/** A line of the participants export. */
export interface ParticipantExportRow {
  pid: string
  created_at: number
  plays: number
  wins: number
  name: string | null
  tel: string | null
  address: string | null
  other_info: string | null
  filled_at: number | null
}

const MINUTE_MS = 60_000
const WIN_DETAIL = `SELECT w.id, w.pid, w.prize_id, w.prize_name, w.prize_type, w.prize_info, w.money_cents, w.secret,
  w.created_at, w.redeemed_at, w.redeemed_by, p.name, k.label AS redeemer_label, k.role AS redeemer_role
  FROM wins w LEFT JOIN participants p ON p.activity_id = w.activity_id AND p.pid = w.pid
  LEFT JOIN marketer_keys k ON k.id = w.redeemed_by`

/**
 * Statistics, the redemption log, exports and activity management, as `store.ops`.
 * Reads aggregate at read time over indexed rows; the award path adds one
 * upsert (countPlay) and page views are written in batches (server/domain/views.ts).
 */
export function createOpsStore(db: Db) {
  const s = {
    list: db.prepare<[], ActivityListRow & { config: string }>(
      'SELECT id, code, config, updated_at, published_at FROM activities ORDER BY updated_at DESC, id DESC',
    ),
    one: db.prepare<[number], ActivityListRow & { config: string }>(
      'SELECT id, code, config, updated_at, published_at FROM activities WHERE id = ?',
    ),
    setStatus: db.prepare("UPDATE activities SET config = json_set(config, '$.status', ?), updated_at = ? WHERE id = ?"),
    publish: db.prepare('UPDATE activities SET published_at = ?, updated_at = ? WHERE id = ? AND published_at IS NULL'),

    countPlay: db.prepare(`INSERT INTO activity_minutes (activity_id, minute, plays, wins) VALUES (?, ?, 1, ?)
      ON CONFLICT(activity_id, minute) DO UPDATE SET plays = plays + 1, wins = wins + excluded.wins`),
    addViews: db.prepare(`INSERT INTO activity_minutes (activity_id, minute, views) VALUES (?, ?, ?)
      ON CONFLICT(activity_id, minute) DO UPDATE SET views = views + excluded.views`),

    minutes: db.prepare<[number], MinuteRow>(
      'SELECT minute, views, plays, wins FROM activity_minutes WHERE activity_id = ? ORDER BY minute',
    ),
    views: db.prepare<[number], { n: number | null }>('SELECT SUM(views) AS n FROM activity_minutes WHERE activity_id = ?'),
    people: db.prepare<[number], { participants: number | null; plays: number | null; forms: number | null }>(
      `SELECT SUM(plays > 0) AS participants, SUM(plays) AS plays, SUM(filled_at IS NOT NULL) AS forms
       FROM participants WHERE activity_id = ?`,
    ),
    wins: db.prepare<[number], { n: number | null }>('SELECT SUM(won) AS n FROM prize_stock WHERE activity_id = ?'),
    redeemed: db.prepare<[number], { n: number }>(
      'SELECT COUNT(*) AS n FROM wins WHERE activity_id = ? AND redeemed_at IS NOT NULL',
    ),
    winners: db.prepare<[number], { n: number }>('SELECT COUNT(DISTINCT pid) AS n FROM wins WHERE activity_id = ?'),
    redeemers: db.prepare<[number], { n: number }>(
      'SELECT COUNT(DISTINCT pid) AS n FROM wins WHERE activity_id = ? AND redeemed_at IS NOT NULL',
    ),
    redeemedByPrize: db.prepare<[number], { prize_id: number; n: number }>(
      'SELECT prize_id, COUNT(*) AS n FROM wins WHERE activity_id = ? AND redeemed_at IS NOT NULL GROUP BY prize_id',
    ),
    redeemedByWindow: db.prepare<[number], { window_start: number; n: number }>(
      'SELECT window_start, COUNT(*) AS n FROM wins WHERE activity_id = ? AND redeemed_at IS NOT NULL GROUP BY window_start',
    ),
    byWindow: db.prepare<[number], { window_start: number; participants: number; plays: number; wins: number }>(
      `SELECT window_start, SUM(plays > 0) AS participants, SUM(plays) AS plays, SUM(wins) AS wins
       FROM window_counters WHERE activity_id = ? GROUP BY window_start`,
    ),
    formMinutes: db.prepare<[number], MinuteCount>(
      `SELECT filled_at / ${MINUTE_MS} * ${MINUTE_MS} AS minute, COUNT(*) AS n FROM participants
       WHERE activity_id = ? AND filled_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
    ),
    newParticipantMinutes: db.prepare<[number], MinuteCount>(
      `SELECT created_at / ${MINUTE_MS} * ${MINUTE_MS} AS minute, COUNT(*) AS n FROM participants
       WHERE activity_id = ? AND plays > 0 GROUP BY 1 ORDER BY 1`,
    ),
    redeemMinutes: db.prepare<[number], MinuteCount>(
      `SELECT redeemed_at / ${MINUTE_MS} * ${MINUTE_MS} AS minute, COUNT(*) AS n FROM wins
       WHERE activity_id = ? AND redeemed_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
    ),

    redemptions: db.prepare<[number, number, number], RedemptionRow>(
      `SELECT w.secret, w.prize_name, w.redeemed_at, k.label AS redeemer_label, k.role AS redeemer_role
       FROM wins w LEFT JOIN marketer_keys k ON k.id = w.redeemed_by
       WHERE w.activity_id = ? AND w.redeemed_at IS NOT NULL AND w.redeemed_at < ?
       ORDER BY w.redeemed_at DESC, w.id DESC LIMIT ?`,
    ),
    winDetail: db.prepare<[number, string], WinDetailRow>(`${WIN_DETAIL} WHERE w.activity_id = ? AND w.secret = ?`),
    winActivity: db.prepare<[string], { code: string }>(
      'SELECT a.code FROM wins w JOIN activities a ON a.id = w.activity_id WHERE w.secret = ?',
    ),

    exportWinners: db.prepare<[number, number, number], WinnerExportRow>(
      `SELECT w.id, w.prize_name, w.prize_type, w.secret, w.created_at, w.window_start, w.redeemed_at,
       p.name, p.tel, p.address, p.other_info, k.label AS redeemer_label
       FROM wins w LEFT JOIN participants p ON p.activity_id = w.activity_id AND p.pid = w.pid
       LEFT JOIN marketer_keys k ON k.id = w.redeemed_by
       WHERE w.activity_id = ? AND w.id > ? ORDER BY w.id LIMIT ?`,
    ),
    exportParticipants: db.prepare<[number, string, number], ParticipantExportRow>(
      `SELECT p.pid, p.created_at, p.plays, p.name, p.tel, p.address, p.other_info, p.filled_at,
       (SELECT COUNT(*) FROM wins w WHERE w.activity_id = p.activity_id AND w.pid = p.pid) AS wins
       FROM participants p WHERE p.activity_id = ? AND p.pid > ? AND (p.plays > 0 OR p.filled_at IS NOT NULL)
       ORDER BY p.pid LIMIT ?`,
    ),
  }
  return {
    /** Every activity with its publication, most recently saved first. */
    listActivities: (): ActivityListRow[] =>
      s.list.all().map((row) => ({ ...row, config: JSON.parse(row.config) as ActivityConfig })),
    listActivity(activityId: number): ActivityListRow | null {
      const row = s.one.get(activityId)
      return row ? { ...row, config: JSON.parse(row.config) as ActivityConfig } : null
    },
    /** config.status 0 (closed) or 1 (open). */
    setStatus: (activityId: number, status: 0 | 1, now: number): void => void s.setStatus.run(status, now, activityId),
    /** A draft becomes playable; false when it already was. */
    publish: (activityId: number, now: number): boolean => s.publish.run(now, now, activityId).changes === 1,

    /** Count one play (and its win) in its minute: the award transaction's one write for statistics. */
    countPlay: (activityId: number, now: number, won: boolean): void =>
      void s.countPlay.run(activityId, now - (now % MINUTE_MS), won ? 1 : 0),
    /** Add page views: [activity id, minute, views] rows, in one transaction. */
    addViews: (rows: readonly (readonly [number, number, number])[]): void =>
      db.transaction(() => {
        for (const [activityId, minute, views] of rows) s.addViews.run(activityId, minute, views)
      })(),

    /** The activity's counters, each over all time. */
    counts(activityId: number): { views: number; participants: number; plays: number; wins: number; forms: number; redeemed: number } {
      const people = s.people.get(activityId)
      return {
        views: s.views.get(activityId)?.n ?? 0,
        participants: people?.participants ?? 0,
        plays: people?.plays ?? 0,
        wins: s.wins.get(activityId)?.n ?? 0,
        forms: people?.forms ?? 0,
        redeemed: s.redeemed.get(activityId)?.n ?? 0,
      }
    },
    /** Distinct winners and distinct people with a redeemed prize (the funnel's last steps). */
    funnelPeople: (activityId: number): { winners: number; redeemers: number } => ({
      winners: s.winners.get(activityId)?.n ?? 0,
      redeemers: s.redeemers.get(activityId)?.n ?? 0,
    }),
    redeemedByPrize: (activityId: number): Map<number, number> =>
      new Map(s.redeemedByPrize.all(activityId).map((row) => [row.prize_id, row.n])),
    redeemedByWindow: (activityId: number): Map<number, number> =>
      new Map(s.redeemedByWindow.all(activityId).map((row) => [row.window_start, row.n])),
    /** Per 场次 (keyed by its start): participants who played in it, plays, wins. */
    byWindow: (activityId: number) => new Map(s.byWindow.all(activityId).map((row) => [row.window_start, row])),
    minutes: (activityId: number): MinuteRow[] => s.minutes.all(activityId),
    formMinutes: (activityId: number): MinuteCount[] => s.formMinutes.all(activityId),
    /** Participants who played, by the minute of their first call. */
    newParticipantMinutes: (activityId: number): MinuteCount[] => s.newParticipantMinutes.all(activityId),
    redeemMinutes: (activityId: number): MinuteCount[] => s.redeemMinutes.all(activityId),

    /** Redeemed wins, newest first, redeemed before `before` (epoch ms). */
    redemptions: (activityId: number, before: number, limit: number): RedemptionRow[] =>
      s.redemptions.all(activityId, before, limit),
    winDetail: (activityId: number, secret: string): WinDetailRow | null => s.winDetail.get(activityId, secret) ?? null,
    /** The code of the activity a 核销码 belongs to, whichever it is. */
    winActivityCode: (secret: string): string | null => s.winActivity.get(secret)?.code ?? null,

    /** Winners in id order after `afterId`, `limit` at a time (keyset: the export never holds the connection). */
    exportWinners: (activityId: number, afterId: number, limit: number): WinnerExportRow[] =>
      s.exportWinners.all(activityId, afterId, limit),
    /** Participants who played or filled the form, in pid order after `afterPid`. */
    exportParticipants: (activityId: number, afterPid: string, limit: number): ParticipantExportRow[] =>
      s.exportParticipants.all(activityId, afterPid, limit),
  }
}
