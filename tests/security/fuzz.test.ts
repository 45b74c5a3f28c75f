import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AnyEnvelopeSchema, PATHS } from '../../src/core/contract'
import { KEY_PATHS } from '../../src/core/marketerKeys'
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
})

beforeAll(async () => {
  const generous = { limit: 1_000_000, windowMs: 1000 }
  live = await startLive({ rate: { participant: generous, ip: generous, entry: generous } })
  const marketer = new Browser(live.origin)
  const saved = await marketer.json(PATHS.add, { ...config({ prize: [prize({ id: 1, name: '奖品', chance: 100, sum: 1000 })] }), code: 'fz', auth: MARKETER_KEY })
  expect(saved.code).toBe(200)
  player = new Browser(live.origin)
  expect((await player.json(PATHS.index, { code: 'fz' })).code).toBe(200)
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
    expect(live.fingerprint(), `${what}: a refusal wrote to the database`).toBe(before)
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
          const before = live.fingerprint()
          const res = await player.post(path, body)
          await expectEnvelope(res, `${path} ${field}=${JSON.stringify(value)?.slice(0, 40)}`, before, tally)
        }
      }
      for (const [raw, type] of RAW_BODIES) {
        const before = live.fingerprint()
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
        const before = live.fingerprint()
        const res = await player.post(PATHS.add, { ...base, prize: [{ ...prizeBase, [field]: value }] })
        await expectEnvelope(res, `add prize.${field}=${JSON.stringify(value)?.slice(0, 40)}`, before, tally)
      }
    }
    for (const value of WEIRD) {
      const before = live.fingerprint()
      const res = await player.post(PATHS.add, { ...base, active_time: [{ start: value, end: value }] })
      await expectEnvelope(res, `add active_time=${JSON.stringify(value)?.slice(0, 40)}`, before, tally)
    }
    expect(tally.refused).toBeGreaterThan(0)
  }, 120_000)

  it('GET with odd queries → JSON, never 5xx', async () => {
    const tally: Tally = { requests: 0, refused: 0, accepted: 0 }
    for (const path of [PATHS.index, PATHS.prize, PATHS.userlist]) {
      for (const q of ['', 'code=', 'code=%00', 'code=%ED%A0%80', 'code[]=a', 'code=fz&code=fz', `code=${'a'.repeat(8000)}`, 'code=%E2%80%AEfz']) {
        const before = live.fingerprint()
        const res = await player.fetch(`${path}?${q}`)
        await expectEnvelope(res, `GET ${path}?${q.slice(0, 30)}`, before, tally)
      }
    }
  }, 60_000)
})
