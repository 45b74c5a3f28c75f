import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrate } from './migrations'

export type Db = Database.Database

/**
 * Open (creating if needed) the database file and bring its schema up to date.
 * WAL lets readers run beside the single writer; synchronous=NORMAL is durable
 * across a process crash in WAL mode (only an OS crash can lose the last commits).
 * busy_timeout: another process holding the write lock is waited for, up to 5 s.
 */
export function openDatabase(path: string, options: { autocheckpointPages?: number } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // The server checkpoints on a thread of its own (checkpoint.ts) and moves this threshold far out.
  if (options.autocheckpointPages !== undefined) db.pragma(`wal_autocheckpoint = ${options.autocheckpointPages}`)
  migrate(db)
  return db
}
