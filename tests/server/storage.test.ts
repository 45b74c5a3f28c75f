import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/db/connection'
import { createStore } from '../../server/db/queries'
import { saveActivity } from '../../server/activities'
import { config } from './helpers'

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('storage', () => {
  it('applies each migration once, in WAL mode, and reopening changes nothing', () => {
    dir = mkdtempSync(join(tmpdir(), 'lottery-db-'))
    const path = join(dir, 'x.db')
    openDatabase(path).close()
    const db = openDatabase(path)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const ids = db.prepare('SELECT id FROM migrations ORDER BY id').pluck().all()
    expect(ids).toEqual([1, 2, 3])
    db.close()
  })

  it('counts participants once each, and migration 2 backfills the count of an older database', () => {
    dir = mkdtempSync(join(tmpdir(), 'lottery-db-'))
    const path = join(dir, 'x.db')
    const store = createStore(openDatabase(path))
    const { code } = saveActivity(store, 'count', config(), config().prize, 0)
    const id = store.activityByCode(code)?.id ?? 0
    for (const pid of ['a:1', 'a:2', 'a:1', 'u:9']) store.ensureParticipant(id, pid, 0)
    expect(store.participantCounts(id).participants).toBe(3)
    store.close()

    // Take the database back to before migration 2, and migrate again.
    const raw = new Database(path)
    raw.exec('ALTER TABLE activities DROP COLUMN participants; DELETE FROM migrations WHERE id = 2')
    raw.close()
    const again = createStore(openDatabase(path))
    expect(again.participantCounts(id).participants).toBe(3)
    again.close()
  })
})
