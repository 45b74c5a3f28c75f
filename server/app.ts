import { Hono } from 'hono'
import type { AppDeps } from './context'
import { API_BASE, Code, PATHS } from '../src/core/contract'
import { bodyLimit } from './bodyLimit'
import { BODY_LIMITS, resolveDeps } from './context'
import { keyFailureGuard, requireMarketerHeader } from './auth/marketer'
import { fail } from './http'
import { keyRoutes } from './routes/keys'
import { byIp, byParticipant, rateLimit } from './limits'
import { originGuard } from './origin'
import { activityRoutes } from './routes/activity'
import { imgRoutes } from './routes/img'
import { infoRoutes } from './routes/info'
import { wechatRoutes } from './wechat/routes'
import { CAMPAIGN_PATHS } from '../src/core/campaign'
import { campaignRoutes } from './routes/campaign'
import { shipRoutes } from './routes/ship'

/**
 * The API (seed 002) under /lottery: one router per resource. No port, no
 * process state beyond the rate checks: tests call `app.request()` directly,
 * server/index.ts and the Vite plugin serve it.
 */
export function createApp(appDeps: AppDeps): Hono {
  const deps = resolveDeps(appDeps)
  const tooLarge = (c: Parameters<typeof fail>[0]) => fail(c, Code.PAYLOAD_TOO_LARGE)

  const api = new Hono()
  api.use('*', async (c, next) => {
    await next()
    // Every answer is per participant (and rotates a cookie): never cached (images set their own), never sniffed.
    if (!c.res.headers.has('cache-control')) c.header('cache-control', 'no-store')
    c.header('x-content-type-options', 'nosniff')
    // JSON and images are never documents to run or frame.
    c.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
  })
  api.use('*', originGuard(deps))
  api.use('/Activity/*', bodyLimit(BODY_LIMITS.json, tooLarge))
  api.use('/info/*', bodyLimit(BODY_LIMITS.json, tooLarge))
  api.use('/img/add', requireMarketerHeader(deps), bodyLimit(BODY_LIMITS.upload, tooLarge))
  api.use('/keys/*', bodyLimit(BODY_LIMITS.json, tooLarge))
  // After the body limits: it may read an Activity/index body.
  api.use('*', keyFailureGuard(deps))
  // Rates of the participant calls other than index and award (those check their own), before the token is exchanged.
  const reads = [rateLimit(deps.rate.readIp, byIp(deps), deps.now), rateLimit(deps.rate.read, byParticipant(deps), deps.now)]
  for (const path of [PATHS.prize, PATHS.user, PATHS.check, PATHS.userlist]) api.use(path, ...reads)
  api.use(PATHS.user, rateLimit(deps.rate.form, byParticipant(deps), deps.now))
  // Issue 13's participant calls: read rates; a claim is a form write like Activity/user.
  for (const path of [CAMPAIGN_PATHS.records, CAMPAIGN_PATHS.claim, CAMPAIGN_PATHS.received]) api.use(path, ...reads)
  api.use(CAMPAIGN_PATHS.claim, rateLimit(deps.rate.form, byParticipant(deps), deps.now))
  api.route('/Activity', activityRoutes(deps))
  api.route('/info', infoRoutes(deps))
  // Issue 13: my records and claims (participants), shipping (marketers).
  api.route('/info', campaignRoutes(deps))
  api.route('/info', shipRoutes(deps))
  api.route('/img', imgRoutes(deps))
  api.route('/keys', keyRoutes(deps))
  api.route('/wechat', wechatRoutes(deps))
  api.all('*', (c) => fail(c, Code.NOT_FOUND))

  const app = new Hono()
  app.route(API_BASE, api)
  app.onError((err, c) => {
    deps.logError(err)
    return fail(c, Code.INTERNAL)
  })
  return app
}
