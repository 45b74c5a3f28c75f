import { isRandomRedPacket, type Prize } from '../core/activity'
import { toCents, yuanText } from '../core/money'

/**
 * What a red packet pays, as participants read it: '¥5.00' (fixed) or
 * '¥1.00~¥8.88' (random); '' for other prizes.
 */
export function prizeAmountText(prize: Pick<Prize, 'type' | 'sum' | 'money' | 'min' | 'max'>): string {
  if (prize.type !== 'redpacket') return ''
  if (isRandomRedPacket(prize)) return `${yuanText(toCents(prize.min))}~${yuanText(toCents(prize.max))}`
  return yuanText(toCents(prize.money))
}

/**
 * A number with thousands separators: 12345 → '12,345'. By hand: the first toLocaleString() of a page loads ICU's
 * number formatting, ~8 ms inside the page's first render on a desktop core (a long task on a phone).
 */
export function countText(n: number): string {
  return String(Math.max(0, Math.floor(n))).replace(/\B(?=(\d{3})+$)/g, ',')
}

/** Milliseconds → 'HH:mm:ss', or 'N天 HH:mm:ss' past a day. */
export function countdownText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const days = Math.floor(total / 86400)
  const pad = (n: number) => String(n).padStart(2, '0')
  const hms = `${pad(Math.floor((total % 86400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`
  return days > 0 ? `${days}天 ${hms}` : hms
}

/** One line of the winners marquee (seed 002 `info/userlist`). */
export interface WinnerItem {
  wxname: string
  /** Prize name. */
  name: string
  /** Amount text for red packets (e.g. '¥8.88'), else ''. */
  money?: string
}
