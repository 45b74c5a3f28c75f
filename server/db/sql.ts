import { AsyncLocalStorage } from 'node:async_hooks'
import type { DatabaseConnection, Driver, Kysely, QueryResult, RawBuilder } from 'kysely'
import { CompiledQuery } from 'kysely'

/**
 * The one way the store reaches the database, whichever the engine: statements
 * written once as portable SQL (Kysely's `sql` template, compiled once per
 * store by the engine's dialect), run by an executor: the store's own (a connection
 * per statement) or a transaction's (its connection), which `transaction(fn)` hands
 * to `fn` explicitly — no AsyncLocalStorage, whose promise hooks tax every promise
 * of the process once it is used.
 */

export type Engine = 'sqlite' | 'postgres'

/** The `index`-th argument of a statement: a placeholder in its SQL, filled on each run. */
class Arg {
  constructor(readonly index: number) {}
}

/** Placeholders for a statement's arguments, in the order the runner receives them: `const [a, b] = args`. */
export const args: readonly Arg[] = Array.from({ length: 16 }, (_, i) => new Arg(i))

/** A statement compiled once; each run fills its placeholders and executes on `db`'s connection. */
export interface Statement<R> {
  /** Every row. */
  all(db: Executor, ...values: unknown[]): Promise<R[]>
  /** The first row, or undefined. */
  get(db: Executor, ...values: unknown[]): Promise<R | undefined>
  /** The rows it changed (INSERT, UPDATE, DELETE; with ON CONFLICT DO NOTHING, 0 when nothing was inserted). */
  run(db: Executor, ...values: unknown[]): Promise<number>
}

/** Where statements run: the store itself (outside any transaction) or one transaction (`transaction(fn)` hands it to `fn`). */
export interface Executor {
  readonly engine: Engine
  execute<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>
  /** One write transaction; inside one, `fn` joins it (runs with the same executor). */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>
  /** One consistent read (one snapshot); inside a transaction, `fn` joins it. */
  read<T>(fn: (tx: Executor) => Promise<T>): Promise<T>
  /** Run `effect` once the transaction has committed (never if it rolls back); at once outside one. */
  afterCommit(effect: () => void): void
  /**
   * Inside a transaction: `write`, issued and not awaited, is awaited before COMMIT, which goes out right
   * behind it (on PostgreSQL in the same batch: one round trip for the last writes and COMMIT). Only for
   * writes whose failure shows as an error — never one whose row count decides whether to go on.
   */
  defer(write: Promise<unknown>): void
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
const SAVEPOINT = CompiledQuery.raw('SAVEPOINT tx')
const RELEASE = CompiledQuery.raw('RELEASE tx')
const ROLLBACK_TO = CompiledQuery.raw('ROLLBACK TO tx')

/** Transactions one group commit takes at most (each waits for it: bounds the first one's latency). */
const GROUP_MAX = 32

/** A driver whose one connection others queue for (SQLite's): what lets transactions share a commit. */
export interface QueueingDriver extends Driver {
  /** How many wait for the connection now. */
  queued(): number
}

/**
 * SQLite's group commit: one write transaction (BEGIN IMMEDIATE … COMMIT) shared by the transactions and
 * statements that queued for the connection meanwhile, each transaction in a savepoint of its own. A
 * COMMIT writes every page it changed to the WAL, one write call per frame: the same pages (the tables'
 * last leaves, their indexes) written once per group instead of once per award. No one's result is
 * released before the group has committed, so nothing answers on data that could still be rolled back.
 */
class Group {
  size = 0
  /** Run after COMMIT, in order. */
  readonly after: (() => void)[] = []
  /** Set when a savepoint could not be rolled back: the group then rolls back whole. */
  broken: unknown = undefined
  readonly committed: Promise<void>
  settle!: (err?: unknown) => void

  constructor() {
    this.committed = new Promise<void>((resolve, reject) => {
      this.settle = (err) => (err === undefined ? resolve() : reject(err))
    })
    // Members that failed on their own do not wait for it.
    this.committed.catch(() => {})
  }
}

/** One transaction's executor: its connection, its after-commit effects. */
class Transaction implements Executor {
  /** Run after COMMIT, in order; dropped on rollback. */
  readonly after: (() => void)[] = []
  /** False once `fn` has settled: a later call is not the transaction's. */
  open = true
  /** Writes issued with `defer`, awaited before COMMIT. */
  readonly writes: Promise<unknown>[] = []

  constructor(
    readonly engine: Engine,
    private readonly connection: DatabaseConnection,
  ) {}

  execute<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
    // A `tx` kept past its callback would otherwise run on a connection that is no longer its transaction's.
    if (!this.open) return Promise.reject(new Error('a store call on a transaction that is over'))
    return this.connection.executeQuery(query)
  }

  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return fn(this)
  }

  read<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return fn(this)
  }

  afterCommit(effect: () => void): void {
    this.after.push(effect)
  }

  defer(write: Promise<unknown>): void {
    if (!this.open) throw new Error('a deferred write on a transaction that is over')
    // Handled here (a failure is thrown where the transaction awaits it): no unhandled rejection when `fn` fails first.
    write.catch(() => {})
    this.writes.push(write)
  }

  /** The deferred writes, in order: the first failure is thrown. */
  async written(): Promise<void> {
    for (const write of this.writes) await write
  }
}

/**
 * Misuse check, off in production: the transaction whose callback is running, so that a call on the
 * outer store from inside it throws. On SQLite that call would wait for the one connection the
 * transaction holds (a deadlock); on PostgreSQL it would run outside the transaction. Production
 * skips it: AsyncLocalStorage's hooks cost every promise of the process (~0.1 ms per award).
 */
const inside = process.env.NODE_ENV === 'production' ? undefined : new AsyncLocalStorage<Transaction>()

/** The error a store call on the outer store inside a transaction callback gets (tests and development). */
export class OuterStoreInTransaction extends Error {
  constructor() {
    super('a store call on the outer store inside a transaction callback: use the transaction\'s store (`tx`) it was handed')
  }
}

function checkOutside(): void {
  if (inside?.getStore()?.open) throw new OuterStoreInTransaction()
}

/** The store's own executor: compiles statements, runs each outside a transaction on a connection of its own, opens transactions. */
export class Sql implements Executor {
  private ready: Promise<void> | undefined
  private initialized = false
  /** Statements and transactions under way outside a transaction: close() lets them finish. */
  private pending = 0
  /** close() waiting for `pending` to reach 0. */
  private idle: (() => void) | undefined
  private readonly settled = (): void => {
    if (--this.pending === 0) this.idle?.()
  }
  /** SQLite: the driver that queues for its one connection (group commit), else undefined. */
  private readonly queue: QueueingDriver | undefined
  /** The group commit under way on the connection (SQLite), else null. */
  private group: Group | null = null

  constructor(
    /** Builds and compiles the statements (never runs them: see `execute`). */
    private readonly kysely: Kysely<unknown>,
    /** The engine's Kysely driver: its connections run the compiled statements. */
    private readonly driver: Driver,
    readonly engine: Engine,
  ) {
    this.queue = 'queued' in driver ? (driver as QueueingDriver) : undefined
  }

  /** Compile `query` (placeholders from `args`) for this engine, once. */
  prepare<R>(query: RawBuilder<R>): Statement<R> {
    const compiled = query.compile(this.kysely)
    const slots = compiled.parameters.map((p) => (p instanceof Arg ? p.index : -1))
    const execute = (db: Executor, values: unknown[]) =>
      db.execute<R>({ ...compiled, parameters: slots.map((slot, i) => (slot < 0 ? compiled.parameters[i] : values[slot])) })
    // Plain promise chains, no async functions: every promise costs on the award path.
    return {
      all: (db, ...values) => execute(db, values).then((result) => result.rows),
      get: (db, ...values) => execute(db, values).then((result) => result.rows[0]),
      run: (db, ...values) => execute(db, values).then((result) => Number(result.numAffectedRows ?? 0)),
    }
  }

  /**
   * Run a compiled statement on a connection of its own (outside any transaction).
   * Straight on the driver's connection: Kysely's executor adds a dozen promises per statement
   * (plugins, connection providers), more than the statement itself costs on SQLite.
   */
  execute<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
    checkOutside()
    return this.track(
      this.acquire().then((connection) =>
        this.group ? this.joinGroup(connection, this.group, () => connection.executeQuery<R>(query))
          : connection.executeQuery<R>(query).finally(() => this.driver.releaseConnection(connection)),
      ),
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
   * Run `fn` as one write transaction, handing it the transaction's executor.
   * SQLite: in a savepoint of a group commit (Group), whose BEGIN IMMEDIATE takes the write lock first
   * (waiting out other processes, busy_timeout), on the one connection, which the driver lends to the
   * group's members one at a time. PostgreSQL: READ
   * COMMITTED, retried whole on a serialization failure or deadlock — so `fn` keeps its side effects
   * for `afterCommit`.
   */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    checkOutside()
    return this.track(this.retried('write', fn))
  }

  /** Run `fn` as one consistent read (one snapshot). */
  read<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    checkOutside()
    return this.track(this.retried('read', fn))
  }

  /** Outside a transaction there is nothing to wait for: `effect` runs at once. */
  afterCommit(effect: () => void): void {
    checkOutside()
    effect()
  }

  /** Outside a transaction nothing would await it: a misuse. */
  defer(): void {
    throw new Error('defer() is for a transaction\'s writes (store.transaction)')
  }

  private async retried<T>(mode: 'write' | 'read', fn: (tx: Executor) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(mode, fn)
      } catch (err) {
        // A statement not run behind a failed one (driver.ts) carries that one's error as its cause.
        const e = err as { code?: unknown; cause?: { code?: unknown } }
        if (attempt >= TX_ATTEMPTS || !RETRYABLE.has(String(e.code ?? e.cause?.code))) throw err
      }
    }
  }

  private async once<T>(mode: 'write' | 'read', fn: (tx: Executor) => Promise<T>): Promise<T> {
    const connection = await this.acquire()
    if (this.queue && (this.group || mode === 'write')) {
      const group = this.group ?? (await this.openGroup(connection))
      return this.joinGroup(connection, group, () => this.inSavepoint(connection, group, fn))
    }
    try {
      const tx = new Transaction(this.engine, connection)
      await connection.executeQuery(BEGIN[this.engine][mode])
      let out: T
      try {
        try {
          out = await (inside ? inside.run(tx, fn, tx) : fn(tx))
        } finally {
          tx.open = false
        }
        // COMMIT right behind the deferred writes, before they are answered. Should one fail, PostgreSQL
        // skips the rest of the batch (COMMIT rejects as not run) or, sent later, answers COMMIT with a
        // rollback (an error, driver.ts): either way the write's error is thrown, never a success.
        const commit = connection.executeQuery(COMMIT)
        commit.catch(() => {})
        await tx.written()
        await commit
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

  /** Begin a group commit on `connection` (BEGIN IMMEDIATE: the write lock, waiting out other processes). */
  private async openGroup(connection: DatabaseConnection): Promise<Group> {
    try {
      await connection.executeQuery(BEGIN.sqlite.write)
    } catch (err) {
      await this.driver.releaseConnection(connection)
      throw err
    }
    return (this.group = new Group())
  }

  /** `fn` in a savepoint of the group: its writes undone alone if it fails; its effects after the group's COMMIT. */
  private async inSavepoint<T>(connection: DatabaseConnection, group: Group, fn: (tx: Executor) => Promise<T>): Promise<T> {
    await connection.executeQuery(SAVEPOINT)
    const tx = new Transaction(this.engine, connection)
    try {
      const out = await (inside ? inside.run(tx, fn, tx) : fn(tx))
      tx.open = false
      await tx.written()
      await connection.executeQuery(RELEASE)
      group.after.push(...tx.after)
      return out
    } catch (err) {
      tx.open = false
      await connection
        .executeQuery(ROLLBACK_TO)
        .then(() => connection.executeQuery(RELEASE))
        .catch((failed: unknown) => (group.broken ??= failed))
      throw err
    }
  }

  /**
   * Run `work` as a member of `group` on the connection, then pass the connection on to the next in the
   * queue within the group, or commit the group. The result is released once the group has committed.
   */
  private async joinGroup<T>(connection: DatabaseConnection, group: Group, work: () => Promise<T>): Promise<T> {
    group.size++
    let out: T | undefined
    let failure: { err: unknown } | undefined
    try {
      out = await work()
    } catch (err) {
      failure = { err }
    }
    if (!group.broken && group.size < GROUP_MAX && (await this.othersWaiting())) {
      await this.driver.releaseConnection(connection)
    } else {
      this.group = null
      let committed = false
      try {
        if (group.broken) throw group.broken
        await connection.executeQuery(COMMIT)
        committed = true
      } catch (err) {
        await connection.executeQuery(ROLLBACK).catch(() => {})
        group.settle(err)
      } finally {
        await this.driver.releaseConnection(connection)
      }
      if (committed) {
        // Before any member resumes (they wait for `committed`, a later microtask).
        group.settle()
        for (const effect of group.after) effect()
      }
    }
    // A member that failed wrote nothing that stays (its savepoint was rolled back): its error at once.
    if (failure) throw failure.err
    await group.committed
    return out as T
  }

  /**
   * Whether others wait for the connection, now or once the requests already received have had their
   * turn (one event-loop turn: a request's statements otherwise all run within its own, so none would
   * ever find the connection taken and a group would hold one transaction).
   */
  private async othersWaiting(): Promise<boolean> {
    const queue = this.queue as QueueingDriver
    if (queue.queued() > 0) return true
    await new Promise((resolve) => setImmediate(resolve))
    return queue.queued() > 0
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending++
    work.then(this.settled, this.settled)
    return work
  }

  /** Close once the work under way has finished (a background write begun before close is not cut off). */
  async close(): Promise<void> {
    // Work queued just before (a promise callback yet to run, such as a page-view flush) gets a turn to start.
    await new Promise((resolve) => setImmediate(resolve))
    if (this.pending > 0) await new Promise<void>((resolve) => (this.idle = resolve))
    if (this.ready) await this.ready.catch(() => {})
    await this.driver.destroy()
  }
}
