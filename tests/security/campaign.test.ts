import { afterEach, describe, expect, it } from 'vitest'
import type { ClaimField, MyRecords } from '../../src/core/campaign'
import { CAMPAIGN_PATHS } from '../../src/core/campaign'
import { Code, MARKETER_HEADER, PATHS } from '../../src/core/contract'
import { OPS_PATHS } from '../../src/core/ops'
import { MARKETER_KEY, addActivity, config, prize } from '../server/helpers'
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
