import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'

/** How the server connects to PostgreSQL (docs/DEPLOY.md, “PostgreSQL”). */
export interface PostgresOptions {
  /** Connections this process keeps at most (PG_POOL_MAX, default 10). */
  poolMax?: number
  /** A statement running longer is cancelled by the server (PG_STATEMENT_TIMEOUT_MS, default 10 s; 0 = none). */
  statementTimeoutMs?: number
  /** Wait for a connection (new or from the pool) at most this long (PG_CONNECT_TIMEOUT_MS, default 10 s). */
  connectTimeoutMs?: number
  /** The schema to work in (search_path); overrides the URL's `?schema=`. Absent: the database's default (public). */
  schema?: string
  /** Told to PostgreSQL (pg_stat_activity.application_name) unless the URL has `?application_name=`. */
  applicationName?: string
  /** An idle pooled connection failed (the server restarted, the network dropped): the pool replaces it. */
  onIdleError?: (err: Error) => void
}

export const POSTGRES_DEFAULTS = { poolMax: 10, statementTimeoutMs: 10_000, connectTimeoutMs: 10_000 } as const

/** `postgres://…` or `postgresql://…`. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim())
}

function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer in [${min}, ${max}], got '${raw}'`)
  return n
}

/** The settings from the environment: PG_POOL_MAX, PG_STATEMENT_TIMEOUT_MS, PG_CONNECT_TIMEOUT_MS. */
export function postgresOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PostgresOptions {
  return {
    poolMax: envInt(env, 'PG_POOL_MAX', POSTGRES_DEFAULTS.poolMax, 1, 1000),
    statementTimeoutMs: envInt(env, 'PG_STATEMENT_TIMEOUT_MS', POSTGRES_DEFAULTS.statementTimeoutMs, 0, 86_400_000),
    connectTimeoutMs: envInt(env, 'PG_CONNECT_TIMEOUT_MS', POSTGRES_DEFAULTS.connectTimeoutMs, 100, 600_000),
  }
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'postgres://(unparsable URL)'
  }
}

/**
 * Split our own `?schema=` parameter off the URL (node-postgres does not know it): the connection string
 * for pg and the schema. The name must be a plain identifier: it goes into the search_path unquoted.
 */
export function splitSchema(url: string): { connectionString: string; schema: string | undefined } {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new Error(`DATABASE_URL is not a valid URL: ${redactUrl(url)}`)
  }
  const schema = u.searchParams.get('schema') ?? undefined
  u.searchParams.delete('schema')
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`DATABASE_URL: ?schema= must be a plain identifier (letters, digits, _), got '${schema}'`)
  return { connectionString: u.toString(), schema }
}

/** BIGINT (COUNT(*), ids, epoch ms) as a Number; every value we store stays below 2^53, and one that does not is an error, not a rounded figure. */
function parseInt8(text: string): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n)) throw new RangeError(`PostgreSQL returned the BIGINT ${text}, beyond JavaScript's safe integers`)
  return n
}

const INT8_OID = 20
const NUMERIC_OID = 1700

/** Per pool, not pg.types globally: other pg users in the process keep the driver's defaults. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === INT8_OID) return parseInt8
    // SUM over BIGINT and AVG are NUMERIC: the figures we sum are integers well below 2^53.
    if (format !== 'binary' && oid === NUMERIC_OID) return Number
    return pg.types.getTypeParser(oid, format ?? 'text')
  }) as pg.CustomTypesConfig['getTypeParser'],
}

/** Why the first connection failed, in words an operator can act on (the password never shown). */
export function explainConnectError(err: unknown, url: string): string {
  const e = err as { code?: string; message?: string }
  const where = redactUrl(url)
  let host = '?'
  let database = '?'
  let user = '?'
  try {
    const u = new URL(url)
    host = `${u.hostname || 'localhost'}:${u.port || '5432'}`
    user = decodeURIComponent(u.username) || '(the OS user)'
    // libpq's rule: no database in the URL means the user's name.
    database = decodeURIComponent(u.pathname.slice(1)) || user
  } catch {
    // redactUrl already says it does not parse
  }
  const detail = e.message ?? String(err)
  switch (e.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return `PostgreSQL at ${host} is unreachable (${e.code}): is it running and listening there? Check DATABASE_URL's host and port (${where})`
    case '28P01':
    case '28000':
      return `PostgreSQL at ${host} refused user '${user}' (${e.code}: ${detail}): check the user and password in DATABASE_URL and pg_hba.conf (${where})`
    case '3D000':
      return `PostgreSQL at ${host} has no database '${database}' (${detail}): create it (createdb -O ${user} ${database}) or fix DATABASE_URL (${where})`
    case '53300':
      return `PostgreSQL at ${host} has no connection left (${detail}): raise max_connections or lower PG_POOL_MAX × processes (${where})`
    default:
      if (/timeout/i.test(detail)) return `PostgreSQL at ${host} did not answer in time (${detail}): is it reachable? (${where})`
      return `PostgreSQL at ${host}: cannot connect (${e.code ?? 'error'}: ${detail}) (${where})`
  }
}

/** The first connection failed: the server cannot start. `message` says what to fix. */
export class PostgresConnectError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause })
    this.name = 'PostgresConnectError'
  }
}

/**
 * A pg Pool for `url` (postgres://user:password@host:port/database[?schema=name&sslmode=…]), not yet
 * connected. Each pooled connection starts with the search_path, statement and idle-in-transaction timeouts and application name
 * in its startup packet (no extra round trip).
 */
export function postgresPool(url: string, options: PostgresOptions = {}): pg.Pool {
  const { connectionString, schema: urlSchema } = splitSchema(url)
  const schema = options.schema ?? urlSchema
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`PostgreSQL schema must be a plain identifier, got '${schema}'`)
  const pool = new pg.Pool({
    connectionString,
    max: options.poolMax ?? POSTGRES_DEFAULTS.poolMax,
    connectionTimeoutMillis: options.connectTimeoutMs ?? POSTGRES_DEFAULTS.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs ?? POSTGRES_DEFAULTS.statementTimeoutMs,
    // A transaction left open and idle as long (a process stalled between two statements) is ended by the
    // server, its locks (a participant's row, a prize's stock) released: never held for everyone else.
    idle_in_transaction_session_timeout: options.statementTimeoutMs ?? POSTGRES_DEFAULTS.statementTimeoutMs,
    // A fallback: the URL's ?application_name= wins (the bench names its servers' connections that way).
    fallback_application_name: options.applicationName ?? 'lottery',
    options: schema ? `-c search_path=${schema}` : undefined,
    types: TYPES,
  })
  // Without a listener an idle connection's error (server restart) would end the process.
  pool.on('error', options.onIdleError ?? ((err) => console.error(`[lottery] PostgreSQL connection lost (the pool replaces it): ${err.message}`)))
  return pool
}

/**
 * A connected pg Pool for `url` (postgresPool). One connection is made before returning, so a wrong
 * URL fails here with PostgresConnectError rather than on the first request.
 */
export async function connectPostgres(url: string, options: PostgresOptions = {}): Promise<pg.Pool> {
  const pool = postgresPool(url, options)
  try {
    const client = await pool.connect()
    client.release()
  } catch (err) {
    await pool.end().catch(() => {})
    throw new PostgresConnectError(explainConnectError(err, url), err)
  }
  return pool
}

/** A Kysely on a connected pg Pool for `url` (connectPostgres). Migrating is the caller's (migrations.ts). */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Kysely<any>> {
  return new Kysely<any>({ dialect: new PostgresDialect({ pool: await connectPostgres(url, options) }) })
}
