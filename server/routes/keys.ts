import { Hono } from 'hono'
import type { Deps } from '../context'
import type { MarketerEnv } from '../auth/marketer'
import { Code } from '../../src/core/contract'
import { KeyCreateRequestSchema, KeyListRequestSchema, KeyRevokeRequestSchema } from '../../src/core/marketerKeys'
import { createMarketerKey, keyInfo, requireMarketer } from '../auth/marketer'
import { badRequest, fail, send } from '../http'
import { validate } from '../middleware'

/** keys/*: list, create and revoke marketer and staff keys (marketer key required; POST with JSON). */
export function keyRoutes(deps: Deps): Hono<MarketerEnv> {
  const app = new Hono<MarketerEnv>()
  const { store } = deps
  app.use('*', requireMarketer(deps))

  app.post('/list', validate(KeyListRequestSchema), async (c) => {
    const input = c.req.valid('json')
    const current = c.var.marketerKey.id
    return send(c, { code: Code.OK, data: (await store.listMarketerKeys()).map((row) => keyInfo(row, current)) })
  })

  app.post('/create', validate(KeyCreateRequestSchema), async (c) => {
    const input = c.req.valid('json')
    if (input.role === 'marketer' && input.activities.length > 0) {
      return badRequest(c, [{ path: 'activities', message: '商家密钥管理全部活动，不能限定活动（activities 仅用于核销员密钥）' }])
    }
    let unknown: string | undefined
    for (const code of input.activities) if (unknown === undefined && (await store.activityByCode(code)) === null) unknown = code
    if (unknown !== undefined) return badRequest(c, [{ path: 'activities', message: `没有编码为 ${unknown} 的活动` }])
    const scope = { role: input.role, activities: input.activities }
    const { key, row } = await createMarketerKey(store, input.label, 'created', deps.now(), null, scope)
    return send(c, { code: Code.OK, data: { key, info: keyInfo(row, c.var.marketerKey.id) } })
  })

  app.post('/revoke', validate(KeyRevokeRequestSchema), async (c) => {
    const input = c.req.valid('json')
    const now = deps.now()
    if (!(await store.revokeMarketerKey(input.id, now))) return fail(c, Code.NOT_FOUND, null, '没有这个有效的密钥')
    return send(c, { code: Code.OK, data: { id: input.id, revoked_at: now } })
  })

  return app
}
