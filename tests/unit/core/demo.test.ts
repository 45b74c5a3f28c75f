import { describe, expect, it } from 'vitest'
import { demoActivities, demoForTemplate } from '../../../src/core/demo'
import { windowAt } from '../../../src/core/windows'
import { validateActivity } from '../../../src/core/validation'
import { cst } from '../../helpers/activity'

describe('demo activities', () => {
  // Late evening CST, so a UTC-based day split would put "today" on the wrong date.
  const now = cst('2025-12-12 23:30')
  const demos = demoActivities(now)

  it.each(Object.entries(demos))('%s passes validation unchanged', (_kind, config) => {
    const result = validateActivity(config)
    expect(result.ok ? [] : result.errors).toEqual([])
    expect(result.ok && result.value).toEqual(config)
  })

  it.each(Object.entries(demos))('%s is open now and for 30 days', (_kind, config) => {
    expect(config.active_time[0]?.start).toBe('2025-12-12 00:00')
    expect(config.active_time.at(-1)?.end).toBe('2026-01-11 23:59')
    expect(windowAt(config.active_time, now)).toMatchObject({ phase: 'open', index: 0 })
    expect(windowAt(config.active_time, cst('2026-01-01 12:00')).phase).toBe('open')
  })

  it('one demo per template, with the wheel’s chances summing to 60–80%', () => {
    expect([demos.scratch.template, demos.wheel.template, demos.redpacket.template]).toEqual([10, 11, 12])
    const total = demos.wheel.prize.reduce((a, p) => a + p.chance, 0)
    expect(total).toBeGreaterThanOrEqual(60)
    expect(total).toBeLessThanOrEqual(80)
    expect(demos.wheel.prize.length).toBeGreaterThanOrEqual(4)
    expect(demos.wheel.prize.length).toBeLessThanOrEqual(6)
  })

  it('demoForTemplate matches demoActivities', () => {
    expect(demoForTemplate(11, now)).toEqual(demos.wheel)
    expect(demoForTemplate(10, now)).toEqual(demos.scratch)
    expect(demoForTemplate(12, now)).toEqual(demos.redpacket)
  })
})
