import { AsyncLocalStorage } from 'node:async_hooks'
import type { DatabaseConnection, Driver, Kysely, QueryResult, RawBuilder } from 'kysely'
import { CompiledQuery } from 'kysely'

/**
 * The one way the store reaches the database, whichever the engine: statements
 * written once as portable SQL (Kysely's `sql` template, compiled once per
 * store by the engine's dialect), and transactions carried by AsyncLocalStorage
 * so that every store call awaited inside `transaction(fn)` runs on its connection.
 */

export type Engine = 'sqlite' | 'postgres'

/** The `index`-th argument of a statement: a placeholder in its SQL, filled on each run. */
class Arg {
  constructor(readonly index: number) {}
}

/** Placeholders for a statement's arguments, in the order the runner receives them: `const [a, b] = args`. */
export const args: readonly Arg[] = Array.from({ length: 16 }, (_, i) => new Arg(i))

/** A statement compiled once; each run fills its placeholders and executes on the current connection. */
export interface Statement<R> {
  /** Every row. */
  all(...values: unknown[]): Promise<R[]>
  /** The first row, or undefined. */
  get(...values: unknown[]): Promise<R | undefined>
  /** The rows it changed (INSERT, UPDATE, DELETE; with ON CONFLICT DO NOTHING, 0 when nothing was inserted). */
  run(...values: unknown[]): Promise<number>
}

interface Tx {
  connection: DatabaseConnection
  /** Run after COMMIT, in order; dropped on rollback. */
  after: (() => void)[]
}

/** PostgreSQL's serialization failure and deadlock: the transaction is retried from the start. */
const RETRYABLE = new Set(['40001', '40P01'])
const TX_ATTEMPTS = 3

const BEGIN = {
  sqlite: { write: CompiledQuery.raw('BEGIN IMMEDIATE'), read: CompiledQuery.raw('BEGIN') },
  postgres: {
    write: CompiledQuery.raw('BEGIN ISOLATION LEVEL READ COMMITTED'),
    read: CompiledQuery.raw('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'),
  },
}
const COMMIT = CompiledQuery.raw('COMMIT')
const ROLLBACK = CompiledQuery.raw('ROLLBACK')

export class Sql {
  private readonly current = new AsyncLocalStorage<Tx>()
  private ready: Promise<void> | undefined
  private initialized = false
  /** Statements and transactions under way outside a transaction: close() lets them finish. */
  private readonly busy = new Set<Promise<unknown>>()

  constructor(
    /** Builds and compiles the statements (never runs them: see `execute`). */
    private readonly kysely: Kysely<unknown>,
    /** The engine's Kysely driver: its connections run the compiled statements. */
    private readonly driver: Driver,
    readonly engine: Engine,
  ) {}

  /** Compile `query` (placeholders from `args`) for this engine, once. */
  prepare<R>(query: RawBuilder<R>): Statement<R> {
    const compiled = query.compile(this.kysely)
    const slots = compiled.parameters.map((p) => (p instanceof Arg ? p.index : -1))
    const execute = (values: unknown[]) =>
      this.execute<R>({ ...compiled, parameters: slots.map((slot, i) => (slot < 0 ? compiled.parameters[i] : values[slot])) })
    // Plain promise chains, no async functions: every promise costs on the award path (AsyncLocalStorage's hooks).
    return {
      all: (...values) => execute(values).then((result) => result.rows),
      get: (...values) => execute(values).then((result) => result.rows[0]),
      run: (...values) => execute(values).then((result) => Number(result.numAffectedRows ?? 0)),
    }
  }

  /**
   * Run a compiled statement on the current transaction's connection, or on one of its own.
   * Straight on the driver's connection: Kysely's executor adds a dozen promises per statement
   * (plugins, connection providers), more than the statement itself costs on SQLite.
   */
  private execute<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
    const tx = this.current.getStore()
    if (tx) return tx.connection.executeQuery(query)
    return this.track(
      this.acquire().then((connection) => connection.executeQuery<R>(query).finally(() => this.driver.releaseConnection(connection))),
    )
  }

  private acquire(): Promise<DatabaseConnection> {
    if (this.initialized) return this.driver.acquireConnection()
    this.ready ??= this.driver.init().then(() => {
      this.initialized = true
    })
    return this.ready.then(() => this.driver.acquireConnection())
  }

  /**
   * Run `fn` as one write transaction; store calls awaited inside it run in it, a nested call joins it.
   * SQLite: BEGIN IMMEDIATE takes the write lock first (waiting out other processes, busy_timeout), on
   * the one connection, which the driver keeps from every other request meanwhile. PostgreSQL: READ
   * COMMITTED, retried whole on a serialization failure or deadlock — so `fn` keeps its side effects
   * for `afterCommit`.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.run('write', fn)
  }

  /** Run `fn` as one consistent read (one snapshot). */
  read<T>(fn: () => Promise<T>): Promise<T> {
    return this.run('read', fn)
  }

  /** Run `effect` once the current transaction has committed (never if it rolls back); at once outside one. */
  afterCommit(effect: () => void): void {
    const tx = this.current.getStore()
    if (tx) tx.after.push(effect)
    else effect()
  }

  private run<T>(mode: 'write' | 'read', fn: () => Promise<T>): Promise<T> {
    if (this.current.getStore()) return fn()
    return this.track(this.retried(mode, fn))
  }

  private async retried<T>(mode: 'write' | 'read', fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(mode, fn)
      } catch (err) {
        if (attempt >= TX_ATTEMPTS || !RETRYABLE.has(String((err as { code?: unknown }).code))) throw err
      }
    }
  }

  private async once<T>(mode: 'write' | 'read', fn: () => Promise<T>): Promise<T> {
    const connection = await this.acquire()
    try {
      const tx: Tx = { connection, after: [] }
      await connection.executeQuery(BEGIN[this.engine][mode])
      let out: T
      try {
        out = await this.current.run(tx, fn)
        await connection.executeQuery(COMMIT)
      } catch (err) {
        // A failed BEGIN or COMMIT may have left no transaction open: the first error is the one to report.
        await connection.executeQuery(ROLLBACK).catch(() => {})
        throw err
      }
      for (const effect of tx.after) effect()
      return out
    } finally {
      await this.driver.releaseConnection(connection)
    }
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.busy.add(work)
    const done = () => void this.busy.delete(work)
    work.then(done, done)
    return work
  }

  /** Close once the work under way has finished (a background write begun before close is not cut off). */
  async close(): Promise<void> {
    // Work queued just before (a promise callback yet to run, such as a page-view flush) gets a turn to start.
    await new Promise((resolve) => setImmediate(resolve))
    await Promise.allSettled([...this.busy])
    if (this.ready) await this.ready.catch(() => {})
    await this.driver.destroy()
  }
}
