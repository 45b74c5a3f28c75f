import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppDeps } from './context'
import { API_BASE, Code } from '../src/core/contract'
import { BODY_LIMITS, resolveDeps } from './context'
import { fail } from './http'
import { activityRoutes } from './routes/activity'
import { imgRoutes } from './routes/img'
import { infoRoutes } from './routes/info'
import { wechatRoutes } from './wechat/routes'

/**
 * The API (seed 002) under /lottery: one router per resource. No port, no
 * process state beyond the rate checks: tests call `app.request()` directly,
 * server/index.ts and the Vite plugin serve it.
 */
export function createApp(appDeps: AppDeps): Hono {
  const deps = resolveDeps(appDeps)
  const tooLarge = { onError: (c: Parameters<typeof fail>[0]) => fail(c, Code.PAYLOAD_TOO_LARGE) }

  const api = new Hono()
  api.use('*', async (c, next) => {
    await next()
    // Every answer is per participant (and rotates a cookie): never cached, never sniffed.
    if (!c.res.headers.has('cache-control')) c.header('cache-control', 'no-store')
    c.header('x-content-type-options', 'nosniff')
  })
  api.use('/Activity/*', bodyLimit({ maxSize: BODY_LIMITS.json, ...tooLarge }))
  api.use('/info/*', bodyLimit({ maxSize: BODY_LIMITS.json, ...tooLarge }))
  api.use('/img/add', bodyLimit({ maxSize: BODY_LIMITS.upload, ...tooLarge }))
  api.route('/Activity', activityRoutes(deps))
  api.route('/info', infoRoutes(deps))
  api.route('/img', imgRoutes(deps))
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
