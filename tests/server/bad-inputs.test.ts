import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AwardWinData } from '../../src/core/contract'
import { AnyEnvelopeSchema, Code, ErrorsDataSchema, PATHS } from '../../src/core/contract'
import type { TestServer } from './helpers'
import { Client, MARKETER_KEY, addActivity, config, makeServer, prize } from './helpers'

/** Every malformed, missing, oversized or wrongly typed input gets a JSON 4xx in the envelope, never a 500. */

let s: TestServer
let player: Client
let secret: string
beforeAll(async () => {
  // One player sends every case at one frozen instant: reads unlimited here (tests/security checks the rates).
  s = makeServer({ rate: { read: { limit: 1_000_000, windowMs: 1000 } } })
  await addActivity(s.app, 'bad', config({ prize: [prize({ id: 1, name: '奖品', chance: 100 })] }))
  player = new Client(s.app)
  await player.enter('bad')
  secret = (await player.award<AwardWinData>('bad')).body.data.secret
})
afterAll(() => s.close())

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const raw = (body: string, type = 'application/json') => ({ method: 'POST', headers: { 'content-type': type }, body })
const big = 'x'.repeat(70 * 1024)

interface Case {
  name: string
  path: string
  init: RequestInit
  http: number
  code: number
  /** A field error expected at this path. */
  field?: string
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])
function upload(bytes: Uint8Array<ArrayBuffer>, auth = MARKETER_KEY, name = 'a.png', type = 'image/png'): RequestInit {
  const form = new FormData()
  form.set('file', new File([bytes], name, { type }))
  return { method: 'POST', body: form, headers: { 'x-marketer-key': auth } }
}

const cases: Case[] = [
  // Activity/index
  { name: 'index: missing code', path: PATHS.index, init: json({}), http: 400, code: Code.BAD_REQUEST, field: 'code' },
  { name: 'index: code of the wrong type', path: PATHS.index, init: json({ code: 123 }), http: 400, code: Code.BAD_REQUEST, field: 'code' },
  { name: 'index: code with bad characters', path: PATHS.index, init: json({ code: '../etc' }), http: 400, code: Code.BAD_REQUEST, field: 'code' },
  { name: 'index: not JSON', path: PATHS.index, init: raw('{code:'), http: 400, code: Code.BAD_REQUEST },
  { name: 'index: a JSON array', path: PATHS.index, init: raw('["bad"]'), http: 400, code: Code.BAD_REQUEST },
  { name: 'index: a JSON string', path: PATHS.index, init: raw('"bad"'), http: 400, code: Code.BAD_REQUEST },
  { name: 'index: text/plain', path: PATHS.index, init: raw('code=bad', 'text/plain'), http: 415, code: Code.UNSUPPORTED_MEDIA },
  { name: 'index: oversized body', path: PATHS.index, init: json({ code: 'bad', pad: big }), http: 413, code: Code.PAYLOAD_TOO_LARGE },
  { name: 'index: unknown activity', path: PATHS.index, init: json({ code: 'nope' }), http: 404, code: Code.ACTIVITY_NOT_FOUND },
  { name: 'index: a urlencoded form (participant POSTs take JSON only)', path: PATHS.index, init: raw('code=nope', 'application/x-www-form-urlencoded'), http: 415, code: Code.UNSUPPORTED_MEDIA },
  { name: 'index: auth of the wrong type', path: PATHS.index, init: json({ code: 'bad', auth: 5 }), http: 400, code: Code.BAD_REQUEST, field: 'auth' },
  { name: 'index: auth neither key nor ticket', path: PATHS.index, init: json({ code: 'bad', auth: 'x' }), http: 403, code: Code.TICKET_INVALID },
  // Activity/prize
  { name: 'prize: missing code', path: PATHS.prize, init: json({}), http: 400, code: Code.BAD_REQUEST, field: 'code' },
  { name: 'prize: code null', path: PATHS.prize, init: json({ code: null }), http: 400, code: Code.BAD_REQUEST, field: 'code' },
  // Activity/user
  { name: 'user: missing name and tel', path: PATHS.user, init: json({ code: 'bad' }), http: 400, code: Code.BAD_REQUEST, field: 'name' },
  { name: 'user: blank name', path: PATHS.user, init: json({ code: 'bad', name: '  ', tel: '13800138000' }), http: 400, code: Code.BAD_REQUEST, field: 'name' },
  { name: 'user: name over 20', path: PATHS.user, init: json({ code: 'bad', name: '名'.repeat(21), tel: '13800138000' }), http: 400, code: Code.BAD_REQUEST, field: 'name' },
  { name: 'user: bad tel', path: PATHS.user, init: json({ code: 'bad', name: '张三', tel: '12345' }), http: 400, code: Code.BAD_REQUEST, field: 'tel' },
  { name: 'user: tel as number', path: PATHS.user, init: json({ code: 'bad', name: '张三', tel: 13800138000 }), http: 400, code: Code.BAD_REQUEST, field: 'tel' },
  { name: 'user: address too long', path: PATHS.user, init: json({ code: 'bad', name: '张三', tel: '13800138000', address: 'a'.repeat(101) }), http: 400, code: Code.BAD_REQUEST, field: 'address' },
  { name: 'user: other_info as object', path: PATHS.user, init: json({ code: 'bad', name: '张三', tel: '13800138000', other_info: {} }), http: 400, code: Code.BAD_REQUEST, field: 'other_info' },
  // Activity/award
  { name: 'award: missing request_id', path: PATHS.award, init: json({ code: 'bad' }), http: 400, code: Code.BAD_REQUEST, field: 'request_id' },
  { name: 'award: short request_id', path: PATHS.award, init: json({ code: 'bad', request_id: 'x' }), http: 400, code: Code.BAD_REQUEST, field: 'request_id' },
  { name: 'award: request_id as number', path: PATHS.award, init: json({ code: 'bad', request_id: 12345678 }), http: 400, code: Code.BAD_REQUEST, field: 'request_id' },
  { name: 'award: GET', path: `${PATHS.award}?code=bad`, init: { method: 'GET' }, http: 404, code: Code.NOT_FOUND },
  { name: 'award: oversized', path: PATHS.award, init: raw(big), http: 413, code: Code.PAYLOAD_TOO_LARGE },
  // info/check
  { name: 'check: missing awardcode', path: PATHS.check, init: json({ code: 'bad' }), http: 400, code: Code.BAD_REQUEST, field: 'awardcode' },
  { name: 'check: letters in awardcode', path: PATHS.check, init: json({ code: 'bad', awardcode: 'abc123456' }), http: 400, code: Code.BAD_REQUEST, field: 'awardcode' },
  { name: 'check: unknown activity', path: PATHS.check, init: json({ code: 'nope', awardcode: '999999999999' }), http: 404, code: Code.ACTIVITY_NOT_FOUND },
  { name: 'check: unknown awardcode', path: PATHS.check, init: json({ code: 'bad', awardcode: '999999999999' }), http: 404, code: Code.AWARD_NOT_FOUND },
  // info/userlist
  { name: 'userlist: missing code', path: PATHS.userlist, init: { method: 'GET' }, http: 400, code: Code.BAD_REQUEST, field: 'code' },
  { name: 'userlist: code array', path: PATHS.userlist, init: json({ code: ['bad'] }), http: 400, code: Code.BAD_REQUEST, field: 'code' },
  // info/redeem
  { name: 'redeem: no key', path: PATHS.redeem, init: json({ code: 'bad', awardcode: '123456789012' }), http: 403, code: Code.MARKETER_DENIED },
  { name: 'redeem: wrong key', path: PATHS.redeem, init: json({ code: 'bad', awardcode: '123456789012', auth: 'mk_wrong' }), http: 403, code: Code.MARKETER_DENIED },
  { name: 'redeem: no key, unknown activity (the key is checked first)', path: PATHS.redeem, init: json({ code: 'nope', awardcode: '123456789012' }), http: 403, code: Code.MARKETER_DENIED },
  { name: 'redeem: unknown activity', path: PATHS.redeem, init: json({ code: 'nope', awardcode: '123456789012', auth: MARKETER_KEY }), http: 404, code: Code.ACTIVITY_NOT_FOUND },
  { name: 'redeem: missing awardcode', path: PATHS.redeem, init: json({ code: 'bad', auth: MARKETER_KEY }), http: 400, code: Code.BAD_REQUEST, field: 'awardcode' },
  { name: 'redeem: unknown awardcode', path: PATHS.redeem, init: json({ code: 'bad', awardcode: '123456789012', auth: MARKETER_KEY }), http: 404, code: Code.AWARD_NOT_FOUND },
  // Activity/add
  { name: 'add: no key', path: PATHS.add, init: json(config()), http: 403, code: Code.MARKETER_DENIED },
  { name: 'add: chances over 100%', path: PATHS.add, init: json({ ...config({ prize: [prize({ id: 1, name: 'a', chance: 60 }), prize({ id: 2, name: 'b', chance: 50 })] }), auth: MARKETER_KEY }), http: 400, code: Code.INVALID_CONFIG, field: 'prize' },
  { name: 'add: template of the wrong type', path: PATHS.add, init: json({ ...config(), template: 'wheel', auth: MARKETER_KEY }), http: 400, code: Code.INVALID_CONFIG, field: 'template' },
  { name: 'add: bad window', path: PATHS.add, init: json({ ...config({ active_time: [{ start: '2030-02-30 00:00', end: 'x' }] }), auth: MARKETER_KEY }), http: 400, code: Code.INVALID_CONFIG, field: 'active_time.0.start' },
  { name: 'add: code of the wrong type', path: PATHS.add, init: json({ ...config(), code: 7, auth: MARKETER_KEY }), http: 400, code: Code.BAD_REQUEST, field: 'code' },
  { name: 'add: oversized', path: PATHS.add, init: json({ ...config({ rule: big }), auth: MARKETER_KEY }), http: 413, code: Code.PAYLOAD_TOO_LARGE },
  // img
  { name: 'img/add: JSON instead of multipart', path: PATHS.imgAdd, init: { ...json({}), headers: { 'content-type': 'application/json', 'x-marketer-key': MARKETER_KEY } }, http: 415, code: Code.UNSUPPORTED_MEDIA },
  { name: 'img/add: no key', path: PATHS.imgAdd, init: upload(png, 'nope'), http: 403, code: Code.MARKETER_DENIED },
  { name: 'img/add: the key in the form, not the header', path: PATHS.imgAdd, init: (() => { const f = new FormData(); f.set('auth', MARKETER_KEY); f.set('file', new File([png], 'a.png')); return { method: 'POST', body: f } })(), http: 403, code: Code.MARKETER_DENIED },
  { name: 'img/add: no file', path: PATHS.imgAdd, init: { method: 'POST', body: new FormData(), headers: { 'x-marketer-key': MARKETER_KEY } }, http: 400, code: Code.BAD_REQUEST, field: 'file' },
  { name: 'img/add: text named .png', path: PATHS.imgAdd, init: upload(new TextEncoder().encode('<svg onload=alert(1)>')), http: 415, code: Code.UNSUPPORTED_MEDIA },
  { name: 'img/add: over 2 MB', path: PATHS.imgAdd, init: upload(new Uint8Array(2 * 1024 * 1024 + 1).fill(0x89)), http: 413, code: Code.PAYLOAD_TOO_LARGE },
  { name: 'img/add: broken multipart', path: PATHS.imgAdd, init: { ...raw('--x\r\nnope', 'multipart/form-data; boundary=x'), headers: { 'content-type': 'multipart/form-data; boundary=x', 'x-marketer-key': MARKETER_KEY } }, http: 400, code: Code.BAD_REQUEST },
  { name: 'img: bad file name', path: `${PATHS.img}/..%2f..%2fetc%2fpasswd`, init: { method: 'GET' }, http: 404, code: Code.NOT_FOUND },
  { name: 'img: unknown image', path: `${PATHS.img}/${'a'.repeat(64)}.png`, init: { method: 'GET' }, http: 404, code: Code.NOT_FOUND },
  // elsewhere
  { name: 'unknown endpoint', path: '/Activity/nope', init: json({}), http: 404, code: Code.NOT_FOUND },
]

describe('bad inputs', () => {
  it.each(cases)('$name → $http / $code', async ({ path, init, http, code, field }) => {
    const res = await player.raw(path, init)
    expect(res.status).toBe(http)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    const body = v.parse(AnyEnvelopeSchema, await res.json())
    expect(body).toMatchObject({ status: 0, code })
    expect(body.msg).toMatch(/[\u4e00-\u9fff]/)
    if (field !== undefined) {
      const { errors } = v.parse(ErrorsDataSchema, body.data)
      expect(errors.map((e) => e.path)).toContain(field)
    }
  })

  it('a refused edit writes nothing', async () => {
    const before = await s.store.activityByCode('bad')
    await player.raw(PATHS.add, json({ ...config({ active_title: '' }), code: 'bad', auth: MARKETER_KEY }))
    expect(await s.store.activityByCode('bad')).toEqual(before)
  })

  it('the winner still sees the prize afterwards (refusals changed no state)', async () => {
    const answer = await player.call(PATHS.check, { code: 'bad', awardcode: secret })
    expect(answer.body.code).toBe(Code.OK)
  })
})

describe('img/add', () => {
  it('stores a real image under its hash and serves it with its type', async () => {
    const res = await player.raw(PATHS.imgAdd, upload(png, MARKETER_KEY, 'whatever.gif', 'text/plain'))
    const body = (await res.json()) as { data: { url: string } }
    expect(body.data.url).toMatch(/^\/lottery\/img\/[0-9a-f]{64}\.png$/)
    const image = await s.app.request(body.data.url)
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(png)
  })

  it('accepts JPEG and WebP by their bytes', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2])
    const webp = new Uint8Array([...new TextEncoder().encode('RIFF'), 4, 0, 0, 0, ...new TextEncoder().encode('WEBPVP8 ')])
    for (const [bytes, ext] of [[jpeg, 'jpg'], [webp, 'webp']] as const) {
      const res = await player.raw(PATHS.imgAdd, upload(bytes))
      expect(((await res.json()) as { data: { url: string } }).data.url.endsWith(`.${ext}`)).toBe(true)
    }
  })
})
