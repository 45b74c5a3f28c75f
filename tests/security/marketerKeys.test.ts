import Database from 'better-sqlite3'
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import type { TestServer } from '../server/helpers'
import { Code, PATHS } from '../../src/core/contract'
import { KEY_PATHS } from '../../src/core/marketerKeys'
import type { MarketerEnv } from '../../server/auth/marketer'
import { DEMO_KEY_TTL_MS, hashKey, isMarketer, requireMarketer, requireMarketerHeader } from '../../server/auth/marketer'
import { banner, boot } from '../../server/boot'
import { runKeys } from '../../server/cli/keys'
import { loadConfig } from '../../server/config'
import { resolveDeps } from '../../server/context'
import { openDatabase, openSqliteStore } from '../../server/db/connection'
import { Client, MARKETER_KEY, addActivity, config, makeServer } from '../server/helpers'
import { freshDatabaseUrl, ON_POSTGRES, sqliteOnly } from '../server/testDb'

/** Issue 11, finding 2: marketer keys can be guessed and never die. */

let s: TestServer
const drops: (() => Promise<void>)[] = []
afterEach(async () => {
  await s?.close()
  for (const drop of drops.splice(0)) await drop()
})

/** A database of its own (a file, or a schema on PostgreSQL), gone after the test. */
async function tempDb(): Promise<string> {
  const fresh = await freshDatabaseUrl()
  drops.push(fresh.drop)
  return fresh.url
}

const fromIp = (ip: string, headers: Record<string, string> = {}) => ({ headers: { 'x-forwarded-for': ip, ...headers } })

describe('guessing keys', () => {
  it('refuses key-bearing calls from an IP after 10 wrong keys in 10 minutes, logging the IP and never the key', async () => {
    const lines: string[] = []
    s = makeServer({ trustProxy: 1, log: (line) => lines.push(line) })
    await addActivity(s.app, 'guess', config())
    const c = new Client(s.app)
    for (let i = 0; i < 10; i++) {
      const wrong = await c.call(PATHS.list, { auth: `mk_guess_${i}_secretish` }, fromIp('203.0.113.9'))
      expect(wrong.body.code).toBe(Code.MARKETER_DENIED)
    }
    // Now even the right key is refused from that IP, on every marketer endpoint and in the header on index.
    expect((await c.call(PATHS.list, { auth: MARKETER_KEY }, fromIp('203.0.113.9'))).http).toBe(429)
    expect((await c.call(PATHS.redeem, { code: 'guess', awardcode: '123456789012', auth: MARKETER_KEY }, fromIp('203.0.113.9'))).http).toBe(429)
    expect((await c.call(PATHS.index, { code: 'guess' }, fromIp('203.0.113.9', { 'x-marketer-key': MARKETER_KEY }))).http).toBe(429)
    expect((await c.call(PATHS.index, { code: 'guess', auth: MARKETER_KEY }, fromIp('203.0.113.9'))).http).toBe(429)
    // Participants on that IP still play; other IPs are not affected.
    expect((await new Client(s.app).call(PATHS.index, { code: 'guess' }, fromIp('203.0.113.9'))).body.code).toBe(Code.OK)
    expect((await c.call(PATHS.list, { auth: MARKETER_KEY }, fromIp('198.51.100.7'))).body.code).toBe(Code.OK)
    // The failures age out.
    s.clock.now += 10 * 60 * 1000 + 1
    expect((await c.call(PATHS.list, { auth: MARKETER_KEY }, fromIp('203.0.113.9'))).body.code).toBe(Code.OK)

    expect(lines).toHaveLength(10)
    expect(lines.every((line) => line.includes('ip=203.0.113.9') && !line.includes('mk_guess'))).toBe(true)
    expect(lines[9]).toContain('refused for 10 min')
  })

  it('counts guesses through Activity/index auth (a miss reads as a bad ticket) too', async () => {
    s = makeServer({ trustProxy: 1, log: () => {} })
    await addActivity(s.app, 'guess', config())
    const c = new Client(s.app)
    for (let i = 0; i < 10; i++) {
      expect((await c.call(PATHS.index, { code: 'guess', auth: `guess-${i}-0123456789` }, fromIp('203.0.113.9'))).body.code).toBe(Code.TICKET_INVALID)
    }
    expect((await c.call(PATHS.index, { code: 'guess', auth: MARKETER_KEY }, fromIp('203.0.113.9'))).http).toBe(429)
  })
})

describe('where a key is read', () => {
  it('never takes a key from a GET query string', async () => {
    s = makeServer()
    await addActivity(s.app, 'q', config())
    const answer = await new Client(s.app).call<{ view: string }>(PATHS.index, { code: 'q', auth: MARKETER_KEY }, { method: 'GET' })
    expect(answer.body.code).toBe(Code.MARKETER_DENIED)
    expect(answer.body.data).toBeNull()
    // The header still works on GET, the body on POST.
    const header = await new Client(s.app).call<{ view: string }>(PATHS.index, { code: 'q' }, { method: 'GET', headers: { 'x-marketer-key': MARKETER_KEY } })
    expect(header.body.data.view).toBe('marketer')
    expect((await new Client(s.app).call<{ view: string }>(PATHS.index, { code: 'q', auth: MARKETER_KEY })).body.data.view).toBe('marketer')
  })
})

describe('keys API', () => {
  it('creates a key shown once, lists keys without secrets, revokes one', async () => {
    s = makeServer()
    const c = new Client(s.app)
    const created = await c.call<{ key: string; info: { id: number; prefix: string; label: string } }>(KEY_PATHS.create, { auth: MARKETER_KEY, label: '门店 A' })
    expect(created.body.code).toBe(Code.OK)
    const { key, info } = created.body.data
    expect(key).toMatch(/^mk_[A-Za-z0-9_-]{32}$/)
    expect(key.startsWith(info.prefix)).toBe(true)
    expect((await c.call(PATHS.list, {}, { headers: { 'x-marketer-key': key } })).body.code).toBe(Code.OK)

    const list = await c.call<{ id: number; label: string; last_used_at: number | null; current: boolean }[]>(KEY_PATHS.list, { auth: key })
    expect(list.body.data.map((k) => k.label)).toEqual(['门店 A', 'test'])
    expect(list.body.data[0]).toMatchObject({ current: true })
    expect(list.body.data[0]?.last_used_at).not.toBeNull()
    expect(JSON.stringify(list.body)).not.toContain(key)

    const revoked = await c.call(KEY_PATHS.revoke, { auth: MARKETER_KEY, id: info.id })
    expect(revoked.body.code).toBe(Code.OK)
    expect((await c.call(PATHS.list, { auth: key })).body.code).toBe(Code.MARKETER_DENIED)
    expect((await c.call(KEY_PATHS.revoke, { auth: MARKETER_KEY, id: info.id })).http).toBe(404)
  })

  it('refuses key management without a key, and a blank label', async () => {
    s = makeServer()
    const c = new Client(s.app)
    expect((await c.call(KEY_PATHS.list, {})).body.code).toBe(Code.MARKETER_DENIED)
    expect((await c.call(KEY_PATHS.create, { auth: 'mk_wrong_0123456789', label: 'x' })).body.code).toBe(Code.MARKETER_DENIED)
    expect((await c.call(KEY_PATHS.create, { auth: MARKETER_KEY, label: '  ' })).body.code).toBe(Code.BAD_REQUEST)
  })
})

describe('key lifecycle at boot', () => {
  const start = (url: string, marketerKey?: string) =>
    boot(loadConfig({ DATABASE_URL: url, ...(marketerKey ? { MARKETER_KEY: marketerKey } : {}) }))

  it('revokes the MARKETER_KEY it replaced, and the last one when the variable is unset', async () => {
    const db = await tempDb()
    const first = await start(db, 'first-env-key-0123456789')
    expect(await isMarketer(first.store, 'first-env-key-0123456789')).toBe(true)
    await first.close()

    const second = await start(db, 'second-env-key-0123456789')
    expect(await isMarketer(second.store, 'first-env-key-0123456789')).toBe(false)
    expect(await isMarketer(second.store, 'second-env-key-0123456789')).toBe(true)
    await second.close()

    const unset = await start(db)
    expect(await isMarketer(unset.store, 'second-env-key-0123456789')).toBe(false)
    expect((await unset.store.listMarketerKeys()).filter((k) => k.source === 'env').every((k) => k.revoked_at !== null)).toBe(true)
    await unset.close()
  })

  it('gives the demo key 7 days and prints its expiry', async () => {
    const before = Date.now()
    const booted = await start(await tempDb())
    const demo = booted.demoMarketerKey
    expect(demo).not.toBeNull()
    if (!demo) return
    expect(demo.expiresAt).toBeGreaterThanOrEqual(before + DEMO_KEY_TTL_MS)
    expect(banner('http://x', booted)).toContain(`valid until ${new Date(demo.expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`)
    expect(await isMarketer(booted.store, demo.key, demo.expiresAt - 1)).toBe(true)
    expect(await isMarketer(booted.store, demo.key, demo.expiresAt)).toBe(false)
    await booted.close()
  })
})

describe('npm run keys', () => {
  it('creates, lists and revokes by prefix on DATABASE_URL', async () => {
    const db = await tempDb()
    const out: string[] = []
    expect(await runKeys(['create', 'shop', 'B'], db, (line) => out.push(line))).toBe(0)
    const key = out[1] as string
    expect(await runKeys(['list'], db, (line) => out.push(line))).toBe(0)
    expect(out.at(-1)).toMatch(/^1\tmk_\S+\tcreated\tshop B\t.*\tlive$/)
    expect(out.at(-1)).not.toContain(key)
    expect(await runKeys(['revoke', key.slice(0, 7)], db, (line) => out.push(line))).toBe(0)
    expect(out.at(-1)).toBe('revoked key 1 (shop B)')
    expect(await runKeys(['revoke', '1'], db, (line) => out.push(line))).toBe(1)
    expect(await runKeys(['frobnicate'], db, (line) => out.push(line))).toBe(2)
  })
})

describe.skipIf(ON_POSTGRES)(sqliteOnly('migration 3', "SQLite's migrations 3-8 on an older file; PostgreSQL's schema starts at their result"), () => {
  it('keeps the keys of an older database, marks the env and demo keys, and gives the demo key its 7 days', async () => {
    const db = await tempDb()
    openDatabase(db).close()
    // Take the database back to before migration 6: the old table with one key of each kind
    // (and undo migration 8, which adds the keys' role, so both run again in order).
    const raw = new Database(db)
    raw.exec(`DROP TABLE marketer_keys; DELETE FROM migrations WHERE id IN (6, 8);
      DROP INDEX wins_redeemed; DROP TABLE activity_minutes;
      ALTER TABLE wins DROP COLUMN redeemed_by; ALTER TABLE activities DROP COLUMN published_at;
      CREATE TABLE marketer_keys (hash TEXT PRIMARY KEY, label TEXT NOT NULL, created_at INTEGER NOT NULL)`)
    const insert = raw.prepare('INSERT INTO marketer_keys VALUES (?, ?, ?)')
    insert.run(hashKey('old-demo-key-0123456789'), 'demo', 1000)
    insert.run(hashKey('old-env-key-0123456789'), 'env', 2000)
    raw.close()
    const store = openSqliteStore(db)
    const rows = await store.listMarketerKeys()
    expect(rows.map((k) => [k.source, k.expires_at])).toEqual([
      ['env', null],
      ['demo', 1000 + DEMO_KEY_TTL_MS],
    ])
    expect(await isMarketer(store, 'old-demo-key-0123456789')).toBe(false)
    expect(await isMarketer(store, 'old-env-key-0123456789')).toBe(true)
    await store.close()
  })
})

describe('requireMarketer (for the routes)', () => {
  it('takes the key from the header or a JSON body (uploads: the header only), and leaves the body for the route', async () => {
    s = makeServer()
    const deps = resolveDeps({ store: s.store, jwtSecret: 'x', ticketSecret: 'y', uploadDir: s.dir })
    const app = new Hono<MarketerEnv>()
      .post('/json', requireMarketer(deps), async (c) => c.json({ label: c.var.marketerKey.label, body: await c.req.json() }))
      .post('/upload', requireMarketerHeader(deps), async (c) => {
        const body = await c.req.parseBody({ all: true })
        return c.json({ size: (body.file as File).size })
      })
      .get('/get', requireMarketer(deps), (c) => c.json({ ok: true }))
    const json = await app.request('/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ auth: MARKETER_KEY, x: 1 }) })
    expect(await json.json()).toEqual({ label: 'test', body: { auth: MARKETER_KEY, x: 1 } })
    const form = new FormData()
    form.set('auth', MARKETER_KEY)
    form.set('file', new File([new Uint8Array(5)], 'a.png'))
    // A multipart body is never parsed for its key: the header is checked before the body is read.
    expect((await app.request('/upload', { method: 'POST', body: form })).status).toBe(403)
    expect(await (await app.request('/upload', { method: 'POST', body: form, headers: { 'x-marketer-key': MARKETER_KEY } })).json()).toEqual({ size: 5 })
    expect((await app.request(`/get?auth=${MARKETER_KEY}`)).status).toBe(403)
    expect((await app.request('/get', { headers: { 'x-marketer-key': MARKETER_KEY } })).status).toBe(200)
    expect((await app.request('/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"auth":"mk_nope_0123456789"}' })).status).toBe(403)
  })
})
