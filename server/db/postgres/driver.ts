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
 * - statements issued on a connection without waiting for each other (a Promise.all, writes deferred to
 *   COMMIT: sql.ts) are pipelined: ONE buffer (each one's Bind + Execute, one Sync at the end), one round
 *   trip, each statement's rows built with the row shape kept from its first run — none of pg's per-query
 *   Query/Result objects and separate writes. One batch is out at a time: pg's client never queues ours;
 * - BEGIN is not sent alone: it waits and goes out in the same write as the transaction's first statement
 *   (one round trip less per transaction), and an empty transaction sends nothing at all.
 * One Sync per batch, not per statement: after an error PostgreSQL skips the rest up to the Sync, so a
 * statement (or COMMIT) queued behind a failed one is never run in the aborted transaction (rejected as
 * NotRun), and pg's client, which ends its active query at ReadyForQuery, sees one per batch.
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
const COMMIT = /^\s*(COMMIT|END)\s*;?\s*$/i
const CHANGES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])
const SQLSTATE = /^[0-9A-Z]{5}$/
const NOTHING: QueryResult<never> = { rows: [] }

/** A statement of a batch that did not run: one before it in the same batch failed (PostgreSQL skipped the rest). */
export class NotRun extends Error {
  constructor(cause: unknown) {
    super(`statement not run: an earlier statement sent with it failed (${(cause as Error | null)?.message ?? String(cause)})`, { cause })
    this.name = 'NotRun'
  }
}

/** One statement queued on a connection, until its batch goes out and is answered. */
interface Step {
  readonly text: string
  /** Its Bind message (statements with parameters; none: an unnamed statement). */
  readonly bind: Part | undefined
  /** A held-back BEGIN that goes out just before it. */
  readonly begin: string | undefined
  resolve(result: QueryResult<unknown>): void
  reject(err: unknown): void
  // Filled when its batch is built and answered:
  /** Whether this run parses its named statement (its state is then PARSING until answered). */
  parsing: boolean
  /** Its named statement's shape as known when sent (undefined: described in this run). */
  shape: Shape | undefined
  /** Inside an explicit transaction when it ran (else PostgreSQL's implicit one of the batch). */
  inTransaction: boolean
  rows: Record<string, unknown>[]
  command: string
  /** A value the type parser refused (a BIGINT beyond 2^53): the statement's error, the connection fine. */
  unreadable: unknown
}

class NamedStatementsConnection implements DatabaseConnection {
  /** Set when a statement failed outside a transaction's control: the connection is not reused. */
  private broken = false
  /** A BEGIN not sent yet: it goes out with the next statement. */
  private begin: string | undefined
  /** Statements issued, not sent yet: they go out together in the next batch. */
  private queue: Step[] = []
  /** A batch is out and not answered yet (or a flush is scheduled): new statements wait in `queue`. */
  private busy = false
  /** Whether the statements sent so far leave an explicit transaction open. */
  private inTransaction = false
  private readonly prepared: Map<string, PreparedState>
  private readonly parserFor = (oid: number): Parser => this.client.getTypeParser(oid, 'text') as Parser
  private readonly flush = (): void => this.send()

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

  /**
   * Queue the statement; statements issued on the connection without waiting for each other (a
   * Promise.all, writes issued before COMMIT) go out in ONE batch — one write, one Sync, one round trip —
   * once the work already under way in this turn of the event loop is done (process.nextTick: after
   * every promise callback ready to run, before any I/O), or when the batch out before them is answered.
   */
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const text = query.sql
    const values = query.parameters
    if (values.length === 0 && this.begin === undefined && TX_START.test(text)) {
      this.begin = text
      return Promise.resolve(NOTHING)
    }
    // Encoded now: a value that cannot be sent fails its own statement, before a held BEGIN is taken.
    let encoded: Part | undefined
    try {
      encoded = values.length > 0 ? bind(namedFor(text).name, values) : undefined
    } catch (err) {
      return Promise.reject(err)
    }
    const begin = this.begin
    this.begin = undefined
    // A transaction that ran nothing: nothing was sent, nothing to end.
    if (begin !== undefined && values.length === 0 && TX_END.test(text)) return Promise.resolve(NOTHING)
    return new Promise<QueryResult<R>>((resolve, reject) => {
      this.queue.push({
        text,
        bind: encoded,
        begin,
        resolve: resolve as Step['resolve'],
        reject,
        parsing: false,
        shape: undefined,
        inTransaction: false,
        rows: [],
        command: '',
        unreadable: undefined,
      })
      if (!this.busy) {
        this.busy = true
        process.nextTick(this.flush)
      }
    })
  }

  /** Send the queued statements as one batch (one Sync at its end: PostgreSQL skips the rest after an error). */
  private send(): void {
    const steps = this.queue
    if (steps.length === 0) {
      this.busy = false
      return
    }
    this.queue = []
    const parts: Part[] = []
    // A statement without parameters (COMMIT, advisory locks) alone is not worth preparing: a simple query,
    // which brings its own ReadyForQuery (so never one of several).
    const simple = steps.length === 1 && steps[0]?.bind === undefined && steps[0]?.begin === undefined
    for (const step of steps) {
      const { text, begin } = step
      if (begin !== undefined) {
        // BEGIN first: parsing a statement takes a snapshot, after which BEGIN ISOLATION LEVEL … is refused.
        parts.push(beginPart(begin))
        this.inTransaction = true
      }
      step.inTransaction = this.inTransaction
      if (step.bind !== undefined) {
        const statement = namedFor(text)
        const state = this.prepared.get(text)
        step.parsing = state === undefined || state === UNSURE
        if (state === UNSURE) parts.push(statement.close)
        if (step.parsing) {
          parts.push(statement.parse)
          // The same text again in this batch is not parsed twice.
          this.prepared.set(text, PARSING)
        } else if (typeof state === 'object') step.shape = state
        parts.push(step.bind)
        if (step.shape === undefined) parts.push(DESCRIBE)
        parts.push(EXECUTE)
      } else if (simple) parts.push(simpleQuery(text))
      else parts.push(parse('', text), BIND_UNNAMED, DESCRIBE, EXECUTE)
      if (TX_END.test(text)) this.inTransaction = false
    }
    if (!simple) parts.push(SYNC)
    this.client.query(new Exchange(batch(parts), steps, this.parserFor, (lost) => this.answered(steps, lost)))
  }

  /** The batch was answered (or failed): record what each statement prepared, send what queued meanwhile. */
  private answered(steps: Step[], failed: boolean | 'lost'): void {
    for (const step of steps) {
      if (!step.parsing) continue
      // In a failed batch, whether a Parse went through is not known: the next run closes it first.
      this.prepared.set(step.text, failed ? UNSURE : (step.shape ?? NO_COLUMNS))
    }
    // A lost connection leaves the pool.
    if (failed === 'lost') this.broken = true
    // After an error pg's client is not ready until PostgreSQL's ReadyForQuery: it holds the next batch till then.
    if (this.queue.length > 0) process.nextTick(this.flush)
    else this.busy = false
  }

  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('the store reads in keyset batches; streaming is not used')
  }

  release(): void {
    this.begin = undefined
    this.inTransaction = false
    this.client.release(this.broken)
  }
}

interface Connection {
  stream: { writable: boolean; write(bytes: Buffer): boolean }
}

/**
 * One batch and its answers, as a pg "submittable": the client writes it when the connection is free
 * and hands it the parsed backend messages until ReadyForQuery (or the error, after which pg calls
 * nothing more on it). Each statement's messages end with its CommandComplete; a BEGIN sent with a
 * statement completes just before it.
 */
class Exchange {
  /** Statements in the batch (tests count them). */
  readonly statements: number
  /** The statement the backend messages are about. */
  private at = 0
  /** The BEGIN before `at` has completed (or there was none). */
  private begun: boolean

  constructor(
    private readonly bytes: Buffer,
    private readonly steps: Step[],
    private readonly parserFor: (oid: number) => Parser,
    /** Called once the batch is over: false when answered, true when a statement failed, 'lost' when the connection may be unusable. */
    private readonly done: (failed: boolean | 'lost') => void,
  ) {
    this.statements = steps.length
    this.begun = steps[0]?.begin === undefined
  }

  submit(connection: Connection): Error | undefined {
    if (!connection.stream.writable) return new Error('PostgreSQL connection is closed')
    connection.stream.write(this.bytes)
    return undefined
  }

  handleRowDescription(msg: { fields: { name: string; dataTypeID: number }[] }): void {
    const step = this.steps[this.at]
    // (Never past the last statement; a socket callback must not throw.)
    if (step === undefined) return
    step.shape = { names: msg.fields.map((f) => f.name), parsers: msg.fields.map((f) => this.parserFor(f.dataTypeID)) }
  }

  handleDataRow(msg: { fields: (string | null)[] }): void {
    const step = this.steps[this.at]
    if (step === undefined || step.unreadable !== undefined) return
    const { names, parsers } = step.shape ?? NO_COLUMNS
    const row: Record<string, unknown> = {}
    try {
      for (let i = 0; i < names.length; i++) {
        const value = msg.fields[i]
        row[names[i] as string] = value == null ? null : (parsers[i] as Parser)(value)
      }
    } catch (err) {
      // Thrown here it would end the process (a socket callback): the statement fails when the batch is answered instead.
      step.unreadable = err
    }
    step.rows.push(row)
  }

  handleCommandComplete(msg: { text: string }): void {
    if (!this.begun) {
      this.begun = true
      return
    }
    const step = this.steps[this.at]
    if (step !== undefined) step.command = msg.text
    this.next()
  }

  handleEmptyQuery(): void {
    this.next()
  }

  private next(): void {
    this.at++
    this.begun = this.steps[this.at]?.begin === undefined
  }

  handleError(err: unknown): void {
    // A statement's error carries a SQLSTATE; one without (connection lost, closed) or a FATAL one
    // (terminated by an administrator, server shutting down) leaves the connection unusable.
    const e = err as { code?: unknown; severity?: unknown } | null
    const lost = !SQLSTATE.test(String(e?.code)) || e?.severity === 'FATAL' || e?.severity === 'PANIC'
    this.done(lost ? 'lost' : true)
    this.steps.forEach((step, i) => {
      if (lost || i === this.at) step.reject(err)
      else if (i > this.at) step.reject(new NotRun(err))
      // Before the failed one: done, inside the transaction the caller now rolls back; outside one, the
      // batch's implicit transaction rolled it back with the failed one.
      else if (step.inTransaction) this.settle(step)
      else step.reject(new NotRun(err))
    })
  }

  handleReadyForQuery(): void {
    this.done(false)
    for (const step of this.steps) this.settle(step)
  }

  private settle(step: Step): void {
    if (step.unreadable !== undefined) return step.reject(step.unreadable)
    const command = step.command
    // A COMMIT in a transaction a statement had aborted rolls it back, answered "ROLLBACK": never a success.
    if (command === 'ROLLBACK' && COMMIT.test(step.text)) return step.reject(new Error('COMMIT rolled the transaction back: a statement in it had failed'))
    // "INSERT 0 5", "UPDATE 5", "SELECT 5": the count is the last word.
    const space = command.indexOf(' ')
    const changes = space > 0 && CHANGES.has(command.slice(0, space))
    step.resolve({ rows: step.rows, numAffectedRows: changes ? BigInt(command.slice(command.lastIndexOf(' ') + 1)) : undefined })
  }
}
