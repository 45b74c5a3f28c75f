/**
 * CSV that Excel opens correctly (RFC 4180): UTF-8 with a BOM (Excel reads
 * Chinese as GBK without it), CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line break (quotes doubled). A text cell that Excel
 * would run as a formula (starting with = + - @, a tab or a CR) gets a leading
 * single quote. A text cell of digits that Excel would turn into a number and
 * so damage (a phone number or a 12-digit 核销码 shown as 1.38E+10, digits past
 * the 15th zeroed, a leading 0 dropped) is written as ="…", which Excel, WPS,
 * Numbers and LibreOffice show as that text. A dozen lines of our own rather than a library: the rules fit
 * here whole and are tested, and the rows come from a keyset loop, not a
 * Node stream a library would want.
 */

export const CSV_BOM = '\uFEFF'
const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/
/** Digits Excel would mangle as a number: 11 or more (phones, codes), or a leading zero. */
const FRAGILE_DIGITS = /^(?:\d{11,}|0\d+)$/
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** One field. Numbers are written as they are; text is defused, then quoted if needed; null is empty. */
export function csvCell(value: string | number | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  if (FRAGILE_DIGITS.test(value)) return `"=""${value}"""`
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** One record, CRLF-terminated. */
export function csvRow(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

/**
 * Content-Disposition for a download: an ASCII `filename` for old clients and
 * the real (Chinese) name as RFC 5987 `filename*`.
 */
export function attachment(asciiName: string, name: string): string {
  const ascii = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_')
  // encodeURIComponent throws on a lone surrogate (a title may hold one): U+FFFD instead.
  const wellFormed = name.replace(LONE_SURROGATE, '\ufffd')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(wellFormed).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`
}
