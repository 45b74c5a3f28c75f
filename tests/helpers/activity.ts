/** Activity fixtures for every test layer: one factory, override what the test is about. */

import type { ActivityConfig, Prize } from '../../src/core/activity'
import { defaultActivity } from '../../src/core/blankActivity'
import { parseCst } from '../../src/core/windows'

/** Epoch ms of a 'YYYY-MM-DD HH:mm' (UTC+8) time that the test knows is valid. */
export function cst(s: string): number {
  const ms = parseCst(s)
  if (ms === null) throw new Error(`bad fixture time ${s}`)
  return ms
}

/** A prize with every field filled; override what the test is about. */
export function makePrize(id: number, fields: Partial<Prize> = {}): Prize {
  return { id, type: 'physical', sum: 10, name: `奖品${id}`, money: 0, max: 0, min: 0, img: '', info: '', chance: 10, claim_fields: [], ...fields }
}

/** An open activity with two windows on 2025-06-01 and 2025-06-03 and no limits. */
export function makeConfig(fields: Partial<ActivityConfig> = {}): ActivityConfig {
  return {
    ...defaultActivity(11),
    active_title: '测试活动',
    active_time: [
      { start: '2025-06-01 00:00', end: '2025-06-01 23:59' },
      { start: '2025-06-03 00:00', end: '2025-06-03 23:59' },
    ],
    prize: [makePrize(1)],
    ...fields,
  }
}

/** Inside the first window of makeConfig. */
export const IN_FIRST = cst('2025-06-01 12:00')
/** Inside the second window of makeConfig. */
export const IN_SECOND = cst('2025-06-03 12:00')
