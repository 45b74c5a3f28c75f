import Database from 'better-sqlite3'
import { join } from 'node:path'
import type { TestServer } from '../server/helpers'

/** Row counts read beside the app (a second connection on the test database: WAL lets it read). */
export function rowCount(s: TestServer, table: string, where = '1'): number {
  const db = new Database(join(s.dir, 'test.db'), { readonly: true })
  try {
    return db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`).pluck().get() as number
  } finally {
    db.close()
  }
}
