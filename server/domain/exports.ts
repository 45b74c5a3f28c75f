import type { ActivityConfig } from '../../src/core/activity'
import type { ActivityRow, ParticipantExportRow, Store, WinnerExportRow } from '../db/queries'
import { PRIZE_TYPE_NAMES } from '../../src/core/activity'
import type { ClaimField, ClaimValues } from '../../src/core/campaign'
import { formatCst, windowBounds } from '../../src/core/windows'
import { sha256 } from '../auth/hmac'
import { csvRow } from './csv'

/**
 * export/winners and export/participants: the columns, and the rows read a
 * batch at a time by keyset (id or pid order) — never the whole list in
 * memory, and never a statement left open across an await (better-sqlite3's
 * connection is busy while an iterator is open: a slow download would stop
 * every participant's call), so a batch is `.all()` of BATCH rows, written,
 * then the next one is read.
 */

/** Rows read per batch (and written as one chunk). */
export const EXPORT_BATCH = 500

type Cell = string | number | null

interface Column<Row> {
  header: string
  value: (row: Row) => Cell
}

/** 'YYYY-MM-DD HH:mm:ss', UTC+8 (the campaign's time zone, whatever the server's). */
export function cstTime(ms: number | null): string | null {
  if (ms === null) return null
  return new Date(ms + 8 * 60 * 60 * 1000).toISOString().slice(0, 19).replace('T', ' ')
}

/** '第 N 场' for a win's window (by its start), or its start time when the 场次 was since edited away. */
function windowLabel(config: ActivityConfig): (start: number) => string {
  const index = new Map<number, number>()
  config.active_time.forEach((w, i) => {
    const bounds = windowBounds(w)
    if (bounds && !index.has(bounds.start)) index.set(bounds.start, i)
  })
  return (start) => {
    const i = index.get(start)
    return i === undefined ? formatCst(start) : `第 ${i + 1} 场`
  }
}

/**
 * A filled claim form as one cell: 'label：answer；…' in the form's order (an
 * address as province city district street); the keys themselves when the
 * form's fields are not at hand. Null when nothing was filled.
 */
export function claimText(fieldsJson: string | null, valuesJson: string | null): string | null {
  if (valuesJson === null) return null
  const values = JSON.parse(valuesJson) as ClaimValues
  const fields: ClaimField[] = fieldsJson === null ? [] : (JSON.parse(fieldsJson) as ClaimField[])
  const labels = new Map(fields.map((f) => [f.key, f.label]))
  // Own keys only: a field keyed `constructor` left empty must not read Object's.
  const keys = [...fields.map((f) => f.key).filter((k) => Object.hasOwn(values, k)), ...Object.keys(values).filter((k) => !labels.has(k))]
  return keys
    .map((key) => {
      const answer = values[key]!
      const text = typeof answer === 'string' ? answer : `${answer.province}${answer.city}${answer.district} ${answer.street}`
      return `${labels.get(key) ?? key}：${text}`
    })
    .join('；')
}

/** The winners export's columns, in order. */
function winnerColumns(config: ActivityConfig): Column<WinnerExportRow>[] {
  const windowOf = windowLabel(config)
  return [
    { header: '奖品', value: (r) => r.prize_name },
    { header: '类型', value: (r) => PRIZE_TYPE_NAMES[r.prize_type] },
    { header: '核销码', value: (r) => r.secret },
    { header: '中奖时间', value: (r) => cstTime(r.created_at) },
    { header: '场次', value: (r) => windowOf(r.window_start) },
    // The participant's info form (Activity/user).
    { header: '姓名', value: (r) => r.name },
    { header: '手机号', value: (r) => r.tel },
    { header: '地址', value: (r) => r.address },
    { header: '其他信息', value: (r) => r.other_info },
    // The prize's claim form (issue 13): one cell, since each prize may ask for other fields.
    { header: '领奖信息', value: (r) => claimText(r.claim_fields, r.claim) },
    { header: '快递公司', value: (r) => r.courier },
    { header: '快递单号', value: (r) => r.tracking },
    { header: '发货时间', value: (r) => cstTime(r.shipped_at) },
    { header: '收货时间', value: (r) => cstTime(r.received_at) },
    { header: '是否核销', value: (r) => (r.redeemed_at === null ? '未核销' : '已核销') },
    { header: '核销时间', value: (r) => cstTime(r.redeemed_at) },
    { header: '核销人', value: (r) => (r.redeemed_at === null ? null : (r.redeemer_label ?? '未记录')) },
  ]
}

/**
 * Who a participant is, for the export: a host user's own uid (the host knows
 * them); otherwise a stable pseudonym — an anonymous pid is the participant's
 * bearer secret (their cookie) and an openid ties them across activities.
 */
export function participantLabel(pid: string): string {
  if (pid.startsWith('u:')) return pid.slice(2)
  return `${pid.startsWith('w:') ? '微信' : '匿名'}-${sha256(pid).slice(0, 10)}`
}

const IDENTITY_LABELS: Readonly<Record<string, string>> = { u: '主办方用户', w: '微信用户', a: '匿名' }

const participantColumns: Column<ParticipantExportRow>[] = [
  { header: '参与者', value: (r) => participantLabel(r.pid) },
  { header: '身份', value: (r) => IDENTITY_LABELS[r.pid.slice(0, 1)] ?? '' },
  { header: '首次参与时间', value: (r) => cstTime(r.created_at) },
  { header: '抽奖次数', value: (r) => r.plays },
  { header: '中奖次数', value: (r) => r.wins },
  { header: '姓名', value: (r) => r.name },
  { header: '手机号', value: (r) => r.tel },
  { header: '地址', value: (r) => r.address },
  { header: '其他信息', value: (r) => r.other_info },
  { header: '填写时间', value: (r) => cstTime(r.filled_at) },
  // The activity's own before-play form (config.claim_fields), when it has one; labels are in the answers' keys' order.
  { header: '表单', value: (r) => claimText(null, r.form) },
]

/** A CSV as chunks: the header line, then a chunk per batch of rows. */
async function* csvChunks<Row>(columns: Column<Row>[], batches: () => AsyncGenerator<Row[]>): AsyncGenerator<string> {
  yield csvRow(columns.map((c) => c.header))
  for await (const batch of batches()) yield batch.map((row) => csvRow(columns.map((c) => c.value(row)))).join('')
}

/** The winners CSV's chunks, oldest win first. */
export function winnersCsv(store: Store, activity: ActivityRow): AsyncGenerator<string> {
  return csvChunks(winnerColumns(activity.config), async function* () {
    for (let after = 0; ; ) {
      const rows = await store.ops.exportWinners(activity.id, after, EXPORT_BATCH)
      if (rows.length === 0) return
      yield rows
      after = (rows[rows.length - 1] as WinnerExportRow).id
    }
  })
}

/** The participants CSV's chunks (those who played or filled the form). */
export function participantsCsv(store: Store, activity: ActivityRow): AsyncGenerator<string> {
  return csvChunks(participantColumns, async function* () {
    for (let after = ''; ; ) {
      const rows = await store.ops.exportParticipants(activity.id, after, EXPORT_BATCH)
      if (rows.length === 0) return
      yield rows
      after = (rows[rows.length - 1] as ParticipantExportRow).pid
    }
  })
}
