import type { Context } from 'hono'
import { Hono } from 'hono'
import * as v from 'valibot'
import type { ActivityConfig } from '../../src/core/activity'
import type { JsconfigData } from '../../src/core/wechat'
import type { Deps } from '../context'
import type { WechatPersonRow } from '../db/queries'
import { API_BASE, Code } from '../../src/core/contract'
import { JsconfigRequestSchema, REF_PARAM, REF_RE, WECHAT_PATHS, WX_STATUS_PARAM, participantPath } from '../../src/core/wechat'
import { badRequest, clientIp, fail, send } from '../http'
import { validate } from '../middleware'
import { SlidingWindowLimiter } from '../rateLimit'
import { WechatError, exchangeCode, fetchUserinfo } from './api'
import { JsapiTicketSource, jsapiSignature } from './jsapi'
import { recordReferral } from './referral'
import { randomId, sha256 } from '../auth/hmac'
import { publicOrigin } from '../origin'
import { browserNonce, currentPerson, sentNonce, signIn, wechatPid } from './signin'

/** A state is good for this long after authorize (WeChat's code lives 5 minutes), ms. */
export const STATE_TTL_MS = 10 * 60 * 1000
/** Used and expired states are forgotten after this long, ms. */
const STATE_KEEP_MS = 24 * 60 * 60 * 1000
/** Stored profile caps (WeChat's own are shorter). */
const NICKNAME_MAX = 64
const AVATAR_URL_MAX = 1000

const AuthorizeQuerySchema = v.object({
  code: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/)),
  scope: v.optional(v.picklist(['base', 'userinfo']), 'base'),
  ref: v.optional(v.string()),
})

/** The page for a callback whose state we never issued: no activity to go back to. */
const UNKNOWN_STATE_PAGE =
  '<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>登录链接无效</title>' +
  '<p style="font:16px sans-serif;padding:24px">登录链接无效或已过期，请回到活动页面重新进入。</p>'

/** A WechatError's marker for the page: the errcode, or 'network'. */
function statusOf(err: unknown): string {
  if (err instanceof WechatError) return String(err.errcode)
  throw err
}

/** The share card: the marketer's texts (the title falls back to the activity's), links made absolute, the sharer's ref on our own links. */
function shareCard(config: ActivityConfig, code: string, origin: string, person: WechatPersonRow | null): JsconfigData['share'] {
  if (config.isshare !== 1) return null
  const absolute = (href: string): URL | null => {
    try {
      const url = new URL(href, origin)
      return url.protocol === 'https:' || url.protocol === 'http:' ? url : null
    } catch {
      return null
    }
  }
  const link = (config.share_link && absolute(config.share_link)) || new URL(participantPath(code), origin)
  if (link.origin === origin && person !== null && person.snapshot === 0) link.searchParams.set(REF_PARAM, person.ref)
  return {
    title: config.share_title || config.active_title,
    desc: config.share_desc,
    link: link.href,
    imgUrl: (config.share_img && absolute(config.share_img)?.href) || '',
  }
}

/**
 * /wechat/*: authorize (→ WeChat), callback (← WeChat: the person, then back
 * to the page), jsconfig (the JS-SDK signature and share card).
 */
export function wechatRoutes(deps: Deps): Hono {
  const app = new Hono()
  const { store } = deps
  const tickets = deps.wechat ? new JsapiTicketSource(deps.wechat, deps.now) : null
  // Each authorize writes a state row: the same brake as entries.
  const perIp = new SlidingWindowLimiter(deps.rate.entry)

  const back = (c: Context, code: string, status?: string): Response =>
    c.redirect(participantPath(code) + (status ? `?${WX_STATUS_PARAM}=${encodeURIComponent(status)}` : ''), 302)

  app.get('/authorize', async (c) => {
    const query = v.safeParse(AuthorizeQuerySchema, c.req.query())
    if (!query.success) return badRequest(c, [{ path: 'code', message: '活动编码（code）或授权范围（scope）不正确' }])
    const { code, scope, ref } = query.output
    if (!(await store.activityByCode(code))) return fail(c, Code.ACTIVITY_NOT_FOUND)
    if (deps.wechat === null) return back(c, code, 'unavailable')
    const now = deps.now()
    if (!perIp.hit(clientIp(c, deps.trustProxy), now)) return fail(c, Code.RATE_LIMITED)
    const state = randomId(24)
    const nonceHash = sha256(browserNonce(c, deps))
    await store.transaction(async (tx) => {
      await tx.wechat.purgeStates(now - STATE_KEEP_MS)
      await tx.wechat.insertState({
        state,
        nonce_hash: nonceHash,
        activity_code: code,
        scope,
        ref: ref !== undefined && REF_RE.test(ref) ? ref : null,
        created_at: now,
      })
    })
    // WeChat wants these parameters in this order, and the #wechat_redirect suffix.
    const params = new URLSearchParams({
      appid: deps.wechat.appId,
      // WeChat accepts a redirect_uri only on the 网页授权域名, so a forged Host gains nothing.
      redirect_uri: `${publicOrigin(c, deps.trustProxy)}${API_BASE}${WECHAT_PATHS.callback}`,
      response_type: 'code',
      scope: `snsapi_${scope}`,
      state,
    })
    return c.redirect(`${deps.wechat.oauthBase}/connect/oauth2/authorize?${params}#wechat_redirect`, 302)
  })

  app.get('/callback', async (c) => {
    const state = c.req.query('state') ?? ''
    const row = state === '' ? null : await store.wechat.state(state)
    if (row === null) return c.html(UNKNOWN_STATE_PAGE, 400)
    const now = deps.now()
    const nonce = sentNonce(c)
    // Single use, fresh, and from the browser that asked: a code cannot be replayed or slipped into another browser.
    const bound = nonce !== null && sha256(nonce) === row.nonce_hash
    if (!bound || now - row.created_at > STATE_TTL_MS || !(await store.wechat.useState(state, now))) {
      return back(c, row.activity_code, 'state')
    }
    if (deps.wechat === null) return back(c, row.activity_code, 'unavailable')
    const code = c.req.query('code')
    // Declining snsapi_userinfo comes back with the state and no code; the person stays as they were.
    if (code === undefined && row.scope === 'userinfo') return back(c, row.activity_code, 'declined')

    let token
    try {
      token = await exchangeCode(deps.wechat, code ?? '')
    } catch (err) {
      return back(c, row.activity_code, statusOf(err))
    }
    const person = await store.wechat.person(token.openid)
    await store.wechat.upsertPerson(
      { openid: token.openid, unionid: token.unionid, snapshot: token.snapshot, ref: person?.ref ?? randomId(18) },
      now,
    )
    await signIn(c, deps, token.openid, now)
    // A snapshot page's account is virtual: no referral, no profile (Activity/index tells the page).
    if (token.snapshot) return back(c, row.activity_code)

    const activity = await store.activityByCode(row.activity_code)
    if (activity !== null && row.ref !== null) await recordReferral(store, activity, row.ref, wechatPid(token.openid), now)
    if (row.scope === 'userinfo') {
      if (!token.scope.split(',').includes('snsapi_userinfo')) return back(c, row.activity_code, 'declined')
      try {
        const info = await fetchUserinfo(deps.wechat, token)
        await store.wechat.setProfile(
          token.openid,
          Array.from(info.nickname).slice(0, NICKNAME_MAX).join(''),
          info.headimgurl.slice(0, AVATAR_URL_MAX),
          deps.now(),
        )
      } catch (err) {
        return back(c, row.activity_code, statusOf(err))
      }
    }
    return back(c, row.activity_code)
  })

  app.post('/jsconfig', validate(JsconfigRequestSchema), async (c) => {
    const input = c.req.valid('json')
    const activity = await store.activityByCode(input.code)
    if (!activity) return fail(c, Code.ACTIVITY_NOT_FOUND)
    if (deps.wechat === null || tickets === null) return fail(c, Code.WECHAT_UNAVAILABLE)
    const origin = publicOrigin(c, deps.trustProxy)
    let pageOrigin: string | null = null
    try {
      pageOrigin = new URL(input.url).origin
    } catch {
      // reported below
    }
    // Sign our own pages only: the server is not a signing service for any URL.
    if (pageOrigin !== origin) return badRequest(c, [{ path: 'url', message: '页面地址（url）须为本站页面' }])

    let ticket: string
    try {
      ticket = await tickets.get()
    } catch (err) {
      return fail(c, Code.WECHAT_UNAVAILABLE, null, `微信接口暂不可用（${statusOf(err)}），分享设置未生效`)
    }
    const timestamp = Math.floor(deps.now() / 1000)
    const nonceStr = randomId(12)
    const data: JsconfigData = {
      appId: deps.wechat.appId,
      timestamp,
      nonceStr,
      signature: jsapiSignature({ ticket, nonceStr, timestamp, url: input.url }),
      share: shareCard(activity.config, activity.code, origin, await currentPerson(c, deps)),
    }
    return send(c, { code: Code.OK, data })
  })

  return app
}
