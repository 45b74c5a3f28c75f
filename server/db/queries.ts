import type { ActivityConfig, PrizeType, StoredConfig } from '../../src/core/activity'
import { upgradeConfig } from '../../src/core/activity'
import type Database from 'better-sqlite3'
import type { RetentionOptions } from '../context'
import type { Db } from './connection'
import { createCampaignStore } from './campaign'

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

/** The storage module the routes talk to. */
export type Store = ReturnType<typeof createStore>

export function createStore(db: Db) {
  const s = {
    getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),

    addKey: db.prepare('INSERT OR IGNORE INTO marketer_keys (hash, label, created_at) VALUES (?, ?, ?)'),
    hasKey: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM marketer_keys WHERE hash = ?'),

    activityByCode: db.prepare<[string], { id: number; code: string; config: string; next_prize_id: number }>(
      'SELECT id, code, config, next_prize_id FROM activities WHERE code = ?',
    ),
    activityById: db.prepare<[number], { id: number; code: string; config: string; next_prize_id: number }>(
      'SELECT id, code, config, next_prize_id FROM activities WHERE id = ?',
    ),
    insertActivity: db.prepare(
      'INSERT INTO activities (code, config, next_prize_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    ),
    updateActivity: db.prepare('UPDATE activities SET config = ?, next_prize_id = ?, updated_at = ? WHERE id = ?'),
    listActivities: db.prepare<[], { code: string; config: string; updated_at: number }>(
      'SELECT code, config, updated_at FROM activities ORDER BY updated_at DESC, id DESC',
    ),

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
      `SELECT id, pid, prize_id, prize_name, prize_type, prize_info, money_cents, secret, created_at, redeemed_at
       FROM wins WHERE activity_id = ? AND secret = ?`,
    ),
    winsOf: db.prepare<[number, string], WinRow>(
      `SELECT id, pid, prize_id, prize_name, prize_type, prize_info, money_cents, secret, created_at, redeemed_at
       FROM wins WHERE activity_id = ? AND pid = ? ORDER BY id DESC LIMIT 100`,
    ),
    latestWins: db.prepare<[number, number], WinRow & { name: string | null }>(
      `SELECT w.id, w.pid, w.prize_id, w.prize_name, w.prize_type, w.prize_info, w.money_cents, w.secret, w.created_at,
       w.redeemed_at, p.name FROM wins w LEFT JOIN participants p ON p.activity_id = w.activity_id AND p.pid = w.pid
       WHERE w.activity_id = ? ORDER BY w.id DESC LIMIT ?`,
    ),
    redeem: db.prepare('UPDATE wins SET redeemed_at = ? WHERE id = ? AND redeemed_at IS NULL'),
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

  const toActivity = (row: { id: number; code: string; config: string; next_prize_id: number } | undefined) =>
    row ? { id: row.id, code: row.code, config: upgradeConfig(JSON.parse(row.config) as StoredConfig), nextPrizeId: row.next_prize_id } : null
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
    insertActivity: (code: string, config: ActivityConfig, nextPrizeId: number, now: number): number =>
      Number(s.insertActivity.run(code, JSON.stringify(config), nextPrizeId, now, now).lastInsertRowid),
    updateActivity: (id: number, config: ActivityConfig, nextPrizeId: number, now: number): void =>
      void s.updateActivity.run(JSON.stringify(config), nextPrizeId, now, id),
    /** Every activity, most recently saved first. */
    listActivities: (): { code: string; config: ActivityConfig; updatedAt: number }[] =>
      s.listActivities.all().map((row) => ({
        code: row.code,
        config: upgradeConfig(JSON.parse(row.config) as StoredConfig),
        updatedAt: row.updated_at,
      })),

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

    /** Insert a win, returning its id; throws SQLITE_CONSTRAINT_UNIQUE when the secret is taken. */
    insertWin: (win: NewWin): number => Number(s.insertWin.run(win).lastInsertRowid),
    winBySecret: (activityId: number, secret: string): WinRow | null => s.winBySecret.get(activityId, secret) ?? null,
    winsOf: (activityId: number, pid: string): WinRow[] => s.winsOf.all(activityId, pid),
    latestWins: (activityId: number, limit: number) => s.latestWins.all(activityId, limit),
    /** Mark a win redeemed once; false when it already was. */
    redeem: (winId: number, now: number): boolean => s.redeem.run(now, winId).changes === 1,
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
    /** Plays log, claim forms, shipping (issue 13, migration 9). */
    campaign: createCampaignStore(db),
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
}

export interface NewMarketerKey {
  hash: string
  prefix: string
  label: string
  source: KeySource
  now: number
  expiresAt: number | null
}

/** last_used_at is written at most this often per key (ms): a busy studio should not write on every call. */
const TOUCH_EVERY_MS = 60 * 1000
const KEY_COLUMNS = 'id, prefix, label, source, created_at, expires_at, last_used_at, revoked_at'

/** Marketer keys with their lifecycle (migration 3). */
function marketerKeyQueries(db: Db) {
  const s = {
    insert: db.prepare(`INSERT INTO marketer_keys (hash, prefix, label, source, created_at, expires_at)
      VALUES (@hash, @prefix, @label, @source, @now, @expiresAt)`),
    byHash: db.prepare<[string], MarketerKeyRow>(`SELECT ${KEY_COLUMNS} FROM marketer_keys WHERE hash = ?`),
    all: db.prepare<[], MarketerKeyRow>(`SELECT ${KEY_COLUMNS} FROM marketer_keys ORDER BY id DESC`),
    touch: db.prepare('UPDATE marketer_keys SET last_used_at = @now WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @since)'),
    revoke: db.prepare('UPDATE marketer_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    revokeEnv: db.prepare("UPDATE marketer_keys SET revoked_at = ? WHERE source = 'env' AND revoked_at IS NULL AND hash IS NOT ?"),
  }
  return {
    /** Store a new key (by its hash); returns its id. */
    insertMarketerKey: (key: NewMarketerKey): number => Number(s.insert.run(key).lastInsertRowid),
    marketerKeyByHash: (hash: string): MarketerKeyRow | null => s.byHash.get(hash) ?? null,
    /** Every key, revoked and expired ones too, newest first. */
    listMarketerKeys: (): MarketerKeyRow[] => s.all.all(),
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
