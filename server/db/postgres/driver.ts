import type { CompiledQuery, DatabaseConnection, Driver, QueryResult } from 'kysely'
import type pg from 'pg'

/**
 * The store's PostgreSQL driver: Kysely's, but every statement is a named prepared statement. The store
 * runs a fixed set of SQL texts (server/db/sql.ts compiles each once), so each pooled connection parses
 * and plans a text once and then only binds and executes it — Kysely's own driver sends every statement
 * unnamed, parsed and planned anew on each run (most of PostgreSQL's CPU on the award path).
 */
export class NamedStatementsDriver implements Driver {
  private pool: pg.Pool | undefined

  constructor(private readonly source: pg.Pool | (() => Promise<pg.Pool>)) {}

  async init(): Promise<void> {
    this.pool = typeof this.source === 'function' ? await this.source() : this.source
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new NamedStatementsConnection(await (this.pool as pg.Pool).connect())
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery({ sql: 'BEGIN', parameters: [] } as unknown as CompiledQuery)
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery({ sql: 'COMMIT', parameters: [] } as unknown as CompiledQuery)
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery({ sql: 'ROLLBACK', parameters: [] } as unknown as CompiledQuery)
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    ;(connection as NamedStatementsConnection).release()
  }

  async destroy(): Promise<void> {
    const pool = this.pool
    this.pool = undefined
    if (pool && !pool.ended) await pool.end()
  }
}

/** Statement names by SQL text, shared by every connection (a name means the same text everywhere). */
const names = new Map<string, string>()

function nameOf(text: string): string {
  let name = names.get(text)
  if (name === undefined) names.set(text, (name = `lottery_${names.size}`))
  return name
}

const CHANGES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])
const SQLSTATE = /^[0-9A-Z]{5}$/

class NamedStatementsConnection implements DatabaseConnection {
  /** Set when a statement failed outside a transaction's control: the connection is not reused. */
  private broken = false

  constructor(private readonly client: pg.PoolClient) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Statements without parameters (BEGIN, COMMIT, ROLLBACK, pg_advisory locks) go unnamed: nothing to plan twice.
    const config: pg.QueryConfig =
      query.parameters.length > 0
        ? { name: nameOf(query.sql), text: query.sql, values: query.parameters as unknown[] }
        : { text: query.sql }
    return this.client.query(config).then(
      (result) => ({
        rows: (result.rows ?? []) as R[],
        numAffectedRows: CHANGES.has(result.command) ? BigInt(result.rowCount ?? 0) : undefined,
      }),
      (err: unknown) => {
        // A lost connection (not a statement PostgreSQL refused, which carries a SQLSTATE) leaves the pool.
        if (!SQLSTATE.test(String((err as { code?: unknown } | null)?.code))) this.broken = true
        throw err
      },
    )
  }

  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('the store reads in keyset batches; streaming is not used')
  }

  release(): void {
    this.client.release(this.broken)
  }
}
