import type Database from 'better-sqlite3'

/**
 * Schema migrations, applied in order once each and recorded in `migrations`.
 * Append new entries; never edit an applied one.
 */
/**
 * Migration 11 here and PostgreSQL's migration 2 (server/db/postgres/migrations.ts): portable SQL, one text.
 * Plays and wins over time come from play_log and participants from their rows; minute rows keep the views
 * and the plays counted before play_log, minus those play_log also holds, so each play counts once.
 */
export const NO_ROW_PER_PLAY = `
      UPDATE activity_minutes SET plays = activity_minutes.plays - l.plays, wins = activity_minutes.wins - l.wins
        FROM (SELECT activity_id, created_at / 60000 * 60000 AS minute, COUNT(*) AS plays, COUNT(win_id) AS wins
              FROM play_log GROUP BY 1, 2) AS l
        WHERE l.activity_id = activity_minutes.activity_id AND l.minute = activity_minutes.minute;
      CREATE INDEX participants_counted ON participants (activity_id) WHERE plays > 0 OR filled_at IS NOT NULL;
`

const MIGRATIONS: readonly { id: number; name: string; sql: string }[] = [
  {
    id: 1,
    name: 'initial',
    sql: `
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      -- Marketer keys are stored as SHA-256 hex, never in clear.
      CREATE TABLE marketer_keys (
        hash       TEXT PRIMARY KEY,
        label      TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE activities (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        code          TEXT NOT NULL UNIQUE,
        config        TEXT NOT NULL,
        next_prize_id INTEGER NOT NULL,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      );
      -- remaining: a count, or cents for a random red packet. Rows of prizes
      -- dropped from the configuration stay (active = 0) so their wins keep a home.
      CREATE TABLE prize_stock (
        activity_id INTEGER NOT NULL REFERENCES activities(id),
        prize_id    INTEGER NOT NULL,
        active      INTEGER NOT NULL,
        remaining   INTEGER NOT NULL CHECK (remaining >= 0),
        won         INTEGER NOT NULL DEFAULT 0,
        paid_cents  INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (activity_id, prize_id)
      );
      CREATE TABLE participants (
        activity_id INTEGER NOT NULL REFERENCES activities(id),
        pid         TEXT NOT NULL,
        plays       INTEGER NOT NULL DEFAULT 0,
        name        TEXT,
        tel         TEXT,
        address     TEXT,
        other_info  TEXT,
        filled_at   INTEGER,
        created_at  INTEGER NOT NULL,
        PRIMARY KEY (activity_id, pid)
      );
      -- Per 场次 counters, keyed by the window's start (epoch ms) so edits that reorder windows keep them.
      CREATE TABLE window_counters (
        activity_id  INTEGER NOT NULL,
        pid          TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        plays        INTEGER NOT NULL DEFAULT 0,
        wins         INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (activity_id, pid, window_start)
      );
      -- A win keeps a copy of the prize as it was, so later edits do not rewrite history.
      CREATE TABLE wins (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        activity_id  INTEGER NOT NULL REFERENCES activities(id),
        pid          TEXT NOT NULL,
        prize_id     INTEGER NOT NULL,
        prize_name   TEXT NOT NULL,
        prize_type   TEXT NOT NULL,
        prize_info   TEXT NOT NULL,
        money_cents  INTEGER NOT NULL,
        secret       TEXT NOT NULL UNIQUE,
        window_start INTEGER NOT NULL,
        created_at   INTEGER NOT NULL,
        redeemed_at  INTEGER
      );
      CREATE INDEX wins_by_activity ON wins (activity_id, id);
      CREATE INDEX wins_by_participant ON wins (activity_id, pid);
      -- Award idempotency: the stored envelope of a play, per participant and client request id.
      CREATE TABLE award_requests (
        activity_id INTEGER NOT NULL,
        pid         TEXT NOT NULL,
        request_id  TEXT NOT NULL,
        response    TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        PRIMARY KEY (activity_id, pid, request_id)
      );
      CREATE TABLE token_chains (
        id          TEXT PRIMARY KEY,
        activity_id INTEGER NOT NULL,
        pid         TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        revoked_at  INTEGER
      );
      -- One row per issued JWT: issued → used (used_at, successor).
      CREATE TABLE tokens (
        jti        TEXT PRIMARY KEY,
        chain_id   TEXT NOT NULL REFERENCES token_chains(id),
        issued_at  INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at    INTEGER,
        successor  TEXT
      );
      CREATE INDEX tokens_by_expiry ON tokens (expires_at);
    `,
  },
  {
    id: 2,
    name: 'participant counter',
    // Activity/index shows the count on every load; COUNT(*) grows with the crowd, a counter does not.
    sql: `
      ALTER TABLE activities ADD COLUMN participants INTEGER NOT NULL DEFAULT 0;
      UPDATE activities SET participants = (SELECT COUNT(*) FROM participants p WHERE p.activity_id = activities.id);
    `,
  },
  {
    id: 3,
    name: 'participants who did something',
    // Entering no longer counts (issue 11, finding 1): only playing or filling the form does.
    sql: `
      UPDATE activities SET participants = (SELECT COUNT(*) FROM participants p
        WHERE p.activity_id = activities.id AND (p.plays > 0 OR p.filled_at IS NOT NULL));
    `,
  },
  {
    id: 4,
    name: 'grace once',
    // A token's grace is spent once (graced_at); a token replaced through a grace (superseded) is never accepted again.
    sql: `
      ALTER TABLE tokens ADD COLUMN graced_at INTEGER;
      ALTER TABLE tokens ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    id: 5,
    name: 'retention',
    // How long rows live (docs/RETENTION.md; RETENTION_DEFAULTS, purged by store.purge on boot's timer):
    //   tokens          until expiry + 1 h
    //   token_chains    until their last token row is gone
    //   award_requests  24 h after the play (RETENTION_AWARD_HOURS), never less than token TTL + grace
    //   participants    24 h when they never played nor filled the form; otherwise with the activity
    //   activities, prize_stock, wins, window_counters, settings, marketer_keys: kept (business records)
    // The indexes let each purge batch find its rows without a scan.
    sql: `
      CREATE INDEX award_requests_by_age ON award_requests (created_at);
      CREATE INDEX tokens_by_chain ON tokens (chain_id);
      CREATE INDEX token_chains_by_age ON token_chains (created_at);
      CREATE INDEX participants_idle ON participants (created_at) WHERE plays = 0 AND filled_at IS NULL;
    `,
  },
  {
    id: 6,
    name: 'marketer key lifecycle',
    // Keys get an id (to revoke by), where they came from (an env key is revoked when
    // MARKETER_KEY changes), an expiry, a last use and a revocation. The demo key lives 7 days.
    sql: `
      CREATE TABLE marketer_keys_new (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        hash         TEXT NOT NULL UNIQUE,
        prefix       TEXT NOT NULL DEFAULT '',
        label        TEXT NOT NULL,
        source       TEXT NOT NULL DEFAULT 'created',
        created_at   INTEGER NOT NULL,
        expires_at   INTEGER,
        last_used_at INTEGER,
        revoked_at   INTEGER
      );
      INSERT INTO marketer_keys_new (hash, label, source, created_at, expires_at)
        SELECT hash, label, CASE WHEN label IN ('env', 'demo') THEN label ELSE 'created' END, created_at,
          CASE WHEN label = 'demo' THEN created_at + 7 * 86400000 END
        FROM marketer_keys ORDER BY created_at;
      DROP TABLE marketer_keys;
      ALTER TABLE marketer_keys_new RENAME TO marketer_keys;
    `,
  },
  {
    id: 7,
    name: 'wechat sign-in and identity modes',
    sql: `
      -- Saved before identity modes existed: the mode they always had (host ticket for reward activities).
      UPDATE activities SET config = json_set(config, '$.identity',
        CASE WHEN json_extract(config, '$.active_type') = 2 THEN 'ticket' ELSE 'anonymous' END)
        WHERE json_extract(config, '$.identity') IS NULL;
      UPDATE activities SET config = json_set(config, '$.share_img', '') WHERE json_extract(config, '$.share_img') IS NULL;
      -- A person signed in with WeChat. ref: their referral id on share links (never the openid).
      -- snapshot: a 朋友圈 snapshot page's virtual account (may look, not play).
      CREATE TABLE wechat_people (
        openid     TEXT PRIMARY KEY,
        unionid    TEXT,
        snapshot   INTEGER NOT NULL,
        ref        TEXT NOT NULL UNIQUE,
        nickname   TEXT,
        headimgurl TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- The sign-in cookie's SHA-256 → the person (not a JWT: operators rotate JWT_SECRET).
      CREATE TABLE wechat_sessions (
        hash       TEXT PRIMARY KEY,
        openid     TEXT NOT NULL REFERENCES wechat_people(openid),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX wechat_sessions_by_age ON wechat_sessions (created_at);
      -- OAuth state: single use, expiring, bound to the browser's nonce cookie (its SHA-256).
      CREATE TABLE wechat_states (
        state         TEXT PRIMARY KEY,
        nonce_hash    TEXT NOT NULL,
        activity_code TEXT NOT NULL,
        scope         TEXT NOT NULL,
        ref           TEXT,
        created_at    INTEGER NOT NULL,
        used_at       INTEGER
      );
      CREATE INDEX wechat_states_by_age ON wechat_states (created_at);
      -- One referral per invitee per activity; sharer and invitee are pids.
      CREATE TABLE wechat_referrals (
        activity_id  INTEGER NOT NULL,
        invitee      TEXT NOT NULL,
        sharer       TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        created_at   INTEGER NOT NULL,
        PRIMARY KEY (activity_id, invitee)
      );
      CREATE INDEX wechat_referrals_by_sharer ON wechat_referrals (activity_id, sharer, window_start);
    `,
  },
  {
    id: 8,
    name: 'running a campaign',
    sql: `
      -- A key's role: marketer (everything) or staff (redeem only, for \`activities\`: a JSON array of codes, [] = all).
      ALTER TABLE marketer_keys ADD COLUMN role TEXT NOT NULL DEFAULT 'marketer';
      ALTER TABLE marketer_keys ADD COLUMN activities TEXT NOT NULL DEFAULT '[]';
      -- Who redeemed a win (a key id; NULL for redemptions made before it was kept).
      ALTER TABLE wins ADD COLUMN redeemed_by INTEGER;
      -- NULL: a draft (not playable). Activities saved before drafts existed were playable: published.
      ALTER TABLE activities ADD COLUMN published_at INTEGER;
      UPDATE activities SET published_at = created_at;
      -- Per activity and minute (epoch ms, floored): page views (batched by the server), plays and wins
      -- (one upsert in the award transaction). Statistics over time read these, never one row per event.
      CREATE TABLE activity_minutes (
        activity_id INTEGER NOT NULL,
        minute      INTEGER NOT NULL,
        views       INTEGER NOT NULL DEFAULT 0,
        plays       INTEGER NOT NULL DEFAULT 0,
        wins        INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (activity_id, minute)
      ) WITHOUT ROWID;
      -- Redeemed wins only (partial: a new win, not yet redeemed, adds nothing to it): the redemption log and its counts.
      CREATE INDEX wins_redeemed ON wins (activity_id, redeemed_at) WHERE redeemed_at IS NOT NULL;
    `,
  },
  {
    id: 9,
    name: 'campaign features',
    // Issue 13 (core/campaign.ts): my records, claim forms per prize, shipping. Multi-draw needs no table:
    // its answers are kept in award_requests under 'm:' + the request id (award ids cannot hold ':').
    sql: `
      -- One row per play, written in the award transaction (my records: time, 场次, outcome).
      -- Kept with the activity (a business record); plays before this migration have none.
      CREATE TABLE play_log (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        activity_id  INTEGER NOT NULL,
        pid          TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        win_id       INTEGER,
        created_at   INTEGER NOT NULL
      );
      CREATE INDEX play_log_by_participant ON play_log (activity_id, pid, id);
      -- A win's claim form as the prize had it when won (JSON ClaimField[], NULL: none), what the winner
      -- sent (JSON ClaimValues, NULL: not yet) and its delivery (physical prizes).
      ALTER TABLE wins ADD COLUMN claim_fields TEXT;
      ALTER TABLE wins ADD COLUMN claim TEXT;
      ALTER TABLE wins ADD COLUMN claimed_at INTEGER;
      ALTER TABLE wins ADD COLUMN courier TEXT;
      ALTER TABLE wins ADD COLUMN tracking TEXT;
      ALTER TABLE wins ADD COLUMN shipped_at INTEGER;
      ALTER TABLE wins ADD COLUMN received_at INTEGER;
      -- The before-play form when the activity configures its fields (config.claim_fields): JSON ClaimValues.
      ALTER TABLE participants ADD COLUMN form TEXT;
    `,
  },
  {
    id: 10,
    name: 'one win per window, enforced by the database',
    // The draw refuses a second win in a 场次 (have_award) on the counters it read; with several
    // processes (or engines with weaker isolation) a stale read must still not give one person two
    // prizes in one window: the index refuses the second row and its transaction rolls back.
    sql: `
      CREATE UNIQUE INDEX wins_one_per_window ON wins (activity_id, pid, window_start);
    `,
  },
  {
    id: 11,
    name: 'no row written by every play',
    // Every play used to bump its activity's minute row (plays, wins) and every new participant the
    // activity's row (participants): one row locked by all plays at once on PostgreSQL. Plays and wins
    // over time are now counted from play_log and participants from their rows, at read time.
    // activity_minutes keeps the views, and the plays counted before play_log existed (migration 9):
    // those play_log also holds are taken out here, so the two add up to each play once.
    // activities.participants is no longer written.
    sql: NO_ROW_PER_PLAY,
  },
]

/**
 * Apply every migration not yet recorded, each in its own transaction. Several processes may
 * start on one file at once: each migration is checked again under the write lock (BEGIN
 * IMMEDIATE), so exactly one process applies it.
 */
export function migrate(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`)
  const isApplied = db.prepare<[number], { one: number }>('SELECT 1 AS one FROM migrations WHERE id = ?')
  for (const m of MIGRATIONS) {
    if (isApplied.get(m.id)) continue
    db.transaction(() => {
      if (isApplied.get(m.id)) return
      db.exec(m.sql)
      db.prepare('INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, Date.now())
    }).immediate()
  }
}
