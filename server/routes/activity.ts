import { Hono } from 'hono'
import * as v from 'valibot'
import type { IndexData, SettingsData } from '../../src/core/contract'
import type { Deps } from '../context'
import { Code } from '../../src/core/contract'
import {
  AddRequestSchema,
  AwardRequestSchema,
  CodeRequestSchema,
  IndexRequestSchema,
  ListRequestSchema,
  MultiRequestSchema,
  UserEntrySchema,
  UserRequestSchema,
  toFieldErrors,
} from '../../src/core/requests'
import { guideReasonOf, type ClaimValues } from '../../src/core/campaign'
import type { UserInfo } from '../../src/core/userInfo'
import { readClaimValues } from '../../src/core/claimValues'
import { multiRefusal, multiRequestKey, playMulti, seedColumns } from '../domain/campaign'
import { validateActivity } from '../../src/core/validation'
import { MARKETER_HEADER, isMarketer, marketerKeyOf, requireMarketer } from '../auth/marketer'
import type { Reply } from '../http'
import type { ActivityRow } from '../db/queries'
import type { Session } from '../auth/session'
import { Refusal, anonymousPid, enter, withSession } from '../auth/session'
import { verifyTicket } from '../auth/ticket'
import { marketerView, saveActivity } from '../domain/activities'
import { overviews } from '../domain/manage'
import { type LockedPlay, lockedPlay, participantState, playAward } from '../domain/play'
import { recordReferral } from '../wechat/referral'
import { defaultIdentity, wechatEntryReply, wechatParticipant } from '../wechat/signin'
import { badRequest, clientIp, fail, send } from '../http'
import { loadKeptActivity, validate } from '../middleware'
import { AnonymousCaps, SlidingWindowLimiter } from '../rateLimit'

/** Activity/add's own fields checked; the rest (the configuration) kept for validateActivity. readInput always gives an object. */
const AddInputSchema = v.looseObject(AddRequestSchema.entries)

const RATE_LIMITED: Reply = { code: Code.RATE_LIMITED, data: null }

/** Activity/*: index, prize, user, award (participants); add, list, settings (marketers). */
/**
 * An entry refused before the page has the configuration (sign-in, not in the host's group): the
 * marketer's guide for that reason rides along in `data.guide` (issue 13), when there is one.
 */
function withGuide(activity: ActivityRow, reply: Reply): Reply {
  const reason = guideReasonOf(reply.code)
  const guide = reason === null ? undefined : activity.config.guides[reason]
  if (guide === undefined) return reply
  return { ...reply, data: { ...(reply.data as Record<string, unknown> | null), guide } }
}

export function activityRoutes(deps: Deps): Hono {
  const app = new Hono()
  const { store } = deps
  const perParticipant = new SlidingWindowLimiter(deps.rate.participant)
  const perIp = new SlidingWindowLimiter(deps.rate.ip)
  const entriesPerIp = new SlidingWindowLimiter(deps.rate.entry)
  const caps = new AnonymousCaps(deps.rate)
  // The participants' calls: the activity as read at most a second ago (the marketer's view reads it afresh).
  const knownActivity = loadKeptActivity(store)
  const marketerOnly = requireMarketer(deps)
  /** No participant row yet: its first state-changing call (counted by the anonymous caps). */
  const isNew = async (s: Session) => (await store.participant(s.activityId, s.pid)) === null

  app.on(['GET', 'POST'], '/index', validate(IndexRequestSchema), knownActivity, async (c) => {
    const input = c.req.valid('json')
    const { activity } = c.var
    const now = deps.now()
    if (!entriesPerIp.hit(clientIp(c, deps.trustProxy), now)) return fail(c, Code.RATE_LIMITED)

    // A marketer key (the header, or a POST's `auth` holding one) asks for the full view; it starts no chain.
    // A key in a GET query is refused (URLs end up in logs and Referer headers), and counts as a failed attempt.
    const key = marketerKeyOf(c, input.auth)
    if (c.req.header(MARKETER_HEADER) !== undefined || (input.auth !== undefined && (await isMarketer(store, input.auth, now)))) {
      if (!(await isMarketer(store, key, now))) return fail(c, Code.MARKETER_DENIED)
      // As saved now, not as kept for participants' calls: a save on another process shows at once.
      const current = (await store.activityByCode(activity.code)) ?? activity
      return send(c, { code: Code.OK, data: await marketerView(store, current, now) })
    }

    // A draft (Activity/duplicate, not yet published) is the marketer's alone: previewed above, never entered.
    if (activity.publishedAt === null) return fail(c, Code.ACTIVITY_DRAFT)

    let pid: string
    if (input.auth) {
      const ticket = verifyTicket(input.auth, deps.ticketSecret, now)
      if (!ticket.ok) return send(c, withGuide(activity, { code: ticket.code, data: null }))
      pid = `u:${ticket.uid}`
    } else if (activity.config.active_type === 2) {
      return send(c, withGuide(activity, { code: Code.TICKET_REQUIRED, data: null }))
    } else if (activity.config.identity === 'wechat') {
      const who = await wechatParticipant(c, deps, activity)
      if (!('pid' in who)) return send(c, withGuide(activity, wechatEntryReply(who, activity, now)))
      pid = who.pid
      // The one write an entry may make: a signed-in person arriving through a share link is the
      // referral's event (recordReferral ignores anyone who already entered). Anonymous reads stay write-free.
      if (input.ref !== undefined) await recordReferral(store, activity, input.ref, pid, now)
    } else {
      pid = anonymousPid(c, deps)
    }
    // A read: nothing is written until the participant plays or fills the form (the view is counted in memory).
    deps.views.hit(activity.id, now)
    return enter(c, deps, activity, pid, now, async (tx) => {
      const data: IndexData = {
        ...activity.config,
        view: 'participant',
        code: activity.code,
        state: await participantState(tx, activity.id, activity.config, pid, now),
        server_time: now,
      }
      return { code: Code.OK, data }
    })
  })

  app.on(['GET', 'POST'], '/prize', validate(CodeRequestSchema), knownActivity, (c) => {
    const { activity } = c.var
    return withSession(c, deps, activity, async (_, tx) => ({
      code: Code.OK,
      data: (await tx.activityById(activity.id))?.config.prize ?? [],
    }))
  })

  // The seed's four fields, or `values` for an activity with its own form (config.claim_fields, issue 13).
  app.post('/user', validate(UserEntrySchema), knownActivity, (c) => {
    const input = c.req.valid('json')
    const ip = clientIp(c, deps.trustProxy)
    const fields = c.var.activity.config.claim_fields
    // Checked before the token is exchanged: bad input costs nothing.
    let info: UserInfo
    let form: ClaimValues | null = null
    if (fields.length > 0) {
      const read = readClaimValues(fields, input.values, 'values')
      if (!read.ok) return badRequest(c, read.errors)
      form = read.value
      info = seedColumns(fields, form)
    } else {
      const seed = v.safeParse(UserRequestSchema, input)
      if (!seed.success) return badRequest(c, toFieldErrors(seed.issues))
      info = seed.output
    }
    return withSession(
      c,
      deps,
      c.var.activity,
      async (s, tx) => {
        await tx.lockParticipant(s.activityId, s.pid, s.now)
        await tx.fillParticipant(s.activityId, s.pid, info, s.now)
        if (form !== null) await tx.campaign.setForm(s.activityId, s.pid, form)
        return { code: Code.OK, data: { user_filled: true } }
      },
      { precheck: async (s) => (caps.admit(ip, s.activityId, s.pid, await isNew(s), s.now) ? null : RATE_LIMITED) },
    )
  })

  app.post('/award', validate(AwardRequestSchema), knownActivity, (c) => {
    const input = c.req.valid('json')
    const ip = clientIp(c, deps.trustProxy)
    if (!perIp.hit(ip, deps.now())) return fail(c, Code.RATE_LIMITED)
    /** The anonymous caps' decision, taken once (a retried PostgreSQL transaction does not count a newcomer twice). */
    let admitted: boolean | undefined
    return withSession<LockedPlay>(
      c,
      deps,
      c.var.activity,
      async (s, tx, prefetched) => {
        const locked = await (prefetched as Promise<LockedPlay>)
        // A retried request id always gets its stored answer, whatever the caps say now. Refused, the
        // transaction rolls back: the token is not exchanged, a 429 costs the client nothing but a retry.
        const retry = locked.player !== null && locked.state.response !== null
        admitted ??= retry || (caps.mayWin(ip, s.activityId, s.pid, s.now) && caps.admit(ip, s.activityId, s.pid, locked.player === null, s.now))
        if (!admitted) throw new Refusal(RATE_LIMITED)
        return playAward(tx, s.activityId, s.pid, input.request_id, s.now, deps.random, () => caps.won(ip, s.activityId, s.pid, s.now), locked)
      },
      {
        // Refused before the token is exchanged. (A method: tsx names every named arrow it creates, ~2 µs
        // each on the award path.)
        precheck(s) {
          return perParticipant.hit(`${s.activityId}/${s.pid}`, s.now) ? null : RATE_LIMITED
        },
        // The participant's lock (if they have a row) and the play's read, with the token's exchange: one
        // round trip for what the caps, the stored answer and the draw need.
        prefetch(s, tx) {
          return lockedPlay(tx, s.activityId, s.pid, s.now, input.request_id)
        },
      },
    )
  })

  // Activity/multi (issue 13): `count` single draws in one transaction, under the award's rates and caps.
  app.post('/multi', validate(MultiRequestSchema), knownActivity, (c) => {
    const input = c.req.valid('json')
    const ip = clientIp(c, deps.trustProxy)
    if (!perIp.hit(ip, deps.now())) return fail(c, Code.RATE_LIMITED)
    const key = multiRequestKey(input.request_id)
    return withSession(
      c,
      deps,
      c.var.activity,
      (s, tx) =>
        playMulti(tx, s.activityId, s.pid, input.request_id, input.count, s.now, deps.random, () => caps.won(ip, s.activityId, s.pid, s.now)),
      {
        precheck: async (s) => {
          if (!perParticipant.hit(`${s.activityId}/${s.pid}`, s.now)) return RATE_LIMITED
          // A count not offered (or another count for a used id) is refused before the token is exchanged.
          const refusal = await multiRefusal(store, s.activityId, s.pid, input.request_id, input.count, c.var.activity.config.multi_draw)
          if (refusal) return refusal
          if ((await store.awardResponse(s.activityId, s.pid, key)) !== null) return null
          return caps.mayWin(ip, s.activityId, s.pid, s.now) && caps.admit(ip, s.activityId, s.pid, await isNew(s), s.now) ? null : RATE_LIMITED
        },
      },
    )
  })

  app.post('/add', marketerOnly, validate(AddInputSchema), async (c) => {
    const input = c.req.valid('json')
    const code = input.code
    const checked = validateActivity(input, { defaultIdentity: defaultIdentity(deps, code ? await store.activityByCode(code) : null) })
    if (!checked.ok) return badRequest(c, checked.errors, Code.INVALID_CONFIG)
    const saved = await saveActivity(store, input.code, checked.value, input.prize, deps.now())
    return send(c, { code: Code.OK, data: saved })
  })

  app.post('/list', marketerOnly, validate(ListRequestSchema), async (c) => {
    return send(c, { code: Code.OK, data: await overviews(store, deps.now()) })
  })

  // The studio starts new drafts with the identity Activity/add would give them (defaultIdentity).
  app.post('/settings', marketerOnly, validate(ListRequestSchema), (c) => {
    const data: SettingsData = { wechat: deps.wechat !== null }
    return send(c, { code: Code.OK, data })
  })

  return app
}
