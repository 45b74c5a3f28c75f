import type { Row } from './report'

/** Percentile by linear interpolation between closest ranks (p in 0–100); null for no samples. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p / 100) * (sorted.length - 1)
  const lo = Math.floor(rank)
  const hi = Math.ceil(rank)
  const a = sorted[lo] as number
  const b = sorted[hi] as number
  return a + (b - a) * (rank - lo)
}

/** The median (p50); null for no samples. */
export const median = (values: readonly number[]): number | null => percentile(values, 50)

/** Round to `digits` decimals, keeping null. */
export function round(value: number | null, digits = 1): number | null {
  if (value === null || !Number.isFinite(value)) return null
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/**
 * A table row over the columns' raw results: each value picked from its result;
 * a column whose result is a string (why it failed) or missing gets null with
 * that reason, and a picked null gets `nullReason` when given.
 */
export function tableRow<T>(
  raw: Readonly<Record<string, T | string>>,
  columns: readonly string[],
  label: Pick<Row, 'metric' | 'unit' | 'how'>,
  pick: (r: T) => number | null,
  nullReason?: string,
): Row {
  const values: Row['values'] = {}
  const na: Record<string, string> = {}
  for (const c of columns) {
    const r = raw[c]
    if (typeof r === 'string' || r === undefined) {
      values[c] = null
      na[c] = typeof r === 'string' ? r : 'not measured'
      continue
    }
    const v = pick(r)
    values[c] = v
    if (v === null && nullReason !== undefined) na[c] = nullReason
  }
  return { metric: label.metric, unit: label.unit, values, how: label.how, na }
}
