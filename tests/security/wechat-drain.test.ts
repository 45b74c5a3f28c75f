import { afterAll, beforeAll, expect, it } from 'vitest'
import type { WechatStandIn } from '../helpers/wechatStandIn'
import { Code, PATHS } from '../../src/core/contract'
import { RATE_DEFAULTS } from '../../server/context'
import { participantPath } from '../../src/core/wechat'
import { MARKETER_KEY, config, prize } from '../server/helpers'
import { STANDIN_APPID, STANDIN_SECRET, startWechatStandIn } from '../helpers/wechatStandIn'
import type { LiveServer } from './harness'
import { Browser, startLive } from './harness'

/**
 * The drain script against a `wechat` activity: every round is a fresh
 * browser (cookies dropped) that signs in again through WeChat (the local
 * stand-in) as the same WeChat user, then enters and plays. Plays belong to
 * the openid, so however many cookies it drops it gets at most max_play.
 */

const SECONDS = Number(process.env.WX_DRAIN_SECONDS ?? 10)
const MAX_PLAY = 2
const CODE = 'wxdrain'
const OPENID = 'o_drainer'
let standIn: WechatStandIn
let live: LiveServer

beforeAll(async () => {
  standIn = await startWechatStandIn()
  // One WeChat account behind every round, as on one phone whose WebView forgets its cookies.
  standIn.user = { openid: OPENID }
  // The per-IP brakes lifted (the test clock stands still, so their windows never slide): the openid's max_play alone must hold.
  const open = { limit: 1_000_000, windowMs: 1000 }
  live = await startLive({
    logError: () => {},
    rate: { ...RATE_DEFAULTS, entry: open, ip: open, participant: open },
    wechat: { appId: STANDIN_APPID, secret: STANDIN_SECRET, oauthBase: standIn.origin, apiBase: standIn.origin },
  })
  // A prize nobody wins: a win ends the window's plays (have_award), and this is about the plays alone.
  const saved = await new Browser(live.origin).json(PATHS.add, {
    ...config({ identity: 'wechat', max_play: MAX_PLAY, max_eplay: MAX_PLAY, prize: [prize({ id: 1, name: '保温杯', chance: 0, sum: 100_000 })] }),
    code: CODE,
    auth: MARKETER_KEY,
  })
  expect(saved.code).toBe(200)
})
afterAll(async () => {
  await live?.stop()
  await standIn?.close()
})

/** authorize → WeChat's authorize page → callback → the page, following the 302s as a browser does; true when back on the page. */
async function signIn(b: Browser): Promise<boolean> {
  let res = await b.fetch(`/wechat/authorize?code=${CODE}&scope=base`, { redirect: 'manual' })
  if (res.status !== 302) return false
  res = await fetch(res.headers.get('location')!, { redirect: 'manual' })
  const callback = new URL(res.headers.get('location') ?? '')
  if (callback.origin !== live.origin) return false
  // WeChat's redirect back is a cross-site navigation.
  res = await b.fetch(callback.pathname.replace(/^\/lottery/, '') + callback.search, { redirect: 'manual', headers: { 'sec-fetch-site': 'cross-site' } })
  return res.status === 302 && res.headers.get('location') === participantPath(CODE)
}

it(`a script dropping its cookies and signing in again as the same WeChat user for ${SECONDS} s gets at most max_play plays`, async () => {
  const tally = { signIns: 0, entries: 0, plays: 0, wins: 0, refused: 0 }
  /** Refused plays by answer code. */
  const refusals = new Map<number, number>()
  const until = Date.now() + SECONDS * 1000
  const loop = async (n: number) => {
    for (let i = 0; Date.now() < until; i++) {
      const b = new Browser(live.origin)
      if (!(await signIn(b))) {
        tally.refused++
        continue
      }
      tally.signIns++
      const entry = await b.json<{ code: number; data: { pid?: string } }>(PATHS.index, { code: CODE })
      if (entry.code !== Code.OK) {
        tally.refused++
        continue
      }
      tally.entries++
      const play = await b.json(PATHS.award, { code: CODE, request_id: `wxdrain-${n}-${i}-0000` })
      if (play.code === Code.OK) tally.wins++
      if (play.code === Code.OK || play.code === Code.NO_AWARD) tally.plays++
      else refusals.set(play.code, (refusals.get(play.code) ?? 0) + 1)
    }
  }
  await Promise.all([0, 1, 2, 3].map(loop))
  console.log(
    `[security] wechat drain, ${SECONDS} s, cookies dropped, one openid: ${tally.signIns} sign-ins, ${tally.entries} entries, ` +
      `${tally.plays} plays (max_play ${MAX_PLAY}), ${tally.wins} wins, ` +
      `${tally.refused} refused sign-ins or entries, refused plays by code ${JSON.stringify(Object.fromEntries(refusals))}`,
  )
  // The script really did come back with fresh cookies many times over.
  expect(tally.entries).toBeGreaterThan(MAX_PLAY * 5)
  expect(tally.plays).toBe(MAX_PLAY)
  // Every other play was refused for want of plays, not by a brake.
  expect([...refusals.keys()]).toEqual([Code.NO_TIMES])
  // The database agrees: one participant, the openid's, with max_play plays.
  expect(await live.store.participantCounts(1)).toEqual({ participants: 1, plays: MAX_PLAY })
  expect(await live.store.participant(1, `w:${OPENID}`)).not.toBeNull()
}, (SECONDS + 60) * 1000)
