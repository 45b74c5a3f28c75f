import { afterEach, describe, expect, it } from 'vitest'
import type { HttpServer } from './realHttp'
import { API_BASE, Code, PATHS } from '../../src/core/contract'
import { CAMPAIGN_PATHS } from '../../src/core/campaign'
import { addActivity, config, prize } from '../server/helpers'
import { loadConfig } from '../../server/config'
import { listen } from './realHttp'

/** Issue 11, finding 3: cross-site request forgery from another origin of the same site. */

let s: HttpServer
afterEach(async () => {
  await s?.stop()
})

const JSON_TYPE = { 'content-type': 'application/json' }
const FORM = { name: '张三', tel: '13800138000', address: '', other_info: '' }

/** A participant who entered from the server's own page, with their cookies kept. */
async function participant(code: string) {
  const jar = new Map<string, string>()
  const keep = (headers: Headers) => {
    for (const line of headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const eq = pair.indexOf('=')
      jar.set(pair.slice(0, eq), pair.slice(eq + 1))
    }
  }
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const call = async (path: string, body: string, headers: Record<string, string>) => {
    const answer = await s.post(path, body, { cookie: cookie(), ...headers })
    keep(answer.headers)
    return answer
  }
  const sameOrigin = { ...JSON_TYPE, origin: s.origin, 'sec-fetch-site': 'same-origin' }
  expect((await call(PATHS.index, JSON.stringify({ code }), sameOrigin)).body.code).toBe(Code.OK)
  const pid = decodeURIComponent(jar.get('pid') ?? '').split('.')[0] as string
  const activityId = (await s.store.activityByCode(code))?.id as number
  return { call, sameOrigin, pid, state: () => s.store.participant(activityId, pid) }
}

describe('origin guard', () => {
  it('refuses a play and a form write from a page on another port of the same host, writing nothing', async () => {
    s = await listen()
    await addActivity(s.app, 'csrf', config({ actinfo: { ...config().actinfo, need_info: false } }))
    const p = await participant('csrf')
    const forged = { ...JSON_TYPE, origin: 'http://127.0.0.1:5999', 'sec-fetch-site': 'same-site' }

    const award = await p.call(PATHS.award, JSON.stringify({ code: 'csrf', request_id: 'forged-0001' }), forged)
    expect(award.status).toBe(403)
    expect(award.body).toMatchObject({ status: 0, code: Code.ORIGIN_DENIED, data: null })
    const user = await p.call(PATHS.user, JSON.stringify({ code: 'csrf', ...FORM }), forged)
    expect(user.status).toBe(403)
    // A form post (what a plain HTML form sends) with the forged origin too.
    const form = await p.call(PATHS.user, new URLSearchParams({ code: 'csrf', ...FORM }).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'http://127.0.0.1:5999',
    })
    expect(form.status).toBe(403)
    // Refused before anything was written: entering creates no participant either.
    expect(await p.state()).toBeNull()

    // The participant's own page still plays and fills the form.
    expect((await p.call(PATHS.award, JSON.stringify({ code: 'csrf', request_id: 'own-page-0001' }), p.sameOrigin)).status).toBe(200)
    expect((await p.call(PATHS.user, JSON.stringify({ code: 'csrf', ...FORM }), p.sameOrigin)).body.code).toBe(Code.OK)
    expect(await p.state()).toMatchObject({ plays: 1, name: '张三' })
  })

  it('takes JSON only on participant POSTs: a form or text body from an old browser without Origin writes nothing', async () => {
    s = await listen()
    await addActivity(s.app, 'old', config())
    const p = await participant('old')
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const answer = await p.call(PATHS.user, new URLSearchParams({ code: 'old', ...FORM }).toString(), { 'content-type': type })
      expect(answer.status).toBe(415)
    }
    expect(await p.state()).toBeNull()
  })

  it('takes JSON only on issue 13\'s participant POSTs too: a form from an old browser neither draws nor writes a claim', async () => {
    s = await listen()
    const claimForm = [{ key: 'name', kind: 'name', label: '姓名', required: true }]
    await addActivity(s.app, 'old13', config({ multi_draw: [3], prize: [prize({ id: 1, name: '杯', chance: 100, claim_fields: claimForm as never })] }))
    const p = await participant('old13')
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    const multi = await p.call(CAMPAIGN_PATHS.multi, 'code=old13&request_id=old-form-0001&count=3', form)
    expect(multi.status).toBe(415)
    expect(await p.state()).toBeNull()
    // A win of their own, then the claim, records and receipt as forms.
    expect((await p.call(PATHS.award, JSON.stringify({ code: 'old13', request_id: 'own-page-0002' }), p.sameOrigin)).status).toBe(200)
    const awardcode = (await s.store.campaign.winsOf((await s.store.activityByCode('old13'))?.id as number, p.pid))[0]?.secret as string
    const claim = await p.call(CAMPAIGN_PATHS.claim, `code=old13&awardcode=${awardcode}&values=x`, form)
    expect(claim.status).toBe(415)
    for (const path of [CAMPAIGN_PATHS.records, CAMPAIGN_PATHS.received]) {
      expect((await p.call(path, `code=old13&awardcode=${awardcode}`, form)).status).toBe(415)
    }
    expect(await p.state()).toMatchObject({ plays: 1 })
  })

  it('accepts the own origin by Origin or by Sec-Fetch-Site, and non-browser calls without either', async () => {
    s = await listen()
    await addActivity(s.app, 'own', config())
    const body = JSON.stringify({ code: 'own' })
    expect((await s.post(PATHS.index, body, { ...JSON_TYPE, origin: s.origin })).status).toBe(200)
    expect((await s.post(PATHS.index, body, { ...JSON_TYPE, 'sec-fetch-site': 'same-origin' })).status).toBe(200)
    expect((await s.post(PATHS.index, body, JSON_TYPE)).status).toBe(200)
    expect((await s.post(PATHS.index, body, { ...JSON_TYPE, origin: 'null' })).status).toBe(403)
  })

  it('refuses a cross-site GET that would start or rotate a token chain', async () => {
    s = await listen()
    await addActivity(s.app, 'nav', config())
    const res = await fetch(`${s.origin}${API_BASE}${PATHS.index}?code=nav`, { headers: { 'sec-fetch-site': 'cross-site' } })
    expect(res.status).toBe(403)
    expect(res.headers.getSetCookie()).toEqual([])
    expect((await fetch(`${s.origin}${API_BASE}${PATHS.index}?code=nav`, { headers: { 'sec-fetch-site': 'none' } })).status).toBe(200)
  })

  it('lets WeChat’s cross-site return reach the sign-in callback, which refuses a state it never issued', async () => {
    s = await listen()
    const res = await fetch(`${s.origin}${API_BASE}/wechat/callback?code=x&state=forged`, { headers: { 'sec-fetch-site': 'cross-site' } })
    expect(res.status).toBe(400)
    expect(res.headers.getSetCookie()).toEqual([])
    const authorize = await fetch(`${s.origin}${API_BASE}/wechat/authorize?code=x`, { headers: { 'sec-fetch-site': 'cross-site' }, redirect: 'manual' })
    expect(authorize.status).toBe(403)
  })

  it('lets a configured second origin call with credentials, and answers its preflight', async () => {
    s = await listen({ allowedOrigins: ['https://h5.example.com'] })
    await addActivity(s.app, 'two', config())
    const answer = await s.post(PATHS.index, JSON.stringify({ code: 'two' }), { ...JSON_TYPE, origin: 'https://h5.example.com', 'sec-fetch-site': 'cross-site' })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://h5.example.com')
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true')

    const preflight = (origin: string) =>
      fetch(`${s.origin}${API_BASE}${PATHS.award}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      })
    const ok = await preflight('https://h5.example.com')
    expect(ok.status).toBe(204)
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://h5.example.com')
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST')
    expect(ok.headers.get('access-control-allow-headers')).toContain('content-type')
    // The staff page on that origin sends its key in X-Staff-Key: the preflight lets it.
    const staff = await fetch(`${s.origin}${API_BASE}/staff/redeem`, {
      method: 'OPTIONS',
      headers: { origin: 'https://h5.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-staff-key' },
    })
    expect(staff.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-staff-key')
    const other = await preflight('http://127.0.0.1:5999')
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    // Another origin is still refused on the call itself.
    expect((await s.post(PATHS.index, JSON.stringify({ code: 'two' }), { ...JSON_TYPE, origin: 'https://evil.example.com' })).status).toBe(403)
  })
})

describe('ALLOWED_ORIGINS', () => {
  it('reads a comma list of exact origins and refuses anything else', () => {
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://h5.example.com, http://10.0.0.2:8080' }).allowedOrigins).toEqual([
      'https://h5.example.com',
      'http://10.0.0.2:8080',
    ])
    expect(loadConfig({}).allowedOrigins).toEqual([])
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://h5.example.com/' })).toThrow(/ALLOWED_ORIGINS/)
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'h5.example.com' })).toThrow(/ALLOWED_ORIGINS/)
  })
})

describe('behind a proxy', () => {
  it('takes the own origin from X-Forwarded-Proto and -Host only when the proxy is trusted', async () => {
    s = await listen({ trustProxy: 1 })
    await addActivity(s.app, 'px', config())
    const behind = { ...JSON_TYPE, origin: 'https://h5.example.com', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'h5.example.com' }
    expect((await s.post(PATHS.index, JSON.stringify({ code: 'px' }), behind)).status).toBe(200)
    await s.stop()
    s = await listen()
    await addActivity(s.app, 'px', config())
    expect((await s.post(PATHS.index, JSON.stringify({ code: 'px' }), behind)).status).toBe(403)
  })
})
