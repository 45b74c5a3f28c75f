import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AnyEnvelopeSchema, PATHS } from '../../src/core/contract'
import { KEY_PATHS } from '../../src/core/marketerKeys'
import { CAMPAIGN_PATHS } from '../../src/core/campaign'
import { OPS_PATHS } from '../../src/core/ops'
import { MARKETER_KEY, config, prize } from '../server/helpers'
import type { LiveServer } from './harness'
import { Browser, startLive } from './harness'

/**
 * A fuzz pass over every endpoint through real HTTP: each field of a valid
 * request replaced by wrong types, numbers at the edges, huge and odd Unicode;
 * whole bodies that are not what they claim. Every answer must be the JSON
 * envelope, never a 5xx, and a refused request must write nothing.
 */

const WEIRD: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  -0,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 63),
  1e308,
  -1e308,
  5e-324,
  '',
  ' ',
  '0',
  '\u0000',
  'a\u0000b',
  '\u202eevil',
  '\ud800',
  '\udfff\ud800',
  'e' + '\u0301'.repeat(20_000),
  '名'.repeat(3_000),
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '1e999',
  [],
  [1, 2],
  {},
  { $gt: '' },
  { __proto__: { polluted: true } },
]

/** Bodies that are not a JSON object, or not JSON. */
const RAW_BODIES: readonly [string, string][] = [
  ['', 'application/json'],
  ['null', 'application/json'],
  ['[]', 'application/json'],
  ['"x"', 'application/json'],
  ['1', 'application/json'],
  ['{', 'application/json'],
  ['{"code":', 'application/json'],
  ['[' .repeat(100_000), 'application/json'],
  ['{"a":'.repeat(5_000), 'application/json'],
  ['\ufeff{"code":"fz"}', 'application/json'],
  ['{"code":"fz"}', 'application/json; charset=utf-16'],
  ['{"code":"fz"}', 'text/plain'],
  ['code=fz', 'application/x-www-form-urlencoded'],
  ['\xff\xfe\x00', 'application/json'],
]

let live: LiveServer
let player: Browser
let secret = ''
let staffKey = ''

const valid = (): Record<string, Record<string, unknown>> => ({
  [PATHS.index]: { code: 'fz' },
  [PATHS.prize]: { code: 'fz' },
  [PATHS.user]: { code: 'fz', name: '张三', tel: '13800138000', address: '北京', other_info: '无' },
  [PATHS.award]: { code: 'fz', request_id: 'fuzz-request-0001' },
  [PATHS.check]: { code: 'fz', awardcode: secret },
  [PATHS.userlist]: { code: 'fz' },
  [PATHS.redeem]: { code: 'fz', awardcode: '123456789012', auth: MARKETER_KEY },
  [PATHS.list]: { auth: MARKETER_KEY },
  [PATHS.add]: { ...config({ prize: [prize({ id: 1, name: '奖品', chance: 10 })] }), code: 'fz2', auth: MARKETER_KEY },
  [KEY_PATHS.create]: { label: '门店', role: 'staff', activities: ['fz'], auth: MARKETER_KEY },
  [OPS_PATHS.stats]: { code: 'fz', threshold: 0.2, auth: MARKETER_KEY },
  [OPS_PATHS.redemptions]: { code: 'fz', before: 1, auth: MARKETER_KEY },
  [OPS_PATHS.close]: { code: 'fz', auth: MARKETER_KEY },
  [OPS_PATHS.reopen]: { code: 'fz', auth: MARKETER_KEY },
  [OPS_PATHS.publish]: { code: 'fz', auth: MARKETER_KEY },
  [OPS_PATHS.staffActivities]: { auth: staffKey },
  [OPS_PATHS.staffLookup]: { code: 'fz', awardcode: secret, auth: staffKey },
  [OPS_PATHS.staffRedeem]: { code: 'fz', awardcode: '123456789012', auth: staffKey },
  // Issue 13.
  [CAMPAIGN_PATHS.multi]: { code: 'fz', request_id: 'fuzz-multi-0001', count: 3 },
  [CAMPAIGN_PATHS.records]: { code: 'fz' },
  [CAMPAIGN_PATHS.claim]: { code: 'fz', awardcode: secret, values: CLAIM },
  [CAMPAIGN_PATHS.received]: { code: 'fz', awardcode: secret },
  [OPS_PATHS.ship]: { code: 'fz', awardcode: '123456789012', courier: '顺丰', tracking: 'SF1', auth: MARKETER_KEY },
})

/** A filled claim form of the fz prize (FORM). */
const CLAIM = { name: '张三', tel: '13800138000', addr: { province: '浙江省', city: '杭州市', district: '上城区', street: '富春路' }, note: '无' }
const FORM = [
  { key: 'name', kind: 'name', label: '姓名', required: true },
  { key: 'tel', kind: 'tel', label: '手机号', required: true },
  { key: 'addr', kind: 'address', label: '地址', required: true },
  { key: 'note', kind: 'text', label: '备注', required: false },
] as const

beforeAll(async () => {
  const generous = { limit: 1_000_000, windowMs: 1000 }
  live = await startLive({ rate: { participant: generous, ip: generous, entry: generous } })
  const marketer = new Browser(live.origin)
  const fzPrize = { ...prize({ id: 1, name: '奖品', chance: 100, sum: 1000 }), claim_fields: [...FORM] }
  const saved = await marketer.json(PATHS.add, { ...config({ multi_draw: [3], prize: [fzPrize] }), code: 'fz', auth: MARKETER_KEY })
  expect(saved.code).toBe(200)
  player = new Browser(live.origin)
  expect((await player.json(PATHS.index, { code: 'fz' })).code).toBe(200)
  // The first entry writes its page views in the background: landed before any test takes its fingerprint.
  await live.settled()
  const win = await player.json<{ code: number; data: { secret: string } }>(PATHS.award, { code: 'fz', request_id: 'fuzz-setup-0001' })
  expect(win.code).toBe(200)
  secret = win.data.secret
  const key = await marketer.json<{ code: number; data: { key: string } }>(KEY_PATHS.create, { label: '核销', role: 'staff', auth: MARKETER_KEY })
  expect(key.code).toBe(200)
  staffKey = key.data.key
}, 30_000)
afterAll(() => live.stop())

interface Tally {
  requests: number
  refused: number
  accepted: number
}

async function expectEnvelope(res: Response, what: string, before: string, tally: Tally): Promise<void> {
  tally.requests++
  const text = await res.text()
  expect(res.status, `${what}: ${text.slice(0, 200)}`).toBeLessThan(500)
  expect(res.headers.get('content-type'), what).toMatch(/^application\/json/)
  let body: unknown
  expect(() => (body = JSON.parse(text)), `${what}: not JSON: ${text.slice(0, 100)}`).not.toThrow()
  expect(v.safeParse(AnyEnvelopeSchema, body).success, `${what}: not an envelope`).toBe(true)
  if (res.status >= 400) {
    tally.refused++
    expect(await live.fingerprint(), `${what}: a refusal wrote to the database`).toBe(before)
  } else tally.accepted++
}

describe('fuzz: every endpoint, every field', () => {
  for (const path of Object.keys(valid())) {
    it(`${path}: each field replaced by odd values → JSON, never 5xx, no write on refusal`, async () => {
      const tally: Tally = { requests: 0, refused: 0, accepted: 0 }
      const base = valid()[path] ?? {}
      const fields = [...Object.keys(base), 'unexpected']
      for (const field of fields) {
        for (const value of WEIRD) {
          const body = { ...base, [field]: value }
          const before = await live.fingerprint()
          const res = await player.post(path, body)
          await expectEnvelope(res, `${path} ${field}=${JSON.stringify(value)?.slice(0, 40)}`, before, tally)
        }
      }
      for (const [raw, type] of RAW_BODIES) {
        const before = await live.fingerprint()
        const res = await player.post(path, raw, { 'content-type': type })
        await expectEnvelope(res, `${path} raw ${JSON.stringify(raw.slice(0, 20))} as ${type}`, before, tally)
      }
      expect(tally.refused).toBeGreaterThan(0)
    }, 120_000)
  }

  it('Activity/add: each field of the configuration and of a prize replaced by odd values', async () => {
    const tally: Tally = { requests: 0, refused: 0, accepted: 0 }
    const base = valid()[PATHS.add] as Record<string, unknown> & { prize: Record<string, unknown>[] }
    const prizeBase = base.prize[0] ?? {}
    for (const field of Object.keys(prizeBase)) {
      for (const value of WEIRD) {
        const before = await live.fingerprint()
        const res = await player.post(PATHS.add, { ...base, prize: [{ ...prizeBase, [field]: value }] })
        await expectEnvelope(res, `add prize.${field}=${JSON.stringify(value)?.slice(0, 40)}`, before, tally)
      }
    }
    for (const value of WEIRD) {
      const before = await live.fingerprint()
      const res = await player.post(PATHS.add, { ...base, active_time: [{ start: value, end: value }] })
      await expectEnvelope(res, `add active_time=${JSON.stringify(value)?.slice(0, 40)}`, before, tally)
    }
    expect(tally.refused).toBeGreaterThan(0)
  }, 120_000)

  it('info/claim: each answer of the form, and each part of the address, replaced by odd values', async () => {
    const tally: Tally = { requests: 0, refused: 0, accepted: 0 }
    const variants = [
      ...Object.keys(CLAIM).map((key) => (value: unknown) => ({ ...CLAIM, [key]: value })),
      ...Object.keys(CLAIM.addr).map((key) => (value: unknown) => ({ ...CLAIM, addr: { ...CLAIM.addr, [key]: value } })),
    ]
    for (const variant of variants) {
      for (const value of WEIRD) {
        const before = await live.fingerprint()
        const res = await player.post(CAMPAIGN_PATHS.claim, { code: 'fz', awardcode: secret, values: variant(value) })
        await expectEnvelope(res, `claim ${JSON.stringify(variant(value)).slice(0, 60)}`, before, tally)
      }
    }
    expect(tally.refused).toBeGreaterThan(0)
  }, 120_000)

  it('Activity/add: the campaign fields (multi_draw, claim_fields, guides) replaced by odd values', async () => {
    const tally: Tally = { requests: 0, refused: 0, accepted: 0 }
    const base = valid()[PATHS.add] as Record<string, unknown>
    const shapes = [
      (value: unknown) => ({ multi_draw: value }),
      (value: unknown) => ({ multi_draw: [value] }),
      (value: unknown) => ({ claim_fields: value }),
      (value: unknown) => ({ claim_fields: [{ ...FORM[3], label: value }] }),
      (value: unknown) => ({ claim_fields: [{ key: 'c', kind: 'choice', label: '选', options: [value, 'b'] }] }),
      (value: unknown) => ({ guides: value }),
      (value: unknown) => ({ guides: { no_times: { message: value } } }),
      (value: unknown) => ({ guides: { no_times: { message: 'm', button: { text: 'b', link: value } } } }),
    ]
    for (const shape of shapes) {
      for (const value of WEIRD) {
        const before = await live.fingerprint()
        const res = await player.post(PATHS.add, { ...base, ...shape(value) })
        await expectEnvelope(res, `add ${JSON.stringify(shape(value)).slice(0, 60)}`, before, tally)
      }
    }
    expect(tally.refused).toBeGreaterThan(0)
  }, 120_000)

  it('GET with odd queries → JSON, never 5xx', async () => {
    const tally: Tally = { requests: 0, refused: 0, accepted: 0 }
    for (const path of [PATHS.index, PATHS.prize, PATHS.userlist]) {
      for (const q of ['', 'code=', 'code=%00', 'code=%ED%A0%80', 'code[]=a', 'code=fz&code=fz', `code=${'a'.repeat(8000)}`, 'code=%E2%80%AEfz']) {
        const before = await live.fingerprint()
        const res = await player.fetch(`${path}?${q}`)
        await expectEnvelope(res, `GET ${path}?${q.slice(0, 30)}`, before, tally)
      }
    }
  }, 60_000)
})
