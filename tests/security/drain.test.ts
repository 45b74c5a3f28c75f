import { afterAll, beforeAll, expect, it } from 'vitest'
import { Code, PATHS } from '../../src/core/contract'
import { RATE_DEFAULTS } from '../../server/context'
import { formatCst } from '../../src/core/windows'
import { HOUR, MARKETER_KEY, config, prize } from '../server/helpers'
import type { LiveServer } from './harness'
import { Browser, startLive } from './harness'

/**
 * The hostile test's drain script, pointed at an anonymous activity with
 * max_play 1 and the server's default limits: every play is a fresh browser
 * (cookies dropped), four loops in parallel, for DRAIN_SECONDS (60 by default).
 * Before the caps it got 3,404 plays and 337 wins in a minute from one IP;
 * now one network gets at most RATE_NEW_PARTICIPANTS participants (so plays)
 * and RATE_WINS wins per activity an hour.
 */

const SECONDS = Number(process.env.DRAIN_SECONDS ?? 60)
let live: LiveServer

beforeAll(async () => {
  // The real clock: with the test clock standing still, RATE_ENTRY's one-second window never slides
  // and caps the script at 60 entries, so the per-network caps would go untested.
  live = await startLive({ logError: () => {}, now: Date.now })
  const marketer = new Browser(live.origin)
  const saved = await marketer.json(PATHS.add, {
    ...config({
      max_play: 1,
      max_eplay: 1,
      active_time: [{ start: formatCst(Date.now() - HOUR), end: formatCst(Date.now() + 24 * HOUR) }],
      prize: [prize({ id: 1, name: '保温杯', chance: 10, sum: 100_000 })],
    }),
    code: 'drain',
    auth: MARKETER_KEY,
  })
  expect(saved.code).toBe(200)
})
afterAll(() => live.stop())

it(`a script dropping its cookies for ${SECONDS} s gets no more than the per-network caps`, async () => {
  const tally = { entries: 0, plays: 0, wins: 0, refused: 0 }
  const until = Date.now() + SECONDS * 1000
  const loop = async (n: number) => {
    for (let i = 0; Date.now() < until; i++) {
      const b = new Browser(live.origin)
      const entry = await b.json(PATHS.index, { code: 'drain' })
      if (entry.code !== Code.OK) {
        tally.refused++
        continue
      }
      tally.entries++
      const play = await b.json(PATHS.award, { code: 'drain', request_id: `drain-${n}-${i}-0000` })
      if (play.code === Code.OK) tally.wins++
      if (play.code === Code.OK || play.code === Code.NO_AWARD) tally.plays++
      else tally.refused++
    }
  }
  await Promise.all([0, 1, 2, 3].map(loop))
  const perMinute = (n: number) => Math.round((n * 60) / SECONDS)
  console.log(
    `[security] drain, ${SECONDS} s, cookies dropped, one IP: ${tally.entries} entries, ${tally.plays} plays, ${tally.wins} wins, ` +
      `${tally.refused} refusals (≈ ${perMinute(tally.plays)} plays/min; before the caps: 3,404 plays and 337 wins/min)`,
  )
  expect(tally.plays).toBeGreaterThan(0)
  expect(tally.plays).toBeLessThanOrEqual(RATE_DEFAULTS.newParticipant.limit)
  expect(tally.wins).toBeLessThanOrEqual(RATE_DEFAULTS.wins.limit)
  // The database agrees: one participant row per play, never more.
  expect(await live.store.participantCount(1)).toBe(tally.plays)
}, (SECONDS + 60) * 1000)
