import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** A measured figure, or null when it could not be measured (the row's `na` says why). */
export type Value = number | null

/** One line of a section's table: a metric measured for each column (subject). */
export interface Row {
  metric: string
  /** 'kB' (gzip, 1000 bytes), 'ms', 'score', 'req/s', 'count', '×'... */
  unit: string
  values: Record<string, Value>
  /** How the figure was measured, in one sentence. */
  how: string
  /** Per column: why the value is n/a. */
  na?: Record<string, string>
}

export type SectionId = 'size' | 'load' | 'loadNoWebgl' | 'frame' | 'scratch' | 'sound' | 'server'

/** One part of the bench: a table (columns = subjects) or a reason it could not run. */
export interface Section {
  id: SectionId
  title: string
  columns: string[]
  rows: Row[]
  /** Set when the whole section could not run. */
  skipped?: string
  /** Wall time of the section, s. */
  durationS?: number
}

/** An issue target, judged on the figures. met = null when a figure it needs is n/a. */
export interface TargetCheck {
  target: string
  measured: string
  met: boolean | null
  note: string
}

export interface Results {
  startedAt: string
  finishedAt: string
  durationS: number
  machine: {
    cpus: number
    cpuModel: string
    memoryGB: number
    node: string
    chromium: string
    platform: string
    /** 1-minute load average when the run started and when it ended: other work on the machine skews timings. */
    loadAvg: { start: number; end: number }
  }
  sections: Section[]
  targets: TargetCheck[]
  /** Per-section raw measurements (per-run values, file lists...), for whoever digs deeper. */
  raw: Record<string, unknown>
}

/** A section that could not run, with its reason. */
export function skippedSection(id: SectionId, title: string, reason: string): Section {
  return { id, title, columns: [], rows: [], skipped: reason }
}

/** Format a value for a table cell. */
export function formatValue(value: Value | undefined, unit: string): string {
  if (value === null || value === undefined) return 'n/a'
  if (unit === 'score' || unit === 'count' || unit === 'req/s' || unit === 'px') return String(Math.round(value))
  if (unit === '×') return `${value.toFixed(2)}×`
  if (unit === 'kB' || unit === 'ms' || unit === '%') return value.toFixed(1)
  return String(value)
}

function cells(section: Section, row: Row): string[] {
  return section.columns.map((c) => {
    const v = formatValue(row.values[c], row.unit)
    return v === 'n/a' && row.na?.[c] ? `n/a (${row.na[c]})` : v
  })
}

/** The results as aligned plain-text tables, for stdout. */
export function toText(results: Results): string {
  const out: string[] = []
  for (const s of results.sections) {
    out.push('', `== ${s.title}${s.durationS !== undefined ? ` (${s.durationS.toFixed(0)} s)` : ''}`)
    if (s.skipped) {
      out.push(`   n/a (${s.skipped})`)
      continue
    }
    const header = ['metric', 'unit', ...s.columns]
    const body = s.rows.map((r) => [r.metric, r.unit, ...cells(s, r)])
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)))
    const line = (cols: string[]) => cols.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')
    out.push(line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line))
  }
  out.push('', '== Targets')
  for (const t of results.targets) {
    const mark = t.met === null ? 'n/a ' : t.met ? 'MET ' : 'MISS'
    out.push(`[${mark}] ${t.target} — ${t.measured}${t.note ? ` — ${t.note}` : ''}`)
  }
  const load = results.machine.loadAvg
  out.push('', `finished in ${results.durationS.toFixed(0)} s (load average ${load.start.toFixed(1)} → ${load.end.toFixed(1)} on ${results.machine.cpus} cores)`)
  return out.join('\n')
}

const esc = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** The results as Markdown: one table per section with a "how measured" column, then the targets. */
export function toMarkdown(results: Results): string {
  const m = results.machine
  const out: string[] = [
    '# Benchmark results',
    '',
    `Run ${results.startedAt} in ${results.durationS.toFixed(0)} s on ${m.cpus}× ${m.cpuModel}, ${m.memoryGB} GB, ` +
      `${m.platform}, Node ${m.node}, ${m.chromium}; 1-min load average ${m.loadAvg.start.toFixed(1)} at start, ${m.loadAvg.end.toFixed(1)} at end. ` +
      'Produced by `npm run bench` (bench/run.ts); raw figures in latest.json.',
  ]
  if (Math.max(m.loadAvg.start, m.loadAvg.end) > m.cpus) {
    out.push('', `> **Caution:** the machine was busy with other work during this run (load average above its ${m.cpus} cores); timings are pessimistic.`)
  }
  out.push('', '## Targets', '', '| target | measured | met | note |', '| --- | --- | --- | --- |')
  for (const t of results.targets) {
    const met = t.met === null ? 'n/a' : t.met ? '✅ met' : '❌ missed'
    out.push(`| ${esc(t.target)} | ${esc(t.measured)} | ${met} | ${esc(t.note)} |`)
  }
  for (const s of results.sections) {
    out.push('', `## ${s.title}`, '')
    if (s.durationS !== undefined) out.push(`Section time: ${s.durationS.toFixed(0)} s.`, '')
    if (s.skipped) {
      out.push(`n/a (${esc(s.skipped)})`)
      continue
    }
    out.push(`| metric | unit | ${s.columns.join(' | ')} | how measured |`, `| --- | --- | ${s.columns.map(() => '---:').join(' | ')} | --- |`)
    for (const r of s.rows) out.push(`| ${esc(r.metric)} | ${r.unit} | ${cells(s, r).map(esc).join(' | ')} | ${esc(r.how)} |`)
  }
  return `${out.join('\n')}\n`
}

/** Write latest.json and latest.md into `dir`; returns their paths. */
export function writeResults(results: Results, dir: string): { json: string; md: string } {
  mkdirSync(dir, { recursive: true })
  const json = join(dir, 'latest.json')
  const md = join(dir, 'latest.md')
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`)
  writeFileSync(md, toMarkdown(results))
  return { json, md }
}
