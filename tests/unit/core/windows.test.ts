import { afterEach, describe, expect, it } from 'vitest'
import { formatCst, parseCst, sameWindow, startOfCstDay, windowAt, windowBounds, windowNotice, windowOfDays } from '../../../src/core/windows'

const ORIGINAL_TZ = process.env.TZ

afterEach(() => {
  process.env.TZ = ORIGINAL_TZ
})

describe('parseCst', () => {
  // Epochs computed by hand: the UTC time is 8 hours earlier.
  const cases: [string, number][] = [
    ['2024-03-10 02:30', 1710009000000], // 2024-03-09 18:30 UTC (a US DST switch night)
    ['2016-02-02 11:00', 1454382000000], // the seed's example
    ['2024-02-29 23:59', 1709222340000], // leap day
    ['2025-01-01 00:00', 1735660800000], // 2024-12-31 16:00 UTC
  ]

  it.each(['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Europe/London', 'Pacific/Kiritimati'])(
    'ignores the host time zone (TZ=%s)',
    (tz) => {
      process.env.TZ = tz
      for (const [text, epoch] of cases) {
        expect(parseCst(text)).toBe(epoch)
        expect(formatCst(epoch)).toBe(text)
      }
    },
  )

  it.each([
    '',
    '2024-3-10 02:30',
    '2024-03-10 2:30',
    '2024-03-10T02:30',
    '2024-03-10 02:30:00',
    '2024-13-01 00:00',
    '2024-00-10 00:00',
    '2024-02-30 00:00',
    '2023-02-29 00:00',
    '2024-04-31 00:00',
    '2024-03-00 00:00',
    '2024-03-10 24:00',
    '2024-03-10 12:60',
    'abc',
  ])('rejects %j', (text) => {
    expect(parseCst(text)).toBeNull()
  })
})

describe('formatCst', () => {
  it('drops seconds', () => {
    expect(formatCst(1735660800000 + 59_999)).toBe('2025-01-01 00:00')
  })
})

describe('windowAt', () => {
  const windows = [
    { start: '2025-06-01 09:00', end: '2025-06-01 11:59' },
    { start: '2025-06-02 09:00', end: '2025-06-02 11:59' },
  ]
  const at = (s: string, extraMs = 0) => (parseCst(s) as number) + extraMs

  it('is before the first window', () => {
    expect(windowAt(windows, at('2025-06-01 08:59', 59_999))).toEqual({
      phase: 'before',
      nextIndex: 0,
      startsAt: at('2025-06-01 09:00'),
    })
  })

  it('is open from the start minute to the end of the end minute', () => {
    const endsAt = at('2025-06-01 12:00')
    expect(windowAt(windows, at('2025-06-01 09:00'))).toEqual({ phase: 'open', index: 0, endsAt })
    expect(windowAt(windows, at('2025-06-01 11:59', 59_999))).toEqual({ phase: 'open', index: 0, endsAt })
  })

  it('is before the next window between two windows', () => {
    expect(windowAt(windows, at('2025-06-01 12:00'))).toEqual({
      phase: 'before',
      nextIndex: 1,
      startsAt: at('2025-06-02 09:00'),
    })
  })

  it('is open in the second window', () => {
    expect(windowAt(windows, at('2025-06-02 10:00'))).toEqual({ phase: 'open', index: 1, endsAt: at('2025-06-02 12:00') })
  })

  it('is after the last window', () => {
    expect(windowAt(windows, at('2025-06-02 12:00'))).toEqual({ phase: 'after' })
  })

  it('is after when there are no windows', () => {
    expect(windowAt([], 0)).toEqual({ phase: 'after' })
  })

  it('skips malformed windows and keeps original indexes', () => {
    const mixed = [{ start: 'oops', end: '2025-06-01 10:00' }, ...windows]
    expect(windowAt(mixed, at('2025-06-02 10:00'))).toMatchObject({ phase: 'open', index: 2 })
    expect(windowAt(mixed, at('2025-05-01 00:00'))).toMatchObject({ phase: 'before', nextIndex: 1 })
  })

  it('gives bounds with the end minute included', () => {
    expect(windowBounds(windows[0] as (typeof windows)[0])).toEqual({
      start: at('2025-06-01 09:00'),
      endsAt: at('2025-06-01 12:00'),
    })
    expect(windowBounds({ start: 'x', end: '2025-06-01 10:00' })).toBeNull()
  })

  it('reads a window edited in place anew (kept bounds are per text, not per object)', () => {
    const window = { start: '2025-06-01 09:00', end: '2025-06-01 11:59' }
    expect(windowBounds(window)?.start).toBe(at('2025-06-01 09:00'))
    window.start = '2025-06-01 10:00'
    expect(windowBounds(window)?.start).toBe(at('2025-06-01 10:00'))
    window.end = 'not a time'
    expect(windowBounds(window)).toBeNull()
  })
})

describe('startOfCstDay and windowOfDays', () => {
  it('splits days at 00:00 UTC+8, not UTC', () => {
    const lateEvening = parseCst('2025-12-12 23:30') as number
    expect(formatCst(startOfCstDay(lateEvening))).toBe('2025-12-12 00:00')
    // 00:30 UTC+8 is still the previous day in UTC.
    expect(formatCst(startOfCstDay(parseCst('2025-12-13 00:30') as number))).toBe('2025-12-13 00:00')
  })

  it('a window of whole days ends on the last minute', () => {
    const start = parseCst('2025-12-12 00:00') as number
    expect(windowOfDays(start, 1)).toEqual({ start: '2025-12-12 00:00', end: '2025-12-12 23:59' })
    expect(windowOfDays(start + 10 * 60_000, 7)).toEqual({ start: '2025-12-12 00:10', end: '2025-12-19 00:09' })
  })
})

describe('sameWindow', () => {
  const windows = [
    { start: '2025-06-01 09:00', end: '2025-06-01 11:59' },
    { start: '2025-06-02 09:00', end: '2025-06-02 11:59' },
  ]
  const at = (s: string) => parseCst(s) as number
  const state = (s: string) => windowAt(windows, at(s))

  it('is true for two moments of the same window, gap or end', () => {
    expect(sameWindow(state('2025-06-01 09:00'), state('2025-06-01 11:30'))).toBe(true)
    expect(sameWindow(state('2025-06-01 12:00'), state('2025-06-02 08:00'))).toBe(true)
    expect(sameWindow(state('2025-06-03 00:00'), state('2025-06-04 00:00'))).toBe(true)
  })

  it('is false across a window opening or closing, and between two windows', () => {
    expect(sameWindow(state('2025-06-01 08:00'), state('2025-06-01 09:00'))).toBe(false)
    expect(sameWindow(state('2025-06-01 11:30'), state('2025-06-01 12:00'))).toBe(false)
    expect(sameWindow(state('2025-06-01 10:00'), state('2025-06-02 10:00'))).toBe(false)
    expect(sameWindow(state('2025-06-01 08:00'), state('2025-06-01 12:00'))).toBe(false)
    expect(sameWindow(state('2025-06-02 10:00'), state('2025-06-03 00:00'))).toBe(false)
  })
})

describe('windowNotice', () => {
  const now = parseCst('2025-06-01 12:00') as number
  it('words each phase for the page', () => {
    expect(windowNotice({ phase: 'open', index: 1, endsAt: now + 5000 }, 1, 2, now)).toEqual({
      open: true,
      label: '第 2 场进行中 · 距结束',
      countdownMs: 5000,
      blocked: '',
    })
    expect(windowNotice({ phase: 'open', index: 0, endsAt: now + 5000 }, 1, 1, now).label).toBe('活动进行中 · 距结束')
    expect(windowNotice({ phase: 'before', nextIndex: 0, startsAt: now + 1000 }, 1, 2, now)).toEqual({
      open: false,
      label: '距活动开始',
      countdownMs: 1000,
      blocked: '活动未开始',
    })
    expect(windowNotice({ phase: 'before', nextIndex: 1, startsAt: now + 1000 }, 1, 2, now)).toMatchObject({
      label: '距第 2 场开始',
      blocked: '下一场未开始',
    })
    expect(windowNotice({ phase: 'after' }, 1, 2, now)).toEqual({ open: false, label: '活动已结束', countdownMs: null, blocked: '活动已结束' })
  })

  it('a closed activity reads closed whatever the window', () => {
    expect(windowNotice({ phase: 'open', index: 0, endsAt: now + 1 }, 0, 1, now)).toMatchObject({ open: false, blocked: '活动已关闭' })
  })
})
