import { parse } from 'csv-parse/sync'
import { insertBulkWins } from '../testDb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { API_BASE, Code, MARKETER_HEADER } from '../../../src/core/contract'
import { CAMPAIGN_PATHS, type ClaimField } from '../../../src/core/campaign'
import { OPS_PATHS, STAFF_HEADER } from '../../../src/core/ops'
import { formatCst } from '../../../src/core/windows'
import { attachment, csvCell, csvRow } from '../../../server/domain/csv'
import { participantLabel } from '../../../server/domain/exports'
import type { TestServer } from '../helpers'
import { Client, HOUR, MARKETER_KEY, MINUTE, T0, addActivity, config, makeServer, prize } from '../helpers'
import { fillForm, staffKey, winner } from './helpers'

let s: TestServer
beforeEach(() => {
  s = makeServer()
})
afterEach(() => s.close())

function exportCall(path: string, code: string, headers: Record<string, string> = { [MARKETER_HEADER]: MARKETER_KEY }) {
  return s.app.request(`${API_BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ code }),
  })
}

/** The body's bytes as text, with its BOM, and parsed back by an independent RFC 4180 parser. */
async function csvOf(res: Response): Promise<{ text: string; rows: string[][] }> {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer())
  return { text, rows: parse(text, { bom: true, relax_column_count: false }) as string[][] }
}

/** How a cell of digits Excel would mangle reads once parsed: a formula Excel shows as that text. */
const excelText = (digits: string) => `="${digits}"`

describe('the CSV writer', () => {
  it('quotes commas, quotes and line breaks, defuses formulas, leaves plain text and numbers alone', () => {
    expect(csvCell('王小明')).toBe('王小明')
    expect(csvCell('张,三')).toBe('"张,三"')
    expect(csvCell('"李"四')).toBe('"""李""四"')
    expect(csvCell('一行\r\n两行')).toBe('"一行\r\n两行"')
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('+86 138')).toBe("'+86 138")
    expect(csvCell('-2')).toBe("'-2")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\t=cmd')).toBe("'\t=cmd")
    expect(csvCell('\r=cmd')).toBe('"\'\r=cmd"')
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"')
    expect(csvCell(42)).toBe('42')
    // Digits Excel would show as 1.38E+10, cut past 15 digits or strip of a leading zero stay text.
    expect(csvCell('13800138000')).toBe('"=""13800138000"""')
    expect(csvCell('483920175526')).toBe('"=""483920175526"""')
    expect(csvCell('0571')).toBe('"=""0571"""')
    expect(csvCell('1380013800')).toBe('1380013800')
    expect(csvCell('0')).toBe('0')
    expect(csvCell('138 0013 8000')).toBe('138 0013 8000')
    expect(csvCell(null)).toBe('')
    expect(csvRow(['a', null, 3])).toBe('a,,3\r\n')
  })

  it('names the download in ASCII and, for the real name, in UTF-8 (RFC 5987)', () => {
    expect(attachment('winners-abc.csv', '春节 抽奖-中奖名单.csv')).toBe(
      `attachment; filename="winners-abc.csv"; filename*=UTF-8''${encodeURIComponent('春节 抽奖-中奖名单.csv')}`,
    )
    expect(attachment('a"b\\c\u00e9.csv', "it's (1).csv")).toBe(`attachment; filename="a_b_c_.csv"; filename*=UTF-8''it%27s%20%281%29.csv`)
  })
})

describe('export/winners and export/participants', () => {
  it('answers a CSV Excel opens: BOM, CRLF, quoted and defused cells, every column of each win', async () => {
    const windows = [
      { start: formatCst(T0 - HOUR), end: formatCst(T0 + HOUR) },
      { start: formatCst(T0 + 2 * HOUR), end: formatCst(T0 + 3 * HOUR) },
    ]
    // The form and key labels refuse line breaks; a prize's name (the marketer's text) may hold one.
    await addActivity(s.app, 'csv', config({ active_title: '春节抽奖', active_time: windows, prize: [prize({ id: 1, name: '保温杯, 大号\n(赠品)', chance: 100 })] }))
    const key = await staffKey(s.app, [], '门店 "东" 二楼')
    const a = await winner(s.app, 'csv')
    await fillForm(a.client, 'csv', { name: '王小明', tel: '13800138000', address: '北京市朝阳区, 3 号', other_info: '=1+1' })
    s.clock.now = T0 + 2 * HOUR + 30 * 1000
    const b = await winner(s.app, 'csv')
    await fillForm(b.client, 'csv', { name: '"李"四', tel: '13900139000' })
    s.clock.now = T0 + 2 * HOUR + MINUTE
    await new Client(s.app).call(OPS_PATHS.staffRedeem, { code: 'csv', awardcode: b.secret }, { headers: { [STAFF_HEADER]: key } })

    const res = await exportCall(OPS_PATHS.exportWinners, 'csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="winners-csv-2030-06-15.csv"; filename*=UTF-8''${encodeURIComponent('春节抽奖-中奖名单-2030-06-15.csv')}`,
    )
    const { text, rows } = await csvOf(res)
    expect(text.startsWith('\uFEFF')).toBe(true)
    expect(text.replaceAll('\r\n', '').includes('\n')).toBe(true) // the prize name's own line break, inside quotes
    expect(text.split('\r\n').length).toBeGreaterThan(3)
    expect(rows).toEqual([
      ['奖品', '类型', '核销码', '中奖时间', '场次', '姓名', '手机号', '地址', '其他信息', '领奖信息', '快递公司', '快递单号', '发货时间', '收货时间', '是否核销', '核销时间', '核销人'],
      ['保温杯, 大号\n(赠品)', '实物', excelText(a.secret), '2030-06-15 12:00:00', '第 1 场', '王小明', excelText('13800138000'), '北京市朝阳区, 3 号', "'=1+1", '', '', '', '', '', '未核销', '', ''],
      ['保温杯, 大号\n(赠品)', '实物', excelText(b.secret), '2030-06-15 14:00:30', '第 2 场', '"李"四', excelText('13900139000'), '', '', '', '', '', '', '', '已核销', '2030-06-15 14:01:00', '门店 "东" 二楼'],
    ])

    const people = await csvOf(await exportCall(OPS_PATHS.exportParticipants, 'csv'))
    expect(people.rows[0]).toEqual(['参与者', '身份', '首次参与时间', '抽奖次数', '中奖次数', '姓名', '手机号', '地址', '其他信息', '填写时间', '表单'])
    const byName = new Map(people.rows.slice(1).map((row) => [row[5], row]))
    expect(byName.get('王小明')).toEqual([
      participantLabel(decodeURIComponent(a.client.jar.get('pid') ?? '')),
      '匿名',
      '2030-06-15 12:00:00',
      '1',
      '1',
      '王小明',
      excelText('13800138000'),
      '北京市朝阳区, 3 号',
      "'=1+1",
      '2030-06-15 12:00:00',
      '',
    ])
    // An anonymous participant's id is their cookie's secret: never exported.
    expect(people.text).not.toContain(a.client.jar.get('pid')?.slice(2) ?? 'none')
    expect(people.rows).toHaveLength(3)
  })

  it('puts each win\'s claim form and its shipment in the winners export', async () => {
    const form: ClaimField[] = [
      { key: 'who', kind: 'name', label: '收件人', required: true },
      { key: 'addr', kind: 'address', label: '收货地址', required: true },
      { key: 'size', kind: 'choice', label: '尺码', required: false, options: ['S', 'M'] },
    ]
    await addActivity(s.app, 'claims', config({ prize: [prize({ id: 1, name: '卫衣', chance: 100, claim_fields: form })] }))
    const w = await winner(s.app, 'claims')
    const values = { who: '张三', addr: { province: '浙江省', city: '杭州市', district: '上城区', street: '富春路 1 号, 2 楼' }, size: 'M' }
    expect((await w.client.call(CAMPAIGN_PATHS.claim, { code: 'claims', awardcode: w.secret, values })).body.code).toBe(200)
    const ship = { code: 'claims', awardcode: w.secret, courier: '顺丰', tracking: 'SF123' }
    expect((await new Client(s.app).call(OPS_PATHS.ship, ship, { headers: { [MARKETER_HEADER]: MARKETER_KEY } })).body.code).toBe(200)

    const { rows } = await csvOf(await exportCall(OPS_PATHS.exportWinners, 'claims'))
    const at = (header: string) => rows[1]![rows[0]!.indexOf(header)]
    expect(at('领奖信息')).toBe('收件人：张三；收货地址：浙江省杭州市上城区 富春路 1 号, 2 楼；尺码：M')
    expect(at('快递公司')).toBe('顺丰')
    expect(at('快递单号')).toBe('SF123')
    expect(at('发货时间')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    expect(at('收货时间')).toBe('')
  })

  it('is the marketer\'s: no key, a staff key or an unknown activity get the JSON refusal, not a file', async () => {
    await addActivity(s.app, 'csv', config())
    const key = await staffKey(s.app)
    for (const headers of [{}, { [MARKETER_HEADER]: key }] as Record<string, string>[]) {
      const res = await exportCall(OPS_PATHS.exportWinners, 'csv', headers)
      expect(res.status).toBe(403)
      expect(((await res.json()) as { code: number }).code).toBe(Code.MARKETER_DENIED)
    }
    const unknown = await exportCall(OPS_PATHS.exportParticipants, 'nope')
    expect(((await unknown.json()) as { code: number }).code).toBe(Code.ACTIVITY_NOT_FOUND)
    const odd = await exportCall(OPS_PATHS.exportParticipants, '=cmd|calc')
    expect(await odd.json()).toMatchObject({ code: Code.BAD_REQUEST, msg: '请求参数不正确：活动编码（code）格式不正确' })
  })

  it('streams 100,000 winners: the first bytes arrive before the last row is read, and plays go on meanwhile', async () => {
    await addActivity(s.app, 'big', config({ prize: [prize({ id: 1, name: '奖品', chance: 100, sum: 200_000 })] }))
    // 100,000 wins written straight into the database (a second connection, as another process would).
    await insertBulkWins(s.side, 'big', 100_000, T0 - HOUR, T0)

    const heapBefore = process.memoryUsage().heapUsed
    const res = await exportCall(OPS_PATHS.exportWinners, 'big')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const first = await reader.read()
    expect(first.done).toBe(false)
    // Mid-download, a participant still plays (the connection is not held) and the new win is read later, at the end.
    const late = await winner(s.app, 'big')
    let text = new TextDecoder().decode(first.value)
    let bytes = first.value?.byteLength ?? 0
    let peakHeap = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      bytes += value.byteLength
      text += new TextDecoder().decode(value, { stream: true })
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
    }
    const lines = text.split('\r\n').filter((line) => line !== '')
    expect(lines).toHaveLength(1 + 100_001)
    expect(lines[1]).toContain('100000000000')
    expect(lines.at(-1)).toContain(late.secret)
    expect(bytes).toBeGreaterThan(7_000_000)
    // The test itself keeps the whole text; the server side adds no copy of the file on top of it.
    expect(peakHeap - heapBefore).toBeLessThan(bytes * 4 + 64 * 1024 * 1024)
  }, 60_000)
})
