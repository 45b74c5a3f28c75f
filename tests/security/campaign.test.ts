import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import type { ClaimField, MyRecords } from '../../src/core/campaign'
import { CAMPAIGN_PATHS } from '../../src/core/campaign'
import { Code, MARKETER_HEADER, PATHS } from '../../src/core/contract'
import { OPS_PATHS, STAFF_HEADER } from '../../src/core/ops'
import { KEY_PATHS } from '../../src/core/marketerKeys'
import { MARKETER_KEY, addActivity, config, prize } from '../server/helpers'
import { insertBulkWins } from '../server/testDb'
import type { LiveServer } from './harness'
import { Browser, startLive } from './harness'

/** Issues 12 and 13's endpoints, attacked over real HTTP: each test failed before its fix. */

let s: LiveServer
afterEach(async () => {
  await s?.stop()
})

async function exportCsv(path: string, code: string): Promise<string> {
  const res = await fetch(`${s.origin}/lottery${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [MARKETER_HEADER]: MARKETER_KEY },
    body: JSON.stringify({ code }),
  })
  expect(res.status).toBe(200)
  return res.text()
}

describe('claim forms', () => {
  it('a field keyed `constructor` left empty reads as empty, not as Object’s, in the seed columns and the exports', async () => {
    s = await startLive()
    // Lower-case keys can name one thing every object inherits: `constructor`.
    const form: ClaimField[] = [
      { key: 'name', kind: 'name', label: '姓名', required: true },
      { key: 'constructor', kind: 'address', label: '地址', required: false },
    ]
    await addActivity(s.app, 'ctor', config({ claim_fields: form, prize: [prize({ id: 1, name: '杯', chance: 100, claim_fields: form })] }))
    const b = new Browser(s.origin)
    await b.post(PATHS.index, { code: 'ctor' })
    expect((await b.json(PATHS.user, { code: 'ctor', values: { name: '张三' } })).code).toBe(Code.OK)
    expect((await b.json(PATHS.award, { code: 'ctor', request_id: 'ctor-award-1' })).code).toBe(Code.OK)
    const records = await b.json<{ data: MyRecords }>(CAMPAIGN_PATHS.records, { code: 'ctor' })
    const awardcode = records.data.wins[0]?.awardcode as string
    expect((await b.json(CAMPAIGN_PATHS.claim, { code: 'ctor', awardcode, values: { name: '张三' } })).code).toBe(Code.OK)

    const winners = await exportCsv(OPS_PATHS.exportWinners, 'ctor')
    const participants = await exportCsv(OPS_PATHS.exportParticipants, 'ctor')
    for (const csv of [winners, participants]) expect(csv).not.toContain('undefined')
    expect(winners).toContain('姓名：张三,')
    expect(participants).toContain('name：张三')
  })
})

describe('exports', () => {
  it('an activity title holding a lone surrogate: refused by Activity/add; one stored before still downloads (U+FFFD), not a 500', async () => {
    s = await startLive()
    const b = new Browser(s.origin)
    // A JSON escape is the only way to send one.
    const body = JSON.stringify({ ...config({ active_title: '春节TITLE' }), code: 'ls', auth: MARKETER_KEY })
    expect((await b.json(PATHS.add, body.replace('TITLE', '\\ud800'))).code).toBe(Code.INVALID_CONFIG)
    expect((await b.json(PATHS.add, body)).code).toBe(Code.OK)
    // As an older release stored it: the escape inside the saved JSON.
    await sql`UPDATE activities SET config = replace(config, 'TITLE', ${'\\ud800'}) WHERE code = 'ls'`.execute(s.side)
    for (const path of [OPS_PATHS.exportWinners, OPS_PATHS.exportParticipants]) {
      const res = await b.post(path, { code: 'ls', auth: MARKETER_KEY })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('春节\ufffd')}-`)
      await res.text()
    }
  })

  it('a download to a fast reader gives the event loop a turn after each batch, so other calls are answered meanwhile', async () => {
    s = await startLive()
    await addActivity(s.app, 'big', config({ prize: [prize({ id: 1, name: '奖品', chance: 100, sum: 100_000 })] }))
    // 20,000 wins (40 batches) written straight into the database, as another process would.
    await insertBulkWins(s.side, 'big', 20_000, 0, 0)

    // Event-loop turns, counted by a setImmediate chain; each batch read notes the turn it ran in.
    let turn = 0
    let counting = true
    const tick = () => {
      turn += 1
      if (counting) setImmediate(tick)
    }
    setImmediate(tick)
    const batchesPerTurn = new Map<number, number>()
    const read = s.store.ops.exportWinners
    s.store.ops.exportWinners = (...args) => {
      batchesPerTurn.set(turn, (batchesPerTurn.get(turn) ?? 0) + 1)
      return read(...args)
    }
    const csv = await exportCsv(OPS_PATHS.exportWinners, 'big')
    counting = false
    expect(csv.split('\r\n').filter((line) => line !== '')).toHaveLength(20_001)
    // Loopback takes megabytes without blocking the socket: without a yield, dozens of batches ran in one turn.
    expect(Math.max(...batchesPerTurn.values())).toBeLessThanOrEqual(2)
  })
})

describe('staff keys', () => {
  it('the activity list is paced by the key’s rate too: a leaked key cannot loop a read of every activity', async () => {
    s = await startLive({ rate: { staff: { limit: 3, windowMs: 60_000 } } })
    await addActivity(s.app, 'shop', config())
    const m = new Browser(s.origin)
    const created = await m.json<{ code: number; data: { key: string } }>(KEY_PATHS.create, { label: '门店', role: 'staff', activities: [], auth: MARKETER_KEY })
    const staff = new Browser(s.origin)
    const codes: number[] = []
    for (let i = 0; i < 4; i++) codes.push((await (await staff.post(OPS_PATHS.staffActivities, {}, { [STAFF_HEADER]: created.data.key })).json() as { code: number }).code)
    expect(codes).toEqual([Code.OK, Code.OK, Code.OK, Code.RATE_LIMITED])
  })
})
