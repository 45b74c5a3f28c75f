/**
 * Money as integer cents. Marketers enter yuan with at most two decimals; every
 * sum, split and comparison happens in cents so floats never leak into a payout.
 */

/** Yuan → integer cents, rounding half away from zero (1.005 → 101, 0.29 → 29). */
export function toCents(yuan: number): number {
  if (!Number.isFinite(yuan)) throw new RangeError(`toCents: not a finite amount: ${yuan}`)
  // yuan*100 can land a hair below the intended value (1.005*100 = 100.49999…);
  // 12 significant digits drops that noise while keeping every real cent.
  const scaled = Number((Math.abs(yuan) * 100).toPrecision(12))
  const cents = Math.round(scaled)
  return yuan < 0 && cents !== 0 ? -cents : cents
}

/** Integer cents → yuan with two decimals: 888 → '8.88', 5 → '0.05', -120 → '-1.20'. */
export function formatYuan(cents: number): string {
  const whole = Math.round(cents)
  const abs = Math.abs(whole)
  const yuan = Math.floor(abs / 100)
  const rest = String(abs % 100).padStart(2, '0')
  return `${whole < 0 ? '-' : ''}${yuan}.${rest}`
}

/** Integer cents → '¥8.88', as the page shows an amount. */
export function yuanText(cents: number): string {
  return `¥${formatYuan(cents)}`
}

/** An amount from the wire (yuan, two decimals) → '¥8.88'; '' for '0.00' (a prize that pays no money). */
export function wireYuanText(money: string): string {
  return money === '0.00' ? '' : `¥${money}`
}
