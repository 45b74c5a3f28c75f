import type { Env } from 'hono'
import { createMiddleware } from 'hono/factory'
import * as v from 'valibot'
import type { ActivityRow, Store } from './db/queries'
import { Code } from '../src/core/contract'
import { toFieldErrors } from '../src/core/requests'
import { badRequest, fail, readInput } from './http'

/**
 * The checks every route starts with, as Hono middleware: each refuses with
 * its envelope or leaves its result for the handler, so handlers hold only
 * their own work.
 */

/** What the middleware put on `c.var`. */
export interface Variables {
  /** The activity named by the request's `code` (loadActivity). */
  activity: ActivityRow
}

/**
 * The request's fields (readInput: query, JSON or form) checked against
 * `schema`; the handler reads them with `c.req.valid('json')` — 'json' for
 * their shape, whichever way they came. 400 with field errors, or readInput's 400/415.
 * Not @hono/valibot-validator: it reads one source per target, JSON only with
 * its content type, and throws on a malformed body (our onError would answer 500).
 */
export function validate<S extends v.GenericSchema>(schema: S) {
  return createMiddleware<Env, string, { out: { json: v.InferOutput<S> } }>(async (c, next) => {
    const input = await readInput(c)
    if (input instanceof Response) return input
    const result = v.safeParse(schema, input)
    if (!result.success) return badRequest(c, toFieldErrors(result.issues))
    c.req.addValidatedData('json', result.output as object)
    await next()
  })
}

/** After validate: the activity named by `code` on `c.var.activity`, as stored now, or the 404 envelope (marketer and staff routes). */
export function loadActivity(store: Store) {
  return activityFrom((code) => store.activityByCode(code))
}

/**
 * loadActivity for participants' calls, the hot path: the activity as read at most ACTIVITY_KEEP_MS ago
 * (store.cachedActivity). What a draw or a write depends on is read again inside its transaction.
 */
export function loadKeptActivity(store: Store) {
  return activityFrom((code) => store.cachedActivity(code))
}

function activityFrom(read: (code: string) => Promise<ActivityRow | null>) {
  return createMiddleware<{ Variables: Variables }, string, { out: { json: { code: string } } }>(
    async (c, next) => {
      const activity = await read(c.req.valid('json').code)
      if (!activity) return fail(c, Code.ACTIVITY_NOT_FOUND)
      c.set('activity', activity)
      await next()
    },
  )
}
