import Database from 'better-sqlite3'
import type pg from 'pg'
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { DatabaseConnection, Driver, SqliteDatabase, SqliteStatement } from 'kysely'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import { migrate } from './migrations'
import type { PostgresOptions } from './postgres/connection'
import { connectPostgres, isPostgresUrl, postgresOptionsFromEnv } from './postgres/connection'
import { NamedStatementsDriver } from './postgres/driver'
import { migratePostgres } from './postgres/migrations'
import { createStore, type Store } from './queries'
import type { QueueingDriver } from './sql'
import { Sql } from './sql'

export type Db = Database.Database

export interface OpenOptions {
  /** SQLite: the connection's own WAL checkpoint threshold, pages (the server checkpoints on a thread, checkpoint.ts). */
  autocheckpointPages?: number
  /** PostgreSQL: pool and timeouts (default: from the environment, postgresOptionsFromEnv). */
  postgres?: PostgresOptions
}

/** The SQLite file a DATABASE_URL names (a path or `sqlite:<path>`), or null for another engine. */
export function sqlitePath(url: string): string | null {
  if (isPostgresUrl(url)) return null
  const path = url.replace(/^sqlite:(\/\/)?/i, '')
  return path === ':memory:' ? path : resolve(path)
}

/**
 * Open the store `url` names (DATABASE_URL: a file path, `sqlite:<path>` or `postgres://…`), its schema
 * brought up to date. PostgreSQL connects and migrates (under an advisory lock: processes starting
 * together migrate once) before it answers.
 */
export async function openStore(url: string, options: OpenOptions = {}): Promise<Store> {
  const path = sqlitePath(url)
  if (path !== null) return openSqliteStore(path, options)
  const pool = await connectPostgres(url, options.postgres ?? postgresOptionsFromEnv())
  // This Kysely shares the store's pool: not destroyed here on success (the store ends the pool when it closes).
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) })
  try {
    await migratePostgres(db)
  } catch (err) {
    await db.destroy()
    throw err
  }
  return postgresStore(pool)
}

/** The store over a pool (or a pool to come) whose schema is migrated; the pool is ended with the store. */
export function postgresStore(pool: pg.Pool | (() => Promise<pg.Pool>)): Store {
  // Kysely here only compiles the statements (PostgreSQL's placeholders); NamedStatementsDriver runs them.
  const compiler = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: () => Promise.reject(new Error('compile only')) }) })
  return createStore(new Sql(compiler, new NamedStatementsDriver(pool), 'postgres'))
}

/** The SQLite store on `path`, ready at once (tests and tools that stay synchronous). */
export function openSqliteStore(path: string, options: OpenOptions = {}): Store {
  return sqliteStore(openDatabase(path, options))
}

/** The store over an open, migrated SQLite handle (closed with the store). */
export function sqliteStore(raw: Db): Store {
  const dialect = new CachedSqliteDialect(raw)
  return createStore(new Sql(new Kysely<unknown>({ dialect }), dialect.createDriver(), 'sqlite'))
}

/**
 * Open (creating if needed) the database file and bring its schema up to date.
 * WAL lets readers run beside the single writer; synchronous=NORMAL is durable
 * across a process crash in WAL mode (only an OS crash can lose the last commits).
 * busy_timeout: another process holding the write lock is waited for, up to 5 s.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
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

/**
 * Kysely's SQLite dialect with two changes for speed. Statements are prepared once per SQL text
 * (better-sqlite3 compiles on every prepare; the store's texts are a fixed set). And the one
 * connection is handed to its waiters first come, first served: Kysely's own mutex wakes every
 * waiter on each release, which under a crowd costs more than the queries.
 */
class CachedSqliteDialect extends SqliteDialect {
  private readonly cached: SqliteDatabase

  constructor(raw: Db) {
    const statements = new Map<string, SqliteStatement>()
    const cached: SqliteDatabase = {
      close: () => raw.close(),
      prepare(text) {
        let statement = statements.get(text)
        if (!statement) statements.set(text, (statement = raw.prepare(text) as unknown as SqliteStatement))
        return statement
      },
    }
    super({ database: cached })
    this.cached = cached
  }

  override createDriver(): Driver {
    return new QueuedDriver(super.createDriver(), this.cached)
  }
}

/** A driver whose single connection is taken from Kysely's once and then lent out in arrival order. */
class QueuedDriver implements QueueingDriver {
  private connection: DatabaseConnection | undefined
  private busy = false
  private readonly waiting: ((connection: DatabaseConnection) => void)[] = []

  constructor(
    private readonly inner: Driver,
    private readonly database: SqliteDatabase,
  ) {}

  async init(): Promise<void> {
    await this.inner.init()
    this.connection = await this.inner.acquireConnection()
  }

  acquireConnection(): Promise<DatabaseConnection> {
    const connection = this.connection as DatabaseConnection
    if (!this.busy) {
      this.busy = true
      return Promise.resolve(connection)
    }
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  queued(): number {
    return this.waiting.length
  }

  releaseConnection(): Promise<void> {
    const next = this.waiting.shift()
    if (next) next(this.connection as DatabaseConnection)
    else this.busy = false
    return Promise.resolve()
  }

  beginTransaction: Driver['beginTransaction'] = (connection, settings) => this.inner.beginTransaction(connection, settings)
  commitTransaction: Driver['commitTransaction'] = (connection) => this.inner.commitTransaction(connection)
  rollbackTransaction: Driver['rollbackTransaction'] = (connection) => this.inner.rollbackTransaction(connection)

  async destroy(): Promise<void> {
    this.database.close()
  }
}
