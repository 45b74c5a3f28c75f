import type { Context } from 'hono'
import { Hono } from 'hono'
import * as v from 'valibot'
import type { ActivitySummary, IndexData } from '../../src/core/contract'
import type { Deps } from '../context'
import type { ActivityRow } from '../db/queries'
import {
  AddRequestSchema,
  AwardRequestSchema,
  Code,
  CodeRequestSchema,
  IndexRequestSchema,
  ListRequestSchema,
  UserRequestSchema,
  toFieldErrors,
} from '../../src/core/contract'
import { validateActivity } from '../../src/core/validation'
import { marketerView, saveActivity } from '../domain/activities'
import { MARKETER_HEADER, isMarketer, marketerKeyOf } from '../auth/marketer'
import { anonymousPid, enter, withSession } from '../auth/session'
import { verifyTicket } from '../auth/ticket'
import { badRequest, clientIp, fail, parseInput, readInput, send } from '../http'
import { participantState, playAward } from '../domain/play'
import { SlidingWindowLimiter } from '../rateLimit'

/** Activity/*: index, prize, user, award (participants); add, list (marketers). */
export function activityRoutes(deps: Deps): Hono {
  const app = new Hono()
  const { store } = deps
  const perParticipant = new SlidingWindowLimiter(deps.rate.participant)
  const perIp = new SlidingWindowLimiter(deps.rate.ip)
  const entriesPerIp = new SlidingWindowLimiter(deps.rate.entry)

  /** The activity named by `code`, or the 404 reply. */
  const findActivity = (c: Context, code: string): ActivityRow | Response =>
    store.activityByCode(code) ?? fail(c, Code.ACTIVITY_NOT_FOUND)

  app.on(['GET', 'POST'], '/index', async (c) => {
    const input = await parseInput(c, IndexRequestSchema)
    if (input instanceof Response) return input
    const activity = findActivity(c, input.code)
    if (activity instanceof Response) return activity
    const now = deps.now()
    if (!entriesPerIp.hit(clientIp(c, deps.trustProxy), now)) return fail(c, Code.RATE_LIMITED)

    // A marketer key (header, or `auth` holding one) asks for the full view; it starts no chain.
    const key = marketerKeyOf(c, input.auth)
    if (c.req.header(MARKETER_HEADER) !== undefined || isMarketer(store, input.auth)) {
      if (!isMarketer(store, key)) return fail(c, Code.MARKETER_DENIED)
      return send(c, { code: Code.OK, data: marketerView(store, activity, now) })
    }

    let pid: string
    if (input.auth) {
      const ticket = verifyTicket(input.auth, deps.ticketSecret, now)
      if (!ticket.ok) return fail(c, ticket.code)
      pid = `u:${ticket.uid}`
    } else if (activity.config.active_type === 2) {
      return fail(c, Code.TICKET_REQUIRED)
    } else {
      pid = anonymousPid(c, deps)
    }
    return enter(c, deps, activity, pid, now, () => {
      store.ensureParticipant(activity.id, pid, now)
      const data: IndexData = {
        ...activity.config,
        view: 'participant',
        code: activity.code,
        state: participantState(store, activity.id, activity.config, pid, now),
        server_time: now,
      }
      return { code: Code.OK, data }
    })
  })

  app.on(['GET', 'POST'], '/prize', async (c) => {
    const input = await parseInput(c, CodeRequestSchema)
    if (input instanceof Response) return input
    const activity = findActivity(c, input.code)
    if (activity instanceof Response) return activity
    return withSession(c, deps, activity, () => ({
      code: Code.OK,
      data: store.activityById(activity.id)?.config.prize ?? [],
    }))
  })

  app.post('/user', async (c) => {
    const input = await parseInput(c, UserRequestSchema)
    if (input instanceof Response) return input
    const activity = findActivity(c, input.code)
    if (activity instanceof Response) return activity
    return withSession(c, deps, activity, (s) => {
      store.ensureParticipant(s.activityId, s.pid, s.now)
      store.fillParticipant(s.activityId, s.pid, input, s.now)
      return { code: Code.OK, data: { user_filled: true } }
    })
  })

  app.post('/award', async (c) => {
    const input = await parseInput(c, AwardRequestSchema)
    if (input instanceof Response) return input
    const activity = findActivity(c, input.code)
    if (activity instanceof Response) return activity
    if (!perIp.hit(clientIp(c, deps.trustProxy), deps.now())) return fail(c, Code.RATE_LIMITED)
    return withSession(c, deps, activity, (s) => playAward(store, s.activityId, s.pid, input.request_id, s.now, deps.random), {
      // Refused before the token is exchanged, so a 429 costs the client nothing but a retry.
      precheck: (s) => (perParticipant.hit(`${s.activityId}/${s.pid}`, s.now) ? null : { code: Code.RATE_LIMITED, data: null }),
    })
  })

  app.post('/add', async (c) => {
    const input = await readInput(c)
    if (input instanceof Response) return input
    const head = v.safeParse(AddRequestSchema, input)
    if (!head.success) return badRequest(c, toFieldErrors(head.issues))
    if (!isMarketer(store, marketerKeyOf(c, head.output.auth))) return fail(c, Code.MARKETER_DENIED)
    const checked = validateActivity(input)
    if (!checked.ok) return badRequest(c, checked.errors, Code.INVALID_CONFIG)
    const saved = saveActivity(store, head.output.code, checked.value, input.prize, deps.now())
    return send(c, { code: Code.OK, data: saved })
  })

  app.post('/list', async (c) => {
    const input = await parseInput(c, ListRequestSchema)
    if (input instanceof Response) return input
    if (!isMarketer(store, marketerKeyOf(c, input.auth))) return fail(c, Code.MARKETER_DENIED)
    const data: ActivitySummary[] = store.listActivities().map(({ code, config, updatedAt }) => ({
      code,
      active_title: config.active_title,
      template: config.template,
      status: config.status,
      updated_at: updatedAt,
    }))
    return send(c, { code: Code.OK, data })
  })

  return app
}
