import type { CompiledQuery, DatabaseConnection, Driver, QueryResult } from 'kysely'
import type pg from 'pg'
import type { Part } from './wire'
import { batch, bind, closeStatement, DESCRIBE, EXECUTE, parse, simpleQuery, SYNC } from './wire'

/**
 * The store's PostgreSQL driver, on node-postgres's pool and connections (startup, authentication, TLS,
 * timeouts, message parsing) but with its own statement exchange, because the store runs a fixed set of
 * SQL texts (server/db/sql.ts compiles each once) one after the other:
 * - every statement with parameters is a named prepared statement, parsed, planned and described once per
 *   connection, then only bound and executed (Kysely's driver sends each unnamed, planned anew each run);
 * - each statement goes out as ONE buffer (Bind + Execute + Sync), its rows are built with the row shape
 *   kept from its first run — none of pg's per-query Query/Result objects and separate writes;
 * - BEGIN is not sent alone: it waits and goes out in the same write as the transaction's first statement
 *   (one round trip less per transaction), and an empty transaction sends nothing at all.
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

/** A statement text as a named prepared statement: the name (a name means the same text on every connection). */
interface Named {
  /** The name, NUL-terminated, as Bind carries it. */
  readonly name: Buffer
  readonly parse: Part
  readonly close: Part
}

const named = new Map<string, Named>()

function namedFor(text: string): Named {
  let statement = named.get(text)
  if (statement === undefined) {
    const name = `lottery_${named.size}`
    named.set(text, (statement = { name: Buffer.from(`${name}\0`), parse: parse(name, text), close: closeStatement(name) }))
  }
  return statement
}

type Parser = (text: string) => unknown

/** The columns a statement returns (none for one without RETURNING) and how to read each. */
interface Shape {
  readonly names: readonly string[]
  readonly parsers: readonly Parser[]
}

const NO_COLUMNS: Shape = { names: [], parsers: [] }

/**
 * Per connection, by SQL text: the shape of a statement prepared there; PARSING while its first batch is
 * under way; UNSURE when a batch that parsed it failed (whether the Parse itself went through is unknown:
 * the next run closes it first).
 */
const PARSING = 'parsing'
const UNSURE = 'unsure'
type PreparedState = Shape | typeof PARSING | typeof UNSURE
const preparedOn = new WeakMap<pg.PoolClient, Map<string, PreparedState>>()

/** BEGIN … run in the same batch as the first statement: Parse, Bind and Execute of the unnamed statement, no Sync. */
const beginParts = new Map<string, Part>()
const BIND_UNNAMED = bind(Buffer.from([0]), [])

function beginPart(text: string): Part {
  let part = beginParts.get(text)
  if (part === undefined) {
    const bytes = batch([parse('', text), BIND_UNNAMED, EXECUTE])
    beginParts.set(text, (part = { size: bytes.length, write: (buf, at) => at + bytes.copy(buf, at) }))
  }
  return part
}

const TX_START = /^\s*(BEGIN|START\s+TRANSACTION)\b/i
const TX_END = /^\s*(COMMIT|END|ROLLBACK|ABORT)\s*;?\s*$/i
const CHANGES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])
const SQLSTATE = /^[0-9A-Z]{5}$/
const NOTHING: QueryResult<never> = { rows: [] }

class NamedStatementsConnection implements DatabaseConnection {
  /** Set when a statement failed outside a transaction's control: the connection is not reused. */
  private broken = false
  /** A BEGIN not sent yet: it goes out with the next statement. */
  private begin: string | undefined
  private readonly prepared: Map<string, PreparedState>

  constructor(private readonly client: pg.PoolClient) {
    let prepared = preparedOn.get(client)
    if (prepared === undefined) {
      preparedOn.set(client, (prepared = new Map()))
      // pg's pool listens for a connection's error only while it is idle: lost while lent out (PostgreSQL
      // restarted, the backend terminated), the error would end the process. The statement under way fails
      // with it, the next one with "not queryable", and the connection leaves the pool when released.
      client.on('error', () => {})
    }
    this.prepared = prepared
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const text = query.sql
    const values = query.parameters
    if (values.length === 0 && this.begin === undefined && TX_START.test(text)) {
      this.begin = text
      return Promise.resolve(NOTHING)
    }
    const begin = this.begin
    this.begin = undefined
    // A transaction that ran nothing: nothing was sent, nothing to end.
    if (begin !== undefined && values.length === 0 && TX_END.test(text)) return Promise.resolve(NOTHING)

    const parts: Part[] = []
    let statement: Named | undefined
    let parsing = false
    let shape: Shape | undefined
    if (values.length > 0) {
      statement = namedFor(text)
      // BEGIN first: parsing a statement takes a snapshot, after which BEGIN ISOLATION LEVEL … is refused.
      if (begin !== undefined) parts.push(beginPart(begin))
      const state = this.prepared.get(text)
      parsing = state === undefined || state === UNSURE
      if (state === UNSURE) parts.push(statement.close)
      if (parsing) {
        parts.push(statement.parse)
        // The same text queued again behind this one on the connection is not parsed twice.
        this.prepared.set(text, PARSING)
      } else if (typeof state === 'object') shape = state
      parts.push(bind(statement.name, values))
      if (shape === undefined) parts.push(DESCRIBE)
      parts.push(EXECUTE, SYNC)
    } else if (begin !== undefined) {
      // Statements without parameters (COMMIT, advisory locks) are not worth preparing: unnamed here, a simple query alone.
      parts.push(beginPart(begin), parse('', text), BIND_UNNAMED, DESCRIBE, EXECUTE, SYNC)
    } else parts.push(simpleQuery(text))

    return new Promise<QueryResult<R>>((resolve, reject) => {
      const exchange = new Exchange(
        batch(parts),
        shape,
        begin === undefined ? 0 : 1,
        (oid) => this.client.getTypeParser(oid, 'text') as Parser,
        (result) => {
          if (statement !== undefined && shape === undefined) this.prepared.set(text, exchange.shape ?? NO_COLUMNS)
          resolve(result as QueryResult<R>)
        },
        (err, lost) => {
          if (parsing) this.prepared.set(text, UNSURE)
          // A lost connection leaves the pool.
          if (lost) this.broken = true
          reject(err)
        },
      )
      this.client.query(exchange)
    })
  }

  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('the store reads in keyset batches; streaming is not used')
  }

  release(): void {
    this.begin = undefined
    this.client.release(this.broken)
  }
}

interface Connection {
  stream: { writable: boolean; write(bytes: Buffer): boolean }
}

/**
 * One batch and its answer, as a pg "submittable": the client writes it when the connection is free
 * and hands it the parsed backend messages until ReadyForQuery (or the error, after which pg calls
 * nothing more on it).
 */
class Exchange {
  shape: Shape | undefined
  private readonly rows: Record<string, unknown>[] = []
  private command = ''
  /** A value the type parser refused (a BIGINT beyond 2^53): the statement's error, the connection fine. */
  private unreadable: unknown

  constructor(
    private readonly bytes: Buffer,
    shape: Shape | undefined,
    /** Command completions to pass over first (a BEGIN in the batch). */
    private skip: number,
    private readonly parserFor: (oid: number) => Parser,
    private readonly done: (result: QueryResult<unknown>) => void,
    /** `lost`: whether the connection may be unusable (not a statement PostgreSQL answered). */
    private readonly failed: (err: unknown, lost: boolean) => void,
  ) {
    this.shape = shape
  }

  submit(connection: Connection): Error | undefined {
    if (!connection.stream.writable) return new Error('PostgreSQL connection is closed')
    connection.stream.write(this.bytes)
    return undefined
  }

  handleRowDescription(msg: { fields: { name: string; dataTypeID: number }[] }): void {
    this.shape = { names: msg.fields.map((f) => f.name), parsers: msg.fields.map((f) => this.parserFor(f.dataTypeID)) }
  }

  handleDataRow(msg: { fields: (string | null)[] }): void {
    if (this.unreadable !== undefined) return
    const { names, parsers } = this.shape ?? NO_COLUMNS
    const row: Record<string, unknown> = {}
    try {
      for (let i = 0; i < names.length; i++) {
        const value = msg.fields[i]
        row[names[i] as string] = value == null ? null : (parsers[i] as Parser)(value)
      }
    } catch (err) {
      // Thrown here it would end the process (a socket callback): the statement fails at ReadyForQuery instead.
      this.unreadable = err
    }
    this.rows.push(row)
  }

  handleCommandComplete(msg: { text: string }): void {
    if (this.skip > 0) this.skip--
    else this.command = msg.text
  }

  handleEmptyQuery(): void {}

  handleError(err: unknown): void {
    // A statement's error carries a SQLSTATE; one without (connection lost, closed) or a FATAL one
    // (terminated by an administrator, server shutting down) leaves the connection unusable.
    const e = err as { code?: unknown; severity?: unknown } | null
    this.failed(err, !SQLSTATE.test(String(e?.code)) || e?.severity === 'FATAL' || e?.severity === 'PANIC')
  }

  handleReadyForQuery(): void {
    if (this.unreadable !== undefined) return this.failed(this.unreadable, false)
    // "INSERT 0 5", "UPDATE 5", "SELECT 5": the count is the last word.
    const space = this.command.indexOf(' ')
    const changes = space > 0 && CHANGES.has(this.command.slice(0, space))
    this.done({ rows: this.rows, numAffectedRows: changes ? BigInt(this.command.slice(this.command.lastIndexOf(' ') + 1)) : undefined })
  }
}
