import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SAFETY_AUTOCHECKPOINT_PAGES, startCheckpointer } from '../../server/db/checkpoint'
import { openDatabase } from '../../server/db/connection'
import { ON_POSTGRES, sqliteOnly } from './testDb'

/**
 * The WAL is checkpointed by a worker thread of its own (server/db/checkpoint.ts),
 * so no commit on the event loop pays for copying pages and fsyncing.
 */

let dir = ''
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = ''
})

describe.skipIf(ON_POSTGRES)(sqliteOnly('WAL checkpoints on a thread', "WAL checkpoints are SQLite's"), () => {
  it('copies committed pages into the database file while the serving connection never checkpoints itself', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lottery-ckpt-'))
    const path = join(dir, 'x.db')
    const db = openDatabase(path, { autocheckpointPages: SAFETY_AUTOCHECKPOINT_PAGES })
    // Migrating ran with SQLite's default threshold; start from a checkpointed file.
    db.pragma('wal_checkpoint(TRUNCATE)')
    const before = statSync(path).size
    const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)')
    for (let i = 0; i < 2000; i++) insert.run(`k${i}`, 'x'.repeat(200))
    // 2,000 commits, far below the serving connection's own threshold: all still in the WAL.
    expect(statSync(path).size).toBe(before)
    const errors: unknown[] = []
    const stop = startCheckpointer(path, 20, (err) => errors.push(err))
    for (let i = 0; i < 100 && statSync(path).size === before; i++) await new Promise((r) => setTimeout(r, 20))
    await stop()
    expect(statSync(path).size).toBeGreaterThan(before + 200 * 1000)
    expect(errors).toEqual([])
    // Nothing was lost on the way.
    db.close()
    const reopened = openDatabase(path)
    expect(reopened.prepare('SELECT COUNT(*) AS n FROM settings').get()).toEqual({ n: 2000 })
    reopened.close()
  })
})
