import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, openSqliteStore } from '../../server/db/connection'
import { saveActivity } from '../../server/domain/activities'
import { config } from './helpers'
import { ON_POSTGRES, sqliteOnly } from './testDb'

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(ON_POSTGRES)(sqliteOnly('storage', "SQLite's file: WAL mode, its migrations on an older file"), () => {
  it('applies each migration once, in WAL mode, and reopening changes nothing', () => {
    dir = mkdtempSync(join(tmpdir(), 'lottery-db-'))
    const path = join(dir, 'x.db')
    openDatabase(path).close()
    const db = openDatabase(path)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const ids = db.prepare('SELECT id FROM migrations ORDER BY id').pluck().all()
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    db.close()
  })

  it('counts participants once each when they play or fill the form, and migrations 2–3 backfill the count of an older database', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lottery-db-'))
    const path = join(dir, 'x.db')
    const store = openSqliteStore(path)
    const { code } = await saveActivity(store, 'count', config(), config().prize, 0)
    const id = (await store.activityByCode(code))?.id ?? 0
    for (const pid of ['a:1', 'a:2', 'a:3', 'u:9']) await store.ensureParticipant(id, pid, 0)
    await store.addPlay(id, 'a:1')
    await store.addPlay(id, 'a:1')
    const info = { name: '张三', tel: '13800138000', address: '', other_info: '' }
    await store.fillParticipant(id, 'a:1', info, 0)
    await store.fillParticipant(id, 'a:2', info, 0)
    await store.fillParticipant(id, 'a:2', info, 0)
    await store.addPlay(id, 'u:9')
    // a:3 only entered: not counted.
    expect((await store.participantCounts(id)).participants).toBe(3)
    await store.close()

    // Take the database back to before migration 2, and migrate again.
    const raw = new Database(path)
    raw.exec('ALTER TABLE activities DROP COLUMN participants; DELETE FROM migrations WHERE id IN (2, 3)')
    raw.close()
    const again = openSqliteStore(path)
    expect((await again.participantCounts(id)).participants).toBe(3)
    await again.close()
  })

  it('migration 11 keeps the per-minute plays of an older database: each play once, from play_log or the minute rows', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lottery-db-'))
    const path = join(dir, 'x.db')
    const store = openSqliteStore(path)
    const { code } = await saveActivity(store, 'old', config(), config().prize, 0)
    const id = (await store.activityByCode(code))?.id ?? 0
    await store.close()
    // Before migration 11 every play bumped its minute row; those since migration 9 are in play_log too.
    const minute = 60_000 * 1000
    const raw = new Database(path)
    raw.exec(`DROP INDEX participants_counted; DELETE FROM migrations WHERE id = 11`)
    raw.prepare('INSERT INTO activity_minutes (activity_id, minute, views, plays, wins) VALUES (?, ?, 4, 5, 2)').run(id, minute)
    const log = raw.prepare('INSERT INTO play_log (activity_id, pid, window_start, win_id, created_at) VALUES (?, ?, 0, ?, ?)')
    log.run(id, 'a:1', null, minute + 1)
    log.run(id, 'a:2', 7, minute + 59_999)
    raw.close()
    const again = openSqliteStore(path)
    expect(await again.ops.minutes(id)).toEqual([{ minute, views: 4, plays: 5, wins: 2 }])
    await again.close()
  })
})
