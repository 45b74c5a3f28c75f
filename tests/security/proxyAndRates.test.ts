import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import type { TestServer } from '../server/helpers'
import { Code, PATHS } from '../../src/core/contract'
import { loadConfig } from '../../server/config'
import { RATE_DEFAULTS, resolveDeps } from '../../server/context'
import { clientIp } from '../../server/http'
import { byIp, byParticipant, rateLimit } from '../../server/limits'
import { Client, JWT_SECRET, addActivity, config, makeServer } from '../server/helpers'

/** Issue 11, finding 6: the client IP behind proxies, and rate rules for the unlimited participant calls. */

let s: TestServer
afterEach(() => s?.close())

describe('client IP behind proxies', () => {
  const ipOf = async (trusted: number, forwarded: string | undefined) => {
    const app = new Hono().get('/', (c) => c.text(clientIp(c, trusted)))
    return (await app.request('/', { headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } })).text()
  }

  it('takes the rightmost hop the trusted proxies wrote, never the one the client wrote', async () => {
    expect(await ipOf(1, '6.6.6.6, 203.0.113.5')).toBe('203.0.113.5')
    expect(await ipOf(1, '203.0.113.5')).toBe('203.0.113.5')
    expect(await ipOf(2, '6.6.6.6, 203.0.113.5, 10.0.0.2')).toBe('203.0.113.5')
    // Fewer hops than proxies: the furthest one a proxy wrote.
    expect(await ipOf(2, '203.0.113.5')).toBe('203.0.113.5')
    // No proxy trusted: the header is ignored.
    expect(await ipOf(0, '6.6.6.6')).toBe('local')
    expect(await ipOf(1, undefined)).toBe('local')
  })

  it('keeps one client in one rate bucket whatever it writes into X-Forwarded-For', async () => {
    s = makeServer({ trustProxy: true, rate: { entry: { limit: 1, windowMs: 1000 } } })
    await addActivity(s.app, 'xff', config())
    const enter = (spoof: string) => new Client(s.app).call(PATHS.index, { code: 'xff' }, { headers: { 'x-forwarded-for': `${spoof}, 203.0.113.5` } })
    expect((await enter('1.1.1.1')).body.code).toBe(Code.OK)
    expect((await enter('2.2.2.2')).body.code).toBe(Code.RATE_LIMITED)
  })

  it('reads TRUST_PROXY as a count of proxies, true meaning one', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1)
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2)
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(0)
    expect(loadConfig({}).trustProxy).toBe(0)
    expect(() => loadConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/)
  })
})

describe('rate rules for the form and reads', () => {
  it('has defaults and environment settings for every rule', () => {
    expect(resolveDeps({ store: {} as never, jwtSecret: 'x', ticketSecret: 'y', uploadDir: '/tmp' }).rate).toMatchObject({
      form: { limit: 10, windowMs: 60_000 },
      read: { limit: 10, windowMs: 1000 },
      readIp: { limit: 120, windowMs: 1000 },
      keyFailures: { limit: 10, windowMs: 600_000 },
    })
    const rate = loadConfig({ RATE_FORM: '3', RATE_READ: '4', RATE_READ_IP: '5', RATE_KEY_FAILURES: '6' }).rate
    expect([rate.form.limit, rate.read.limit, rate.readIp.limit, rate.keyFailures.limit]).toEqual([3, 4, 5, 6])
    expect(rate.form.windowMs).toBe(RATE_DEFAULTS.form.windowMs)
  })

  it('rateLimit(form, byParticipant) holds one participant to 10 form writes a minute, across re-entries, not others', async () => {
    s = makeServer()
    await addActivity(s.app, 'form', config())
    const deps = resolveDeps({ store: s.store, jwtSecret: JWT_SECRET, ticketSecret: 'y', uploadDir: s.dir, now: () => s.clock.now })
    // What the route will mount: the check, then the form write.
    const route = new Hono().post('/user', rateLimit(deps.rate.form, byParticipant(deps), deps.now), (c) => c.json({ code: Code.OK }))
    const write = async (client: Client) =>
      (await route.request('/user', { method: 'POST', headers: { cookie: client.cookieHeader() } })).status

    const one = new Client(s.app)
    await one.enter('form')
    for (let i = 0; i < 10; i++) expect(await write(one)).toBe(200)
    expect(await write(one)).toBe(429)
    // A new token chain is still the same participant.
    await one.enter('form')
    expect(await write(one)).toBe(429)
    const other = new Client(s.app)
    await other.enter('form')
    expect(await write(other)).toBe(200)
    // A minute later the participant may write again.
    s.clock.now += 60_000
    expect(await write(one)).toBe(200)
  })

  it('rateLimit(readIp, byIp) holds one IP, and a forged cookie falls into its IP bucket', async () => {
    s = makeServer({ trustProxy: 1 })
    const deps = resolveDeps({ store: s.store, jwtSecret: JWT_SECRET, ticketSecret: 'y', uploadDir: s.dir, trustProxy: 1, now: () => s.clock.now })
    const rule = { limit: 2, windowMs: 1000 }
    const route = new Hono()
      .post('/ip', rateLimit(rule, byIp(deps), deps.now), (c) => c.text('ok'))
      .post('/p', rateLimit(rule, byParticipant(deps), deps.now), (c) => c.text('ok'))
    const call = async (path: string, ip: string, cookie = '') =>
      (await route.request(path, { method: 'POST', headers: { 'x-forwarded-for': ip, cookie } })).status
    expect([await call('/ip', '203.0.113.5'), await call('/ip', '203.0.113.5'), await call('/ip', '203.0.113.5')]).toEqual([200, 200, 429])
    expect(await call('/ip', '198.51.100.7')).toBe(200)
    const forged = ['jwt=a.b.c', 'jwt=x.y.z', 'jwt=q.r.s']
    expect(await Promise.all(forged.map((cookie) => call('/p', '203.0.113.9', cookie)))).toEqual([200, 200, 429])
  })
})

describe('rates in the app', () => {
  it('holds a participant to RATE_FORM writes of the form, refusing before the token is used and writing nothing', async () => {
    s = makeServer({ rate: { form: { limit: 3, windowMs: 60_000 } } })
    await addActivity(s.app, 'f', config())
    const c = new Client(s.app)
    await c.enter('f')
    const fill = (name: string) => c.call(PATHS.user, { code: 'f', name, tel: '13800138000' })
    for (const name of ['甲', '乙', '丙']) expect((await fill(name)).body.code).toBe(Code.OK)
    const token = c.token
    const refused = await fill('丁')
    expect(refused.http).toBe(429)
    expect(c.token).toBe(token)
    const activityId = (await s.store.activityByCode('f'))?.id as number
    const pid = decodeURIComponent(c.jar.get('pid') ?? '').split('.')[0] as string
    expect((await s.store.participant(activityId, pid))?.name).toBe('丙')
    // Reads go on (their own rule), with the same token.
    expect((await c.call(PATHS.prize, { code: 'f' })).body.code).toBe(Code.OK)
  })

  it('holds reads per participant (RATE_READ) and per IP (RATE_READ_IP)', async () => {
    s = makeServer({ trustProxy: 1, rate: { read: { limit: 2, windowMs: 1000 }, readIp: { limit: 4, windowMs: 1000 } } })
    await addActivity(s.app, 'r', config())
    const ip = { headers: { 'x-forwarded-for': '203.0.113.5' } }
    const one = new Client(s.app)
    await one.enter('r')
    const codes = async (client: Client, n: number) => {
      const out: number[] = []
      for (let i = 0; i < n; i++) out.push((await client.call(PATHS.userlist, { code: 'r' }, ip)).http)
      return out
    }
    expect(await codes(one, 3)).toEqual([200, 200, 429])
    const two = new Client(s.app)
    await two.enter('r')
    // The IP counted all three calls above (the participant rule refused the third): one more, then 429.
    expect(await codes(two, 2)).toEqual([200, 429])
  })
})
