import type { ActivityConfig, PrizeType, StoredConfig } from '../../src/core/activity'
import { upgradeConfig } from '../../src/core/activity'
import { sql } from 'kysely'
import type { RetentionOptions } from '../context'
import type { Executor, Sql, Statement } from './sql'
import { args } from './sql'
import type { KeyRole } from '../../src/core/ops'
import type { ClaimField } from '../../src/core/campaign'
import { createCampaignStore } from './campaign'

/**
 * Every SQL statement the server runs, behind plain async methods, written once
 * as portable SQL for SQLite and PostgreSQL (server/db/sql.ts). Callers compose
 * them inside `transaction((tx) => …)`, on `tx`; the guarantees (stock, one win per 场次, the token
 * chain, request ids) are enforced by the statements themselves, so they hold
 * across processes.
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

/** What one draw reads (store.playState). */
export interface PlayState {
  activity: ActivityRow | null
  /** Remaining stock of the prizes in the current configuration. */
  stock: Map<number, number>
  /** The participant's counters of their latest window started by `now`, or null when they never played. */
  counter: { windowStart: number; plays: number; wins: number } | null
  /** The stored answer to the request id asked for, or null. */
  response: string | null
}

type PlayStateRow = { kind: 0 | 1 | 2 | 3; a: number; b: number | null; c: number; text: string | null; code: string | null }

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
  /** The prize's claim form, kept on the win (default none). */
  claimFields?: readonly ClaimField[] | null
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

/** The claims of a presented token that its exchange writes (auth/tokens.ts TokenClaims). */
export interface ExchangedToken {
  jti: string
  /** Its chain; an initial token's is its own jti. */
  cid: string
  act: number
  sub: string
  /** Issued and expiring, Unix seconds. */
  iat: number
  exp: number
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

/**
 * The storage module the routes talk to: the store itself, or one transaction's (`transaction(fn)` and
 * `read(fn)` hand it to `fn`: the same methods, run on the transaction's connection).
 */
export interface Store extends ReturnType<typeof createStore> {}

const [$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11] = args
/** How long a participant count is kept per activity, ms (see participantCount). */
const PARTICIPANTS_KEEP_MS = 1000
/** How long an activity read for a request's checks is kept, ms (see cachedActivity). */
export const ACTIVITY_KEEP_MS = 1000
/**
 * Values read from the database, kept per key in this process for `ms` (Date.now()): other processes' writes
 * show within that time; this process's own writes drop the keys they change.
 */
class Kept<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>()
  constructor(private readonly ms: number) {}
  /** The value read at most `ms` before `now`, else undefined. */
  get(key: K, now: number): V | undefined {
    const kept = this.entries.get(key)
    return kept && now - kept.at < this.ms ? kept.value : undefined
  }
  set(key: K, value: V, now: number): void {
    this.entries.set(key, { value, at: now })
  }
  delete(key: K): void {
    this.entries.delete(key)
  }
  clear(): void {
    this.entries.clear()
  }
}

/** pg_advisory_xact_lock's key for start-up ('lotb'; migrations use their own, server/db/postgres/migrations.ts). */
const STARTUP_LOCK = 0x6c6f7462

/** `value` and everything in it made read-only (a mutation throws: modules are strict). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

export function createStore(db: Sql) {
  const s = {
    getSetting: db.prepare(sql<{ value: string }>`SELECT value FROM settings WHERE key = ${$1}`),
    // PostgreSQL only (SQLite's write transaction holds the whole file): held until the transaction ends.
    lockStartup: db.prepare(sql`SELECT pg_advisory_xact_lock(${sql.lit(STARTUP_LOCK)})`),
    setSetting: db.prepare(sql`INSERT INTO settings (key, value) VALUES (${$1}, ${$2})
      ON CONFLICT (key) DO UPDATE SET value = excluded.value`),

    addKey: db.prepare(sql`INSERT INTO marketer_keys (hash, label, created_at) VALUES (${$1}, ${$2}, ${$3})
      ON CONFLICT (hash) DO NOTHING`),
    hasKey: db.prepare(sql<{ one: number }>`SELECT 1 AS one FROM marketer_keys WHERE hash = ${$1}`),

    activityByCode: db.prepare(
      sql<StoredActivity>`SELECT id, code, config, next_prize_id, published_at FROM activities WHERE code = ${$1}`,
    ),
    activityById: db.prepare(
      sql<StoredActivity>`SELECT id, code, config, next_prize_id, published_at FROM activities WHERE id = ${$1}`,
    ),
    // published_at: NULL makes a draft (Activity/duplicate); Activity/add's activities are published at once.
    insertActivity: db.prepare(sql<{ id: number }>`INSERT INTO activities
      (code, config, next_prize_id, created_at, updated_at, published_at) VALUES (${$1}, ${$2}, ${$3}, ${$4}, ${$4}, ${$5})
      RETURNING id`),
    updateActivity: db.prepare(
      sql`UPDATE activities SET config = ${$1}, next_prize_id = ${$2}, updated_at = ${$3} WHERE id = ${$4}`,
    ),

    stockRows: db.prepare(
      sql<StockRow>`SELECT prize_id, active, remaining, won, paid_cents FROM prize_stock WHERE activity_id = ${$1} ORDER BY prize_id`,
    ),
    upsertStock: db.prepare(sql`INSERT INTO prize_stock (activity_id, prize_id, active, remaining) VALUES (${$1}, ${$2}, 1, ${$3})
      ON CONFLICT (activity_id, prize_id) DO UPDATE SET active = 1, remaining = excluded.remaining`),
    retireStock: db.prepare(sql`UPDATE prize_stock SET active = 0, remaining = 0 WHERE activity_id = ${$1}`),
    // The guard makes the decrement safe even if a caller's view of stock were stale (another process's play).
    takeStock: db.prepare(sql`UPDATE prize_stock SET remaining = remaining - ${$3}, won = won + 1, paid_cents = paid_cents + ${$4}
      WHERE activity_id = ${$1} AND prize_id = ${$2} AND active = 1 AND remaining >= ${$3}`),

    participant: db.prepare(
      sql<ParticipantRow>`SELECT plays, name, filled_at FROM participants WHERE activity_id = ${$1} AND pid = ${$2}`,
    ),
    ensureParticipant: db.prepare(sql`INSERT INTO participants (activity_id, pid, created_at) VALUES (${$1}, ${$2}, ${$3})
      ON CONFLICT (activity_id, pid) DO NOTHING`),
    // Creates the row or writes it unchanged: either way PostgreSQL holds its row lock until the transaction
    // ends, and RETURNING gives the row as the last committed play of this participant left it.
    lockParticipant: db.prepare(sql<ParticipantRow>`INSERT INTO participants (activity_id, pid, created_at) VALUES (${$1}, ${$2}, ${$3})
      ON CONFLICT (activity_id, pid) DO UPDATE SET plays = participants.plays RETURNING plays, name, filled_at`),
    // lockParticipant for a participant whose row exists: locks it, creates nothing (no row: nothing returned).
    // FOR UPDATE on PostgreSQL (writing the row unchanged made a row version per award, which cost more);
    // SQLite's write transaction already holds the whole database.
    lockKnownParticipant: db.prepare(sql<ParticipantRow>`SELECT plays, name, filled_at FROM participants
      WHERE activity_id = ${$1} AND pid = ${$2}${db.engine === 'postgres' ? sql` FOR UPDATE` : sql``}`),
    // The participant with their counters of the window starting at $3 (none: a participant row comes first).
    standing: db.prepare(sql<ParticipantRow & { window_plays: number | null; window_wins: number | null }>`SELECT p.plays, p.name,
      p.filled_at, w.plays AS window_plays, w.wins AS window_wins FROM participants p LEFT JOIN window_counters w
      ON w.activity_id = p.activity_id AND w.pid = p.pid AND w.window_start = ${$3}
      WHERE p.activity_id = ${$1} AND p.pid = ${$2}`),
    addPlay: db.prepare(sql<{ plays: number; filled_at: number | null }>`UPDATE participants SET plays = plays + 1
      WHERE activity_id = ${$1} AND pid = ${$2} RETURNING plays, filled_at`),
    fillParticipant: db.prepare(sql`UPDATE participants SET name = ${$3}, tel = ${$4}, address = ${$5},
      other_info = ${$6}, filled_at = ${$7} WHERE activity_id = ${$1} AND pid = ${$2}`),
    // Those who played or filled the form, over the partial index participants_counted (migration 11).
    participantCount: db.prepare(sql<{ n: number }>`SELECT COUNT(*) AS n FROM participants
      WHERE activity_id = ${$1} AND (plays > 0 OR filled_at IS NOT NULL)`),
    playCount: db.prepare(sql<{ plays: number | null }>`SELECT SUM(plays) AS plays FROM participants WHERE activity_id = ${$1}`),

    windowCounter: db.prepare(sql<{ plays: number; wins: number }>`SELECT plays, wins FROM window_counters
      WHERE activity_id = ${$1} AND pid = ${$2} AND window_start = ${$3}`),
    // What a draw reads, in one statement (one snapshot: an edit's configuration and stock are seen together),
    // one row per item: kind 0 the activity, 1 a prize's stock, 2 the participant's latest window counters
    // up to now ($3; the caller keeps them when they are the open window's), 3 the stored answer to request $4.
    playState: db.prepare(sql<PlayStateRow>`SELECT 0 AS kind, next_prize_id AS a, published_at AS b, 0 AS c, config AS text, code
        FROM activities WHERE id = ${$1}
      UNION ALL SELECT 1, prize_id, remaining, active, NULL, NULL FROM prize_stock WHERE activity_id = ${$1}
      UNION ALL SELECT 2, window_start, plays, wins, NULL, NULL FROM (SELECT window_start, plays, wins FROM window_counters
        WHERE activity_id = ${$1} AND pid = ${$2} AND window_start <= ${$3} ORDER BY window_start DESC LIMIT 1) AS w
      UNION ALL SELECT 3, 0, 0, 0, response, NULL FROM award_requests WHERE activity_id = ${$1} AND pid = ${$2} AND request_id = ${$4}`),
    bumpWindow: db.prepare(sql`INSERT INTO window_counters (activity_id, pid, window_start, plays, wins)
      VALUES (${$1}, ${$2}, ${$3}, 1, ${$4})
      ON CONFLICT (activity_id, pid, window_start)
      DO UPDATE SET plays = window_counters.plays + 1, wins = window_counters.wins + excluded.wins`),

    // A taken code inserts nothing (no row returned): the caller draws another. Any other conflict, like
    // a second win in the window (wins_one_per_window), still throws and rolls the play back.
    insertWin: db.prepare(sql<{ id: number }>`INSERT INTO wins (activity_id, pid, prize_id, prize_name, prize_type, prize_info,
      money_cents, secret, window_start, created_at, claim_fields)
      VALUES (${$1}, ${$2}, ${$3}, ${$4}, ${$5}, ${$6}, ${$7}, ${$8}, ${$9}, ${$10}, ${$11})
      ON CONFLICT (secret) DO NOTHING RETURNING id`),
    winBySecret: db.prepare(sql<WinRow>`SELECT id, pid, prize_id, prize_name, prize_type, prize_info, money_cents, secret,
      created_at, redeemed_at, redeemed_by FROM wins WHERE activity_id = ${$1} AND secret = ${$2}`),
    winsOf: db.prepare(sql<WinRow>`SELECT id, pid, prize_id, prize_name, prize_type, prize_info, money_cents, secret,
      created_at, redeemed_at, redeemed_by FROM wins WHERE activity_id = ${$1} AND pid = ${$2} ORDER BY id DESC LIMIT 100`),
    latestWins: db.prepare(sql<WinRow & { name: string | null }>`SELECT w.id, w.pid, w.prize_id, w.prize_name, w.prize_type,
      w.prize_info, w.money_cents, w.secret, w.created_at, w.redeemed_at, w.redeemed_by, p.name
      FROM wins w LEFT JOIN participants p ON p.activity_id = w.activity_id AND p.pid = w.pid
      WHERE w.activity_id = ${$1} ORDER BY w.id DESC LIMIT ${$2}`),
    redeem: db.prepare(sql`UPDATE wins SET redeemed_at = ${$2}, redeemed_by = ${$3} WHERE id = ${$1} AND redeemed_at IS NULL`),
    winCounts: db.prepare(
      sql<{ wins: number; redeemed: number }>`SELECT COUNT(*) AS wins, COUNT(redeemed_at) AS redeemed FROM wins WHERE activity_id = ${$1}`,
    ),

    awardResponse: db.prepare(sql<{ response: string }>`SELECT response FROM award_requests
      WHERE activity_id = ${$1} AND pid = ${$2} AND request_id = ${$3}`),
    putAwardResponse: db.prepare(sql`INSERT INTO award_requests (activity_id, pid, request_id, response, created_at)
      VALUES (${$1}, ${$2}, ${$3}, ${$4}, ${$5})`),

    // DO NOTHING: of two first exchanges of one initial token at once (another process), one creates its chain;
    // the other inserts nothing, then reads the first's rows and goes on as a reuse or grace (auth/tokens.ts).
    insertChain: db.prepare(sql`INSERT INTO token_chains (id, activity_id, pid, created_at) VALUES (${$1}, ${$2}, ${$3}, ${$4})
      ON CONFLICT (id) DO NOTHING`),
    chain: db.prepare(sql<ChainRow>`SELECT id, activity_id, pid, revoked_at FROM token_chains WHERE id = ${$1}`),
    revokeChain: db.prepare(sql`UPDATE token_chains SET revoked_at = ${$2} WHERE id = ${$1} AND revoked_at IS NULL`),
    insertToken: db.prepare(sql`INSERT INTO tokens (jti, chain_id, issued_at, expires_at) VALUES (${$1}, ${$2}, ${$3}, ${$4})
      ON CONFLICT (jti) DO NOTHING`),
    // The successor of token $2, inserted only if `exchange` just moved $2 on to $1 (a fresh random id: no
    // other row names it), so both go out together and a refused exchange inserts nothing.
    insertSuccessor: db.prepare(sql`INSERT INTO tokens (jti, chain_id, issued_at, expires_at)
      SELECT ${$1}, chain_id, used_at, CAST(${$3} AS BIGINT) FROM tokens WHERE jti = ${$2} AND successor = ${$1}
      ON CONFLICT (jti) DO NOTHING`),
    token: db.prepare(
      sql<TokenRow>`SELECT jti, chain_id, used_at, successor, graced_at, superseded FROM tokens WHERE jti = ${$1}`,
    ),
    // The common exchange in one statement: the presented token, unused, of the claimed chain, not revoked,
    // moves on (compare-and-set on used_at). Anything else writes nothing and rotate() reads the rows.
    exchange: db.prepare(sql`UPDATE tokens SET used_at = ${$2}, successor = ${$3} WHERE jti = ${$1} AND used_at IS NULL
      AND chain_id = ${$4} AND EXISTS (SELECT 1 FROM token_chains c WHERE c.id = ${$4} AND c.revoked_at IS NULL)`),
    // An initial token's first exchange, once its chain was just created: its row, already used, and its successor's.
    insertExchanged: db.prepare(sql`INSERT INTO tokens (jti, chain_id, issued_at, expires_at, used_at, successor)
      VALUES (${$1}, ${$1}, ${$2}, ${$3}, ${$4}, ${$5}), (${$5}, ${$1}, ${$4}, ${$6}, NULL, NULL)`),
    // Compare-and-set: a token moves on once, whoever read it first (the chain stays a single line).
    markUsed: db.prepare(sql`UPDATE tokens SET used_at = ${$2}, successor = ${$3} WHERE jti = ${$1} AND used_at IS NULL`),
    supersede: db.prepare(
      sql`UPDATE tokens SET used_at = ${$2}, successor = ${$3}, superseded = 1 WHERE jti = ${$1} AND used_at IS NULL`,
    ),
    markGraced: db.prepare(sql`UPDATE tokens SET graced_at = ${$2} WHERE jti = ${$1}`),
    // Purges, a batch at a time (by primary key), so a backlog never holds the writer for long.
    purgeTokens: db.prepare(
      sql`DELETE FROM tokens WHERE jti IN (SELECT jti FROM tokens WHERE expires_at < ${$1} LIMIT ${$2})`,
    ),
    // A chain is empty only once all its tokens were purged, so it is older than the tokens' cutoff.
    purgeChains: db.prepare(sql`DELETE FROM token_chains WHERE id IN (SELECT c.id FROM token_chains c
      WHERE c.created_at < ${$1} AND NOT EXISTS (SELECT 1 FROM tokens t WHERE t.chain_id = c.id) LIMIT ${$2})`),
    purgeAwardRequests: db.prepare(sql`DELETE FROM award_requests WHERE (activity_id, pid, request_id) IN
      (SELECT activity_id, pid, request_id FROM award_requests WHERE created_at < ${$1} LIMIT ${$2})`),
    purgeIdleParticipants: db.prepare(sql`DELETE FROM participants WHERE (activity_id, pid) IN (SELECT activity_id, pid
      FROM participants WHERE plays = 0 AND filled_at IS NULL AND created_at < ${$1} LIMIT ${$2})`),
  }

  /**
   * Parsed configurations by activity, kept with their stored text: every request reads the text (the
   * configuration in force), and parses it only when it changed. Frozen: callers share them.
   */
  const parsed = new Map<number, { text: string; config: ActivityConfig }>()
  const configOf = (id: number, text: string): ActivityConfig => {
    const kept = parsed.get(id)
    if (kept?.text === text) return kept.config
    const config = deepFreeze(upgradeConfig(JSON.parse(text) as StoredConfig))
    parsed.set(id, { text, config })
    return config
  }
  const toActivity = (row: StoredActivity | undefined): ActivityRow | null =>
    row
      ? {
          id: row.id,
          code: row.code,
          config: configOf(row.id, row.config),
          nextPrizeId: row.next_prize_id,
          publishedAt: row.published_at,
        }
      : null
  /**
   * Real participants per activity, counted at read time (no row written by every newcomer) and kept
   * up to PARTICIPANTS_KEEP_MS, since every entry shows the count: another process's newcomers show
   * within that time, this process's at once (`recount` after their transaction commits).
   */
  const counted = new Kept<number, number>(PARTICIPANTS_KEEP_MS)
  const countParticipants = async (db: Executor, activityId: number): Promise<number> => {
    const now = Date.now()
    const kept = counted.get(activityId, now)
    if (kept !== undefined) return kept
    const n = (await s.participantCount.get(db, activityId))?.n ?? 0
    counted.set(activityId, n, now)
    return n
  }
  const recount = (db: Executor, activityId: number): void => db.afterCommit(() => counted.delete(activityId))
  /**
   * Activities by code as read for requests' checks (cachedActivity), kept up to ACTIVITY_KEEP_MS: on
   * PostgreSQL each read was a round trip and a pool checkout of its own before every award's transaction
   * (server CPU per award 0.51–0.56 → 0.39–0.46 ms without it, alternated runs). This
   * process's own saves drop them once committed; another process's show within that time.
   */
  const byCode = new Kept<string, ActivityRow>(ACTIVITY_KEEP_MS)
  /** Counts the saves: a read that a save overtook is not kept. */
  let saves = 0
  const activityChanged = (db: Executor): void =>
    db.afterCommit(() => {
      saves++
      byCode.clear()
    })
  const keys = marketerKeyQueries(db)
  const wechat = createWechatStore(db)
  const ops = createOpsStore(db, activityChanged)
  const campaign = createCampaignStore(db)
  const close = (): Promise<void> => db.close()

  /** The store's methods on `db`: the store's own executor, or a transaction's (statements compiled once, above). */
  const bind = (db: Executor) => ({
    engine: db.engine,
    /**
     * Run `fn` as one write transaction (server/db/sql.ts), handing it the transaction's store `tx`: every
     * call inside must go through `tx` (a call on this store would wait for the connection the transaction
     * holds; tests catch it, sql.ts). Inside a transaction, `tx.transaction(fn)` joins it. Never leave a
     * `tx` promise un-awaited (it would run after COMMIT), but hand it to `tx.defer`. Calls that do not
     * depend on each other may run at once (Promise.all): on PostgreSQL they share a round trip.
     */
    transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
      return db.transaction((tx) => fn(bind(tx)))
    },
    /** Run `fn` as one consistent read (one snapshot), handing it the transaction's store. */
    read<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
      return db.read((tx) => fn(bind(tx)))
    },
    /** Run `effect` after this transaction commits (dropped if it rolls back or is retried); at once outside one. */
    afterCommit(effect: () => void): void {
      return db.afterCommit(effect)
    },
    /**
     * A write of this transaction not awaited here: the transaction awaits it before COMMIT, which goes out
     * in the same round trip on PostgreSQL (sql.ts). Only for writes whose failure is an error, never for
     * one whose outcome (a row count, a returned row) decides what to do next.
     */
    defer(write: Promise<unknown>): void {
      db.defer(write)
    },
    close,

    /**
     * Inside a transaction: wait for any other process's start-up transaction and hold this one's until
     * commit, so read-then-write steps (secrets, keys, demos) run once among processes starting together.
     */
    async lockStartup(): Promise<void> {
      db.engine === 'postgres' && (await s.lockStartup.get(db))
    },
    async getSetting(key: string): Promise<string | null> {
      return (await s.getSetting.get(db, key))?.value ?? null
    },
    async setSetting(key: string, value: string): Promise<void> {
      await s.setSetting.run(db, key, value)
    },

    async addMarketerKey(hash: string, label: string, now: number): Promise<void> {
      await s.addKey.run(db, hash, label, now)
    },
    async hasMarketerKey(hash: string): Promise<boolean> {
      return (await s.hasKey.get(db, hash)) !== undefined
    },

    async activityByCode(code: string): Promise<ActivityRow | null> {
      return toActivity(await s.activityByCode.get(db, code))
    },
    /**
     * activityByCode for a request's checks before its transaction (the route's activity): read at most
     * ACTIVITY_KEEP_MS ago. What a draw or a save depends on is read again inside its transaction.
     */
    async cachedActivity(code: string): Promise<ActivityRow | null> {
      const now = Date.now()
      const kept = byCode.get(code, now)
      if (kept) return kept
      const before = saves
      const row = toActivity(await s.activityByCode.get(db, code))
      // Unknown codes are not kept: a flood of made-up codes must not grow the map.
      if (row && saves === before) byCode.set(code, row, now)
      return row
    },
    async activityById(id: number): Promise<ActivityRow | null> {
      return toActivity(await s.activityById.get(db, id))
    },
    /** Insert an activity, published at `now` unless `draft`; returns its id. */
    async insertActivity(code: string, config: ActivityConfig, nextPrizeId: number, now: number, draft = false): Promise<number> {
      const row = await s.insertActivity.get(db, code, JSON.stringify(config), nextPrizeId, now, draft ? null : now)
      activityChanged(db)
      return (row as { id: number }).id
    },
    async updateActivity(id: number, config: ActivityConfig, nextPrizeId: number, now: number): Promise<void> {
      await s.updateActivity.run(db, JSON.stringify(config), nextPrizeId, now, id)
      activityChanged(db)
    },

    stockRows(activityId: number): Promise<StockRow[]> {
      return s.stockRows.all(db, activityId)
    },
    /** Mark every prize of the activity retired; `upsertStock` then revives the ones still configured. */
    async retireStock(activityId: number): Promise<void> {
      await s.retireStock.run(db, activityId)
    },
    async upsertStock(activityId: number, prizeId: number, remaining: number): Promise<void> {
      await s.upsertStock.run(db, activityId, prizeId, remaining)
    },
    /** Take `delta` from a prize's stock if it is still there; false when it is not. */
    async takeStock(activityId: number, prizeId: number, delta: number, cents: number): Promise<boolean> {
      return (await s.takeStock.run(db, activityId, prizeId, delta, cents)) === 1
    },

    async participant(activityId: number, pid: string): Promise<ParticipantRow | null> {
      return (await s.participant.get(db, activityId, pid)) ?? null
    },
    /** Create the participant's row on their first state-changing call; counted once they play or fill the form. */
    async ensureParticipant(activityId: number, pid: string, now: number): Promise<void> {
      await s.ensureParticipant.run(db, activityId, pid, now)
    },
    /**
     * Create the participant's row if needed and hold it until the transaction ends: their limits,
     * counters and stored answers are then read after any concurrent call of theirs committed.
     * Returns the row (read under the lock). SQLite's write transaction already holds the whole database.
     */
    async lockParticipant(activityId: number, pid: string, now: number): Promise<ParticipantRow> {
      return (await s.lockParticipant.get(db, activityId, pid, now)) as ParticipantRow
    },
    /** lockParticipant for a participant whose row exists: null (and nothing written) when it does not. */
    async lockKnownParticipant(activityId: number, pid: string): Promise<ParticipantRow | null> {
      return (await s.lockKnownParticipant.get(db, activityId, pid)) ?? null
    },
    /** The participant (null before their first call) and their counters of the window starting at `windowStart`. */
    async standing(activityId: number, pid: string, windowStart: number | null) {
      const row = await s.standing.get(db, activityId, pid, windowStart)
      const participant: ParticipantRow | null = row ? { plays: row.plays, name: row.name, filled_at: row.filled_at } : null
      return { participant, counter: { plays: row?.window_plays ?? 0, wins: row?.window_wins ?? 0 } }
    },
    /** What a draw at `now` reads, as one snapshot (PlayState); `requestId` null asks for no stored answer. */
    async playState(activityId: number, pid: string, now: number, requestId: string | null): Promise<PlayState> {
      const state: PlayState = { activity: null, stock: new Map(), counter: null, response: null }
      for (const row of await s.playState.all(db, activityId, pid, now, requestId)) {
        if (row.kind === 0) {
          const stored = { id: activityId, code: row.code as string, config: row.text as string, next_prize_id: row.a, published_at: row.b }
          state.activity = toActivity(stored)
        } else if (row.kind === 1) {
          if (row.c) state.stock.set(row.a, row.b as number)
        } else if (row.kind === 2) {
          state.counter = { windowStart: row.a, plays: row.b as number, wins: row.c }
        } else state.response = row.text
      }
      return state
    },
    async addPlay(activityId: number, pid: string): Promise<void> {
      const after = await s.addPlay.get(db, activityId, pid)
      if (after?.plays === 1 && after.filled_at === null) recount(db, activityId)
    },
    async fillParticipant(activityId: number, pid: string, info: ParticipantInfo, now: number): Promise<void> {
      const before = await s.participant.get(db, activityId, pid)
      await s.fillParticipant.run(db, activityId, pid, info.name, info.tel, info.address, info.other_info, now)
      if (before?.plays === 0 && before.filled_at === null) recount(db, activityId)
    },
    /** Real participants: those who played or filled the form (entering alone does not count). */
    participantCount(activityId: number): Promise<number> {
      return countParticipants(db, activityId)
    },
    /** Real participants and their plays in all (the plays are a scan: for the marketer's view, not per play). */
    async participantCounts(activityId: number): Promise<{ participants: number; plays: number }> {
      return { participants: await countParticipants(db, activityId), plays: (await s.playCount.get(db, activityId))?.plays ?? 0 }
    },

    async windowCounter(activityId: number, pid: string, windowStart: number): Promise<{ plays: number; wins: number }> {
      return (await s.windowCounter.get(db, activityId, pid, windowStart)) ?? { plays: 0, wins: 0 }
    },
    async bumpWindow(activityId: number, pid: string, windowStart: number, won: boolean): Promise<void> {
      await s.bumpWindow.run(db, activityId, pid, windowStart, won ? 1 : 0)
    },

    /** Insert a win, returning its id; null when its secret is taken (nothing inserted: draw another). */
    async insertWin(win: NewWin): Promise<number | null> {
      const row = await s.insertWin.get(db, win.activityId, win.pid, win.prizeId, win.prizeName, win.prizeType, win.prizeInfo,
        win.moneyCents, win.secret, win.windowStart, win.now, win.claimFields ? JSON.stringify(win.claimFields) : null)
      return row?.id ?? null
    },
    async winBySecret(activityId: number, secret: string): Promise<WinRow | null> {
      return (await s.winBySecret.get(db, activityId, secret)) ?? null
    },
    winsOf(activityId: number, pid: string): Promise<WinRow[]> {
      return s.winsOf.all(db, activityId, pid)
    },
    latestWins(activityId: number, limit: number) {
      return s.latestWins.all(db, activityId, limit)
    },
    /** Mark a win redeemed once, by the key `by` (its id); false when it already was. */
    async redeem(winId: number, now: number, by: number | null = null): Promise<boolean> {
      return (await s.redeem.run(db, winId, now, by)) === 1
    },
    async winCounts(activityId: number): Promise<{ wins: number; redeemed: number }> {
      const row = await s.winCounts.get(db, activityId)
      return { wins: row?.wins ?? 0, redeemed: row?.redeemed ?? 0 }
    },

    async awardResponse(activityId: number, pid: string, requestId: string): Promise<string | null> {
      return (await s.awardResponse.get(db, activityId, pid, requestId))?.response ?? null
    },
    async putAwardResponse(activityId: number, pid: string, requestId: string, response: string, now: number): Promise<void> {
      await s.putAwardResponse.run(db, activityId, pid, requestId, response, now)
    },

    async chain(id: string): Promise<ChainRow | null> {
      return (await s.chain.get(db, id)) ?? null
    },
    async revokeChain(id: string, now: number): Promise<void> {
      await s.revokeChain.run(db, id, now)
    },
    async insertToken(jti: string, chainId: string, now: number, expiresAt: number): Promise<void> {
      await s.insertToken.run(db, jti, chainId, now, expiresAt)
    },
    async token(jti: string): Promise<TokenRow | null> {
      return (await s.token.get(db, jti)) ?? null
    },
    /**
     * The common exchange of `presented` for `successor` in two statements, or false (nothing written) when
     * it is not that: a used, superseded, unknown or revoked token, an initial token whose chain exists.
     */
    async exchangeToken(presented: ExchangedToken, now: number, successor: { jti: string; exp: number }): Promise<boolean> {
      const { jti, cid } = presented
      if (cid !== jti) {
        // One round trip on PostgreSQL: the insert writes only what the compare-and-set allowed.
        const [moved] = await Promise.all([
          s.exchange.run(db, jti, now, successor.jti, cid),
          s.insertSuccessor.run(db, successor.jti, jti, successor.exp * 1000),
        ])
        return moved === 1
      }
      // An initial token (its jti names its chain) has no row until its first exchange: the chain created
      // now (a primary key, so once) means nobody exchanged it before.
      if ((await s.insertChain.run(db, cid, presented.act, presented.sub, now)) === 0) return false
      await s.insertExchanged.run(db, jti, presented.iat * 1000, presented.exp * 1000, now, successor.jti, successor.exp * 1000)
      return true
    },
    /** Mark a token used with its successor; false when it already was (someone else moved it on). */
    async markUsed(jti: string, now: number, successor: string): Promise<boolean> {
      return (await s.markUsed.run(db, jti, now, successor)) === 1
    },
    /** `predecessor` spends its grace: its lost successor `lost` is replaced by `successor`; false when either was taken meanwhile. */
    async spendGrace(predecessor: string, lost: string, now: number, successor: string): Promise<boolean> {
      // Spending the grace supersedes `lost`: when it moved on meanwhile, the grace is gone and nothing is written.
      if ((await s.supersede.run(db, lost, now, successor)) === 0) return false
      await s.markGraced.run(db, predecessor, now)
      return true
    },
    /**
     * Delete what outlived its retention at `now` (epoch ms): up to `batch` rows per table, each
     * table in its own short transaction; `more` when a table had a full batch (call again).
     */
    async purge(now: number, retention: RetentionOptions, batch = 2000): Promise<PurgeCounts> {
      const run = (statement: Statement<unknown>, before: number): Promise<number> =>
        db.transaction((tx) => statement.run(tx, before, batch))
      const tokensBefore = now - retention.tokensAfterExpiryMs
      const counts = {
        tokens: await run(s.purgeTokens, tokensBefore),
        chains: await run(s.purgeChains, tokensBefore),
        awardRequests: await run(s.purgeAwardRequests, now - retention.awardRequestsMs),
        participants: await run(s.purgeIdleParticipants, now - retention.idleParticipantsMs),
      }
      return { ...counts, more: Object.values(counts).some((n) => n >= batch) }
    },
    ...keys(db),
    /** WeChat sign-in and share referrals (server/wechat). */
    wechat: wechat(db),
    /** Statistics, exports, redemption log and activity management (issue 12). */
    ops: ops(db),
    /** Plays log, claim forms, shipping (issue 13, migration 9). */
    campaign: campaign(db),
  })
  return bind(db)
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
function marketerKeyQueries(db: Sql) {
  const s = {
    insert: db.prepare(sql<{ id: number }>`INSERT INTO marketer_keys (hash, prefix, label, source, created_at, expires_at, role, activities)
      VALUES (${$1}, ${$2}, ${$3}, ${$4}, ${$5}, ${$6}, ${$7}, ${$8}) RETURNING id`),
    byHash: db.prepare(sql<StoredKeyRow>`SELECT ${sql.raw(KEY_COLUMNS)} FROM marketer_keys WHERE hash = ${$1}`),
    byId: db.prepare(sql<StoredKeyRow>`SELECT ${sql.raw(KEY_COLUMNS)} FROM marketer_keys WHERE id = ${$1}`),
    all: db.prepare(sql<StoredKeyRow>`SELECT ${sql.raw(KEY_COLUMNS)} FROM marketer_keys ORDER BY id DESC`),
    touch: db.prepare(sql`UPDATE marketer_keys SET last_used_at = ${$2}
      WHERE id = ${$1} AND (last_used_at IS NULL OR last_used_at < ${$3})`),
    revoke: db.prepare(sql`UPDATE marketer_keys SET revoked_at = ${$2} WHERE id = ${$1} AND revoked_at IS NULL`),
    revokeEnv: db.prepare(sql`UPDATE marketer_keys SET revoked_at = ${$1}
      WHERE source = 'env' AND revoked_at IS NULL AND hash IS DISTINCT FROM ${$2}`),
  }
  return (db: Executor) => ({
    /** Store a new key (by its hash); returns its id. */
    async insertMarketerKey(key: NewMarketerKey): Promise<number> {
      const row = await s.insert.get(db, key.hash, key.prefix, key.label, key.source, key.now, key.expiresAt, key.role ?? 'marketer',
        JSON.stringify(key.activities ?? []))
      return (row as { id: number }).id
    },
    async marketerKeyByHash(hash: string): Promise<MarketerKeyRow | null> {
      const row = await s.byHash.get(db, hash)
      return row ? toKeyRow(row) : null
    },
    async marketerKeyById(id: number): Promise<MarketerKeyRow | null> {
      const row = await s.byId.get(db, id)
      return row ? toKeyRow(row) : null
    },
    /** Every key, revoked and expired ones too, newest first. */
    async listMarketerKeys(): Promise<MarketerKeyRow[]> {
      return (await s.all.all(db)).map(toKeyRow)
    },
    async touchMarketerKey(id: number, now: number): Promise<void> {
      await s.touch.run(db, id, now, now - TOUCH_EVERY_MS)
    },
    /** Revoke a key once; false when it was already revoked or does not exist. */
    async revokeMarketerKey(id: number, now: number): Promise<boolean> {
      return (await s.revoke.run(db, id, now)) === 1
    },
    /** Revoke every live key that came from MARKETER_KEY except `keepHash` (null: all of them); returns how many. */
    revokeEnvKeysExcept(keepHash: string | null, now: number): Promise<number> {
      return s.revokeEnv.run(db, now, keepHash)
    },
  })
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
export function createWechatStore(db: Sql) {
  const PERSON = sql.raw('openid, unionid, snapshot, ref, nickname, headimgurl')
  const s = {
    insertState: db.prepare(sql`INSERT INTO wechat_states (state, nonce_hash, activity_code, scope, ref, created_at)
      VALUES (${$1}, ${$2}, ${$3}, ${$4}, ${$5}, ${$6})`),
    state: db.prepare(sql<WechatStateRow>`SELECT state, nonce_hash, activity_code, scope, ref, created_at, used_at
      FROM wechat_states WHERE state = ${$1}`),
    useState: db.prepare(sql`UPDATE wechat_states SET used_at = ${$2} WHERE state = ${$1} AND used_at IS NULL`),
    purgeStates: db.prepare(sql`DELETE FROM wechat_states WHERE created_at < ${$1}`),

    person: db.prepare(sql<WechatPersonRow>`SELECT ${PERSON} FROM wechat_people WHERE openid = ${$1}`),
    personByRef: db.prepare(sql<WechatPersonRow>`SELECT ${PERSON} FROM wechat_people WHERE ref = ${$1}`),
    upsertPerson: db.prepare(sql`INSERT INTO wechat_people (openid, unionid, snapshot, ref, created_at, updated_at)
      VALUES (${$1}, ${$2}, ${$3}, ${$4}, ${$5}, ${$5})
      ON CONFLICT (openid) DO UPDATE SET unionid = COALESCE(excluded.unionid, wechat_people.unionid),
      snapshot = excluded.snapshot, updated_at = excluded.updated_at`),
    setProfile: db.prepare(
      sql`UPDATE wechat_people SET nickname = ${$2}, headimgurl = ${$3}, updated_at = ${$4} WHERE openid = ${$1}`,
    ),

    insertSession: db.prepare(sql`INSERT INTO wechat_sessions (hash, openid, created_at) VALUES (${$1}, ${$2}, ${$3})`),
    purgeSessions: db.prepare(sql`DELETE FROM wechat_sessions WHERE created_at < ${$1}`),
    personBySession: db.prepare(sql<WechatPersonRow>`SELECT p.openid, p.unionid, p.snapshot, p.ref, p.nickname, p.headimgurl
      FROM wechat_sessions s JOIN wechat_people p ON p.openid = s.openid WHERE s.hash = ${$1}`),

    insertReferral: db.prepare(sql`INSERT INTO wechat_referrals (activity_id, invitee, sharer, window_start, created_at)
      VALUES (${$1}, ${$2}, ${$3}, ${$4}, ${$5}) ON CONFLICT (activity_id, invitee) DO NOTHING`),
    referralCount: db.prepare(sql<{ n: number }>`SELECT COUNT(*) AS n FROM wechat_referrals
      WHERE activity_id = ${$1} AND sharer = ${$2} AND window_start = ${$3}`),
    referred: db.prepare(
      sql<{ one: number }>`SELECT 1 AS one FROM wechat_referrals WHERE activity_id = ${$1} AND invitee = ${$2}`,
    ),
  }
  return (db: Executor) => ({
    async insertState(row: Omit<WechatStateRow, 'used_at'>): Promise<void> {
      await s.insertState.run(db, row.state, row.nonce_hash, row.activity_code, row.scope, row.ref, row.created_at)
    },
    async state(state: string): Promise<WechatStateRow | null> {
      return (await s.state.get(db, state)) ?? null
    },
    /** Mark a state used; false when it already was (a replay). */
    async useState(state: string, now: number): Promise<boolean> {
      return (await s.useState.run(db, state, now)) === 1
    },
    async purgeStates(before: number): Promise<void> {
      await s.purgeStates.run(db, before)
    },

    async person(openid: string): Promise<WechatPersonRow | null> {
      return (await s.person.get(db, openid)) ?? null
    },
    async personByRef(ref: string): Promise<WechatPersonRow | null> {
      return (await s.personByRef.get(db, ref)) ?? null
    },
    /** Insert or refresh a person; `ref` is kept from the first sign-in. */
    async upsertPerson(p: { openid: string; unionid: string | null; snapshot: boolean; ref: string }, now: number): Promise<void> {
      await s.upsertPerson.run(db, p.openid, p.unionid, p.snapshot ? 1 : 0, p.ref, now)
    },
    async setProfile(openid: string, nickname: string, headimgurl: string, now: number): Promise<void> {
      await s.setProfile.run(db, openid, nickname, headimgurl, now)
    },

    async insertSession(hash: string, openid: string, now: number): Promise<void> {
      await s.insertSession.run(db, hash, openid, now)
    },
    /** Forget sessions created before `before` (their cookies have expired). */
    async purgeSessions(before: number): Promise<void> {
      await s.purgeSessions.run(db, before)
    },
    async personBySession(hash: string): Promise<WechatPersonRow | null> {
      return (await s.personBySession.get(db, hash)) ?? null
    },

    /** Record that `invitee` came through `sharer`'s link; false when the invitee was referred before. */
    async insertReferral(activityId: number, invitee: string, sharer: string, windowStart: number, now: number): Promise<boolean> {
      return (await s.insertReferral.run(db, activityId, invitee, sharer, windowStart, now)) === 1
    },
    async referralCount(activityId: number, sharer: string, windowStart: number): Promise<number> {
      return (await s.referralCount.get(db, activityId, sharer, windowStart))?.n ?? 0
    },
    async referred(activityId: number, invitee: string): Promise<boolean> {
      return (await s.referred.get(db, activityId, invitee)) !== undefined
    },
  })
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
  /** The win's claim form (JSON ClaimField[]) and answers (JSON ClaimValues), NULL when none (migration 9). */
  claim_fields: string | null
  claim: string | null
  courier: string | null
  tracking: string | null
  shipped_at: number | null
  received_at: number | null
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
  /** The before-play form's answers when the activity configures its fields (JSON ClaimValues). */
  form: string | null
}

const MINUTE_MS = 60_000
const WIN_DETAIL = `SELECT w.id, w.pid, w.prize_id, w.prize_name, w.prize_type, w.prize_info, w.money_cents, w.secret,
  w.created_at, w.redeemed_at, w.redeemed_by, p.name, k.label AS redeemer_label, k.role AS redeemer_role
  FROM wins w LEFT JOIN participants p ON p.activity_id = w.activity_id AND p.pid = w.pid
  LEFT JOIN marketer_keys k ON k.id = w.redeemed_by`

/**
 * Statistics, the redemption log, exports and activity management, as `store.ops`.
 * Reads aggregate at read time over indexed rows; the award path writes nothing
 * for them (plays over time come from play_log) and page views are written in
 * batches (server/domain/views.ts).
 */
/** `changed`: called on the executor of each write to an activity (the store's cache of activities). */
export function createOpsStore(db: Sql, changed: (db: Executor) => void) {
  const minuteOf = (column: string) => sql.raw(`${column} / ${MINUTE_MS} * ${MINUTE_MS}`)
  const s = {
    list: db.prepare(sql<ActivityListRow & { config: string }>`SELECT id, code, config, updated_at, published_at FROM activities
      ORDER BY updated_at DESC, id DESC`),
    one: db.prepare(
      sql<ActivityListRow & { config: string }>`SELECT id, code, config, updated_at, published_at FROM activities WHERE id = ${$1}`,
    ),
    config: db.prepare(sql<{ config: string }>`SELECT config FROM activities WHERE id = ${$1}`),
    setConfig: db.prepare(sql`UPDATE activities SET config = ${$2}, updated_at = ${$3} WHERE id = ${$1}`),
    publish: db.prepare(
      sql`UPDATE activities SET published_at = ${$2}, updated_at = ${$2} WHERE id = ${$1} AND published_at IS NULL`,
    ),

    addViews: db.prepare(sql`INSERT INTO activity_minutes (activity_id, minute, views) VALUES (${$1}, ${$2}, ${$3})
      ON CONFLICT (activity_id, minute) DO UPDATE SET views = activity_minutes.views + excluded.views`),

    // Views from activity_minutes (with the plays counted there before play_log, migration 11), plays and wins from play_log.
    minutes: db.prepare(sql<MinuteRow>`SELECT minute, SUM(views) AS views, SUM(plays) AS plays, SUM(wins) AS wins FROM (
        SELECT minute, views, plays, wins FROM activity_minutes WHERE activity_id = ${$1}
        UNION ALL
        SELECT ${minuteOf('created_at')} AS minute, 0 AS views, COUNT(*) AS plays, COUNT(win_id) AS wins
        FROM play_log WHERE activity_id = ${$1} GROUP BY 1
      ) AS m GROUP BY minute ORDER BY minute`),
    views: db.prepare(sql<{ n: number | null }>`SELECT SUM(views) AS n FROM activity_minutes WHERE activity_id = ${$1}`),
    // A form is the before-play info form or a won prize's claim form (issue 13), once per person.
    people: db.prepare(sql<{ participants: number | null; plays: number | null; forms: number | null }>`SELECT
      SUM(CASE WHEN plays > 0 THEN 1 ELSE 0 END) AS participants, SUM(plays) AS plays,
      SUM(CASE WHEN filled_at IS NOT NULL OR EXISTS (SELECT 1 FROM wins w WHERE w.activity_id = p.activity_id AND w.pid = p.pid
        AND w.claimed_at IS NOT NULL) THEN 1 ELSE 0 END) AS forms
      FROM participants p WHERE activity_id = ${$1}`),
    wins: db.prepare(sql<{ n: number | null }>`SELECT SUM(won) AS n FROM prize_stock WHERE activity_id = ${$1}`),
    redeemed: db.prepare(
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM wins WHERE activity_id = ${$1} AND redeemed_at IS NOT NULL`,
    ),
    winners: db.prepare(sql<{ n: number }>`SELECT COUNT(DISTINCT pid) AS n FROM wins WHERE activity_id = ${$1}`),
    redeemers: db.prepare(
      sql<{ n: number }>`SELECT COUNT(DISTINCT pid) AS n FROM wins WHERE activity_id = ${$1} AND redeemed_at IS NOT NULL`,
    ),
    redeemedByPrize: db.prepare(sql<{ prize_id: number; n: number }>`SELECT prize_id, COUNT(*) AS n FROM wins
      WHERE activity_id = ${$1} AND redeemed_at IS NOT NULL GROUP BY prize_id`),
    redeemedByWindow: db.prepare(sql<{ window_start: number; n: number }>`SELECT window_start, COUNT(*) AS n FROM wins
      WHERE activity_id = ${$1} AND redeemed_at IS NOT NULL GROUP BY window_start`),
    byWindow: db.prepare(sql<{ window_start: number; participants: number; plays: number; wins: number }>`SELECT window_start,
      SUM(CASE WHEN plays > 0 THEN 1 ELSE 0 END) AS participants, SUM(plays) AS plays, SUM(wins) AS wins
      FROM window_counters WHERE activity_id = ${$1} GROUP BY window_start`),
    formMinutes: db.prepare(sql<MinuteCount>`SELECT ${minuteOf('filled_at')} AS minute, COUNT(*) AS n FROM participants
      WHERE activity_id = ${$1} AND filled_at IS NOT NULL GROUP BY 1 ORDER BY 1`),
    newParticipantMinutes: db.prepare(sql<MinuteCount>`SELECT ${minuteOf('created_at')} AS minute, COUNT(*) AS n FROM participants
      WHERE activity_id = ${$1} AND plays > 0 GROUP BY 1 ORDER BY 1`),
    redeemMinutes: db.prepare(sql<MinuteCount>`SELECT ${minuteOf('redeemed_at')} AS minute, COUNT(*) AS n FROM wins
      WHERE activity_id = ${$1} AND redeemed_at IS NOT NULL GROUP BY 1 ORDER BY 1`),

    redemptions: db.prepare(sql<RedemptionRow>`SELECT w.secret, w.prize_name, w.redeemed_at, k.label AS redeemer_label,
      k.role AS redeemer_role FROM wins w LEFT JOIN marketer_keys k ON k.id = w.redeemed_by
      WHERE w.activity_id = ${$1} AND w.redeemed_at IS NOT NULL AND w.redeemed_at < ${$2}
      ORDER BY w.redeemed_at DESC, w.id DESC LIMIT ${$3}`),
    redemptionsAt: db.prepare(sql<RedemptionRow & { id: number }>`SELECT w.id, w.secret, w.prize_name, w.redeemed_at,
      k.label AS redeemer_label, k.role AS redeemer_role FROM wins w LEFT JOIN marketer_keys k ON k.id = w.redeemed_by
      WHERE w.activity_id = ${$1} AND w.redeemed_at = ${$2} ORDER BY w.id DESC`),
    winDetail: db.prepare(sql<WinDetailRow>`${sql.raw(WIN_DETAIL)} WHERE w.activity_id = ${$1} AND w.secret = ${$2}`),
    winActivity: db.prepare(
      sql<{ code: string }>`SELECT a.code FROM wins w JOIN activities a ON a.id = w.activity_id WHERE w.secret = ${$1}`,
    ),

    exportWinners: db.prepare(sql<WinnerExportRow>`SELECT w.id, w.prize_name, w.prize_type, w.secret, w.created_at,
      w.window_start, w.redeemed_at, p.name, p.tel, p.address, p.other_info, k.label AS redeemer_label,
      w.claim_fields, w.claim, w.courier, w.tracking, w.shipped_at, w.received_at
      FROM wins w LEFT JOIN participants p ON p.activity_id = w.activity_id AND p.pid = w.pid
      LEFT JOIN marketer_keys k ON k.id = w.redeemed_by
      WHERE w.activity_id = ${$1} AND w.id > ${$2} ORDER BY w.id LIMIT ${$3}`),
    exportParticipants: db.prepare(sql<ParticipantExportRow>`SELECT p.pid, p.created_at, p.plays, p.name, p.tel, p.address,
      p.other_info, p.filled_at, p.form,
      (SELECT COUNT(*) FROM wins w WHERE w.activity_id = p.activity_id AND w.pid = p.pid) AS wins
      FROM participants p WHERE p.activity_id = ${$1} AND p.pid > ${$2} AND (p.plays > 0 OR p.filled_at IS NOT NULL)
      ORDER BY p.pid LIMIT ${$3}`),
  }
  const withConfig = (row: ActivityListRow & { config: string }): ActivityListRow => ({
    ...row,
    config: upgradeConfig(JSON.parse(row.config) as unknown as StoredConfig),
  })
  return (db: Executor) => ({
    /** Every activity with its publication, most recently saved first. */
    async listActivities(): Promise<ActivityListRow[]> {
      return (await s.list.all(db)).map(withConfig)
    },
    async listActivity(activityId: number): Promise<ActivityListRow | null> {
      const row = await s.one.get(db, activityId)
      return row ? withConfig(row) : null
    },
    /** config.status 0 (closed) or 1 (open): the stored configuration read and written back in one transaction. */
    setStatus(activityId: number, status: 0 | 1, now: number): Promise<void> {
      return db.transaction(async (tx) => {
        const row = await s.config.get(tx, activityId)
        if (!row) return
        await s.setConfig.run(tx, activityId, JSON.stringify({ ...(JSON.parse(row.config) as object), status }), now)
        changed(tx)
      })
    },
    /** A draft becomes playable; false when it already was. */
    async publish(activityId: number, now: number): Promise<boolean> {
      const published = (await s.publish.run(db, activityId, now)) === 1
      // After the write: outside a transaction the copy is dropped at once, and a read between would keep the draft.
      changed(db)
      return published
    },

    /** Add page views: [activity id, minute, views] rows, in one transaction. */
    addViews(rows: readonly (readonly [number, number, number])[]): Promise<void> {
      return db.transaction(async (tx) => {
        for (const [activityId, minute, views] of rows) await s.addViews.run(tx, activityId, minute, views)
      })
    },

    /** The activity's counters, each over all time. */
    async counts(activityId: number): Promise<{ views: number; participants: number; plays: number; wins: number; forms: number; redeemed: number }> {
      const people = await s.people.get(db, activityId)
      return {
        views: (await s.views.get(db, activityId))?.n ?? 0,
        participants: people?.participants ?? 0,
        plays: people?.plays ?? 0,
        wins: (await s.wins.get(db, activityId))?.n ?? 0,
        forms: people?.forms ?? 0,
        redeemed: (await s.redeemed.get(db, activityId))?.n ?? 0,
      }
    },
    /** Distinct winners and distinct people with a redeemed prize (the funnel's last steps). */
    async funnelPeople(activityId: number): Promise<{ winners: number; redeemers: number }> {
      return ({
      winners: (await s.winners.get(db, activityId))?.n ?? 0,
      redeemers: (await s.redeemers.get(db, activityId))?.n ?? 0,
    })
    },
    async redeemedByPrize(activityId: number): Promise<Map<number, number>> {
      return new Map((await s.redeemedByPrize.all(db, activityId)).map((row) => [row.prize_id, row.n]))
    },
    async redeemedByWindow(activityId: number): Promise<Map<number, number>> {
      return new Map((await s.redeemedByWindow.all(db, activityId)).map((row) => [row.window_start, row.n]))
    },
    /** Per 场次 (keyed by its start): participants who played in it, plays, wins. */
    async byWindow(activityId: number) {
      return new Map((await s.byWindow.all(db, activityId)).map((row) => [row.window_start, row]))
    },
    minutes(activityId: number): Promise<MinuteRow[]> {
      return s.minutes.all(db, activityId)
    },
    formMinutes(activityId: number): Promise<MinuteCount[]> {
      return s.formMinutes.all(db, activityId)
    },
    /** Participants who played, by the minute of their first call. */
    newParticipantMinutes(activityId: number): Promise<MinuteCount[]> {
      return s.newParticipantMinutes.all(db, activityId)
    },
    redeemMinutes(activityId: number): Promise<MinuteCount[]> {
      return s.redeemMinutes.all(db, activityId)
    },

    /**
     * Redemptions before `before` (epoch ms), newest first: `limit` of them, and then every other one
     * of the last row's millisecond, so that paging on with `before` = that millisecond skips none.
     */
    async redemptions(activityId: number, before: number, limit: number): Promise<RedemptionRow[]> {
      const rows = await s.redemptions.all(db, activityId, before, limit)
      const last = rows[rows.length - 1]
      if (rows.length < limit || last === undefined) return rows
      const sameMs = (await s.redemptionsAt.all(db, activityId, last.redeemed_at)).map(({ id: _id, ...row }) => row)
      return [...rows.filter((row) => row.redeemed_at !== last.redeemed_at), ...sameMs]
    },
    async winDetail(activityId: number, secret: string): Promise<WinDetailRow | null> {
      return (await s.winDetail.get(db, activityId, secret)) ?? null
    },
    /** The code of the activity a 核销码 belongs to, whichever it is. */
    async winActivityCode(secret: string): Promise<string | null> {
      return (await s.winActivity.get(db, secret))?.code ?? null
    },

    /** Winners in id order after `afterId`, `limit` at a time (keyset: the export never holds the connection). */
    exportWinners(activityId: number, afterId: number, limit: number): Promise<WinnerExportRow[]> {
      return s.exportWinners.all(db, activityId, afterId, limit)
    },
    /** Participants who played or filled the form, in pid order after `afterPid`. */
    exportParticipants(activityId: number, afterPid: string, limit: number): Promise<ParticipantExportRow[]> {
      return s.exportParticipants.all(db, activityId, afterPid, limit)
    },
  })
}
