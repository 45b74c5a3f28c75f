import { sql } from 'kysely'
import type { TestServer } from '../server/helpers'

/** Row counts read beside the app (a second connection on the test database, either engine). */
export async function rowCount(s: TestServer, table: string, where = '1 = 1'): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.id(table)} WHERE ${sql.raw(where)}`.execute(s.side)
  return Number(rows[0]?.n)
}
