import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Code, PATHS } from '../../src/core/contract'
import { MARKETER_KEY, config, prize } from '../server/helpers'
import type { LiveServer } from './harness'
import { Browser, startLive } from './harness'

/** Finding 7 of the hostile test: the edges of input, through real HTTP. */

let live: LiveServer
beforeAll(async () => {
  const generous = { limit: 1_000_000, windowMs: 1000 }
  live = await startLive({ rate: { participant: generous, ip: generous, entry: generous } })
  const marketer = new Browser(live.origin)
  const saved = await marketer.json(PATHS.add, { ...config({ max_play: 100, max_eplay: 100, prize: [prize({ id: 1, name: '奖品', chance: 100, sum: 1000 })] }), code: 'edge', auth: MARKETER_KEY })
  expect(saved.code).toBe(200)
})
afterAll(() => live.stop())

/** A raw HTTP/1.1 exchange (fetch cannot send some of these). */
function rawRequest(
  options: http.RequestOptions,
  body?: (req: http.ClientRequest) => Promise<void>,
): Promise<{ status: number; type: string; text: string }> {
  const { port, hostname } = new URL(live.origin)
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, ...options }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text }))
    })
    req.on('error', reject)
    if (body) body(req).then(() => req.end(), reject)
    else req.end()
  })
}

describe('every answer of the API is the JSON envelope', () => {
  it('a 40 KB cookie → 431 with the envelope, not a bare status line', async () => {
    const res = await rawRequest({ method: 'GET', path: `/lottery${PATHS.index}?code=edge`, headers: { cookie: `x=${'a'.repeat(40_000)}` } })
    expect(res.status).toBe(431)
    expect(res.type).toMatch(/^application\/json/)
    expect(JSON.parse(res.text)).toMatchObject({ status: 0, code: Code.HEADERS_TOO_LARGE })
  })

  it('HEAD answers like GET (JSON type, no 400 for a query it ignored)', async () => {
    const res = await fetch(`${live.origin}/lottery${PATHS.index}?code=edge`, { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  })

  it('a 1 MB chunked body → 413 answered, not a reset connection', async () => {
    for (const path of [PATHS.award, PATHS.user, PATHS.add]) {
      const res = await rawRequest(
        { method: 'POST', path: `/lottery${path}`, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', origin: live.origin } },
        async (req) => {
          const chunk = Buffer.alloc(64 * 1024, 0x61)
          for (let i = 0; i < 16; i++) req.write(chunk)
        },
      )
      expect(res.status, path).toBe(413)
      expect(JSON.parse(res.text)).toMatchObject({ code: Code.PAYLOAD_TOO_LARGE })
    }
  })
})

describe('names and texts', () => {
  const form = (name: string) => ({ code: 'edge', name, tel: '13800138000' })
  let player: Browser
  beforeAll(async () => {
    player = new Browser(live.origin)
    expect((await player.json(PATHS.index, { code: 'edge' })).code).toBe(200)
    // The first entry writes its page views in the background: landed before any test takes its fingerprint.
    await live.settled()
  })

  it.each([
    ['one grapheme of 20,001 code points', 'e' + '\u0301'.repeat(20_000)],
    ['a NUL inside', '张\u0000三'],
    ['a right-to-left override', '张\u202e三'],
    ['a lone surrogate', '张\ud800'],
    ['a zero-width joiner run', '张' + '\u200d'.repeat(30)],
  ])('the info form refuses %s (400, nothing stored)', async (_what, name) => {
    const before = await live.fingerprint()
    const res = await player.post(PATHS.user, form(name))
    expect(res.status).toBe(400)
    expect(((await res.json()) as { code: number }).code).toBe(Code.BAD_REQUEST)
    expect(await live.fingerprint()).toBe(before)
  })

  it('ordinary names still pass: 欧阳娜娜, José, O’Brien', async () => {
    for (const name of ['欧阳娜娜', 'José', 'O’Brien']) expect((await player.json(PATHS.user, form(name))).code, name).toBe(200)
  })

  it('info/userlist stays small whatever a stored name holds', async () => {
    // Rows written before the checks existed: straight into the database.
    const now = live.clock.now
    for (let i = 0; i < 10; i++) {
      const pid = `a:legacy-${i}-0123456789abcdef`
      await live.store.ensureParticipant(1, pid, now)
      await live.store.fillParticipant(1, pid, { name: 'x' + '\u0301'.repeat(20_000), tel: '13800138000', address: '', other_info: '' }, now)
      await live.store.insertWin({ activityId: 1, pid, prizeId: 1, prizeName: '奖品', prizeType: 'physical', prizeInfo: '', moneyCents: 0, windowStart: now, now, secret: `9${String(i).padStart(11, '0')}` })
    }
    const res = await player.fetch(`${PATHS.userlist}?code=edge`)
    const text = await res.text()
    expect(res.status).toBe(200)
    expect(text.length).toBeLessThan(4_000)
  })
})

describe('configurations', () => {
  const marketer = () => new Browser(live.origin)
  it.each([2 ** 53 - 1, 2 ** 53, 2 ** 31, -1, 0, 1.5])('a prize id of %d is refused', async (id) => {
    const body = { ...config({ prize: [prize({ id, name: '甲', chance: 10 })] }), code: `pid${String(id).replace(/\W/g, '')}`, auth: MARKETER_KEY }
    const answer = await marketer().json<{ code: number }>(PATHS.add, body)
    expect(answer.code).toBe(Code.INVALID_CONFIG)
  })

  it('two prizes can never share one stock row through ids that round to the same number', async () => {
    const big = 9_007_199_254_740_993 // 2^53 + 1 parses as 2^53
    const text = `{"code":"twins","auth":"${MARKETER_KEY}","template":11,"active_title":"t","prize":[{"id":${big},"name":"a","chance":1,"type":"physical","sum":5},{"id":9007199254740992,"name":"b","chance":1,"type":"physical","sum":7}]}`
    const res = await marketer().post(PATHS.add, text)
    expect(res.status).toBe(400)
  })

  it.each(['0000-01-01 00:00', '1899-12-31 23:59', '10000-01-01 00:00'])('a window starting %s is refused', async (start) => {
    const body = { ...config({ active_time: [{ start, end: '2031-01-01 00:00' }] }), code: 'yr', auth: MARKETER_KEY }
    const answer = await marketer().json<{ code: number }>(PATHS.add, body)
    expect(answer.code).toBe(Code.INVALID_CONFIG)
  })
})

describe('img/add checks the key before it reads the upload', () => {
  it('a keyless multipart upload is refused without being parsed (a broken body still answers 403)', async () => {
    const res = await fetch(`${live.origin}/lottery${PATHS.imgAdd}`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', origin: live.origin },
      body: `--x\r\nnope${'a'.repeat(1_000_000)}`,
    })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { code: number }).code).toBe(Code.MARKETER_DENIED)
  })

  it('a keyless upload is answered while its body is still on the way (the key is checked first)', async () => {
    let sent = 0
    let answeredAt = -1
    const res = await rawRequest(
      { method: 'POST', path: `/lottery${PATHS.imgAdd}`, headers: { 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked', origin: live.origin } },
      async (req) => {
        req.on('response', () => (answeredAt = sent))
        const chunk = Buffer.alloc(64 * 1024, 0x61)
        // 2 MB in 32 slow pieces: a server that parsed first would answer only after the last.
        for (let i = 0; i < 32 && answeredAt < 0; i++) {
          req.write(chunk)
          sent += chunk.length
          await new Promise((r) => setTimeout(r, 20))
        }
      },
    )
    expect(res.status).toBe(403)
    expect(JSON.parse(res.text)).toMatchObject({ code: Code.MARKETER_DENIED })
    console.log(`[security] keyless upload answered after ${sent / 1024} KB of 2048 KB sent`)
    expect(answeredAt).toBeGreaterThanOrEqual(0)
    expect(answeredAt).toBeLessThan(2 * 1024 * 1024)
  })
})

describe('API answers are never documents', () => {
  it('every answer carries a CSP that runs and frames nothing', async () => {
    const res = await fetch(`${live.origin}/lottery${PATHS.index}?code=edge`)
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })
})
