import type { ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { randomBytes } from 'node:crypto'

/**
 * A stand-in for WeChat on a loopback port, speaking the documented protocol:
 * the authorize page (answers at once, like a silent snsapi_base or a user
 * who taps 允许), sns/oauth2/access_token (codes single-use, 5 minutes),
 * sns/userinfo, cgi-bin/token and cgi-bin/ticket/getticket, with their
 * errcodes. A code `err<N>` (err40029, err-1, …) makes access_token answer
 * errcode N; `failNext` forces the next answer of a path to an errcode.
 *
 * The openid is not per code or per browser: every authorize hands out
 * `user.openid` (the WeChat account signed in on "the phone"), as WeChat
 * does whatever cookies the WebView holds. Keep `user` to be the same person
 * across dropped cookies or a second browser context; change it to be someone else.
 */

export const STANDIN_APPID = 'wx0123456789abcdef'
export const STANDIN_SECRET = 'standin-secret-0123456789abcdef'

/** Who is at the phone when the authorize page is opened. */
export interface StandInUser {
  openid: string
  unionid?: string
  nickname?: string
  headimgurl?: string
  /** A 朋友圈 snapshot page: WeChat hands out a virtual account (is_snapshotuser 1). */
  snapshot?: boolean
  /** Taps 拒绝 on the snsapi_userinfo prompt: back to redirect_uri with the state and no code. */
  declinesUserinfo?: boolean
}

interface Issued {
  openid: string
  scope: string
  snapshot: boolean
  issuedAt: number
}

const CODE_TTL_MS = 5 * 60 * 1000
const TOKEN_TTL_S = 7200

export interface WechatStandIn {
  /** e.g. http://127.0.0.1:40123 — WECHAT_OAUTH_BASE and WECHAT_API_BASE. */
  origin: string
  user: StandInUser
  /** Calls per path ('/cgi-bin/token', …). */
  calls: Map<string, number>
  /** The next answer of `path` is this errcode. */
  failNext(path: string, errcode: number): void
  /** The jsapi_ticket issued last, to check signatures independently. */
  lastTicket: string
  /** Delay every cgi-bin answer by this much, ms (to overlap concurrent requests). */
  cgiDelayMs: number
  /** Make every issued account token invalid (40001), as a secret reset does. */
  revokeAccountTokens(): void
  close(): Promise<void>
}

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40125: 'invalid appsecret',
  40163: 'code been used',
  41008: 'missing code',
  42001: 'access_token expired',
  48001: 'api unauthorized',
}

export function startWechatStandIn(): Promise<WechatStandIn> {
  const codes = new Map<string, Issued & { used: boolean }>()
  const userTokens = new Map<string, Issued>()
  const accountTokens = new Map<string, { expiresAt: number }>()
  const forced = new Map<string, number>()
  const calls = new Map<string, number>()
  const token = () => randomBytes(24).toString('base64url')
  const err = (errcode: number) => ({ errcode, errmsg: `${ERRMSG[errcode] ?? 'error'}, rid: ${token().slice(0, 8)}` })

  const standIn = {
    origin: '',
    user: { openid: 'o_standin_default' } as StandInUser,
    calls,
    lastTicket: '',
    cgiDelayMs: 0,
    failNext: (path: string, errcode: number) => void forced.set(path, errcode),
    revokeAccountTokens: () => accountTokens.clear(),
    close: async () => {},
  }

  const app = new Hono()
  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname
    calls.set(path, (calls.get(path) ?? 0) + 1)
    const errcode = forced.get(path)
    if (errcode !== undefined) {
      forced.delete(path)
      return c.json(err(errcode))
    }
    if (path.startsWith('/cgi-bin/') && standIn.cgiDelayMs > 0) await new Promise((r) => setTimeout(r, standIn.cgiDelayMs))
    return next()
  })

  app.get('/connect/oauth2/authorize', (c) => {
    const q = c.req.query()
    const scopes = ['snsapi_base', 'snsapi_userinfo']
    // WeChat shows its own error page for these; it never goes back to redirect_uri.
    if (q.appid !== STANDIN_APPID || q.response_type !== 'code' || !scopes.includes(q.scope ?? '') || !q.redirect_uri) {
      return c.text('参数错误', 400)
    }
    const back = new URL(q.redirect_uri)
    const user = standIn.user
    if (!(q.scope === 'snsapi_userinfo' && user.declinesUserinfo)) {
      const code = token()
      const snapshot = user.snapshot === true
      codes.set(code, { openid: snapshot ? `o_virtual_${token().slice(0, 12)}` : user.openid, scope: q.scope!, snapshot, issuedAt: Date.now(), used: false })
      back.searchParams.set('code', code)
    }
    if (q.state !== undefined) back.searchParams.set('state', q.state)
    return c.redirect(back.href, 302)
  })

  app.get('/sns/oauth2/access_token', (c) => {
    const q = c.req.query()
    if (q.appid !== STANDIN_APPID) return c.json(err(40013))
    if (q.secret !== STANDIN_SECRET) return c.json(err(40125))
    if (q.grant_type !== 'authorization_code') return c.json(err(40002))
    if (!q.code) return c.json(err(41008))
    const magic = /^err(-?\d+)$/.exec(q.code)
    if (magic) return c.json(err(Number(magic[1])))
    const issued = codes.get(q.code)
    if (!issued || Date.now() - issued.issuedAt > CODE_TTL_MS) return c.json(err(40029))
    if (issued.used) return c.json(err(40163))
    issued.used = true
    const accessToken = token()
    userTokens.set(accessToken, issued)
    const unionid = issued.scope === 'snsapi_userinfo' && standIn.user.unionid ? { unionid: standIn.user.unionid } : {}
    return c.json({
      access_token: accessToken,
      expires_in: TOKEN_TTL_S,
      refresh_token: token(),
      openid: issued.openid,
      scope: issued.scope,
      ...(issued.snapshot ? { is_snapshotuser: 1 } : {}),
      ...unionid,
    })
  })

  app.get('/sns/userinfo', (c) => {
    const q = c.req.query()
    const issued = userTokens.get(q.access_token ?? '')
    if (!issued) return c.json(err(40001))
    if (Date.now() - issued.issuedAt > TOKEN_TTL_S * 1000) return c.json(err(42001))
    if (q.openid !== issued.openid) return c.json(err(40003))
    if (issued.scope !== 'snsapi_userinfo') return c.json(err(48001))
    const user = standIn.user
    return c.json({
      openid: issued.openid,
      nickname: user.nickname ?? '微信用户',
      sex: 0,
      province: '',
      city: '',
      country: '',
      headimgurl: user.headimgurl ?? '',
      privilege: [],
      ...(user.unionid ? { unionid: user.unionid } : {}),
    })
  })

  app.get('/cgi-bin/token', (c) => {
    const q = c.req.query()
    if (q.grant_type !== 'client_credential') return c.json(err(40002))
    if (q.appid !== STANDIN_APPID) return c.json(err(40013))
    if (q.secret !== STANDIN_SECRET) return c.json(err(40001))
    const value = token()
    accountTokens.set(value, { expiresAt: Date.now() + TOKEN_TTL_S * 1000 })
    return c.json({ access_token: value, expires_in: TOKEN_TTL_S })
  })

  app.get('/cgi-bin/ticket/getticket', (c) => {
    const q = c.req.query()
    const issued = accountTokens.get(q.access_token ?? '')
    if (!issued) return c.json(err(40001))
    if (Date.now() > issued.expiresAt) return c.json(err(42001))
    if (q.type !== 'jsapi') return c.json(err(40097))
    standIn.lastTicket = `ticket-${token()}`
    return c.json({ errcode: 0, errmsg: 'ok', ticket: standIn.lastTicket, expires_in: TOKEN_TTL_S })
  })

  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      standIn.origin = `http://127.0.0.1:${info.port}`
      standIn.close = () => new Promise<void>((done) => server.close(() => done()))
      resolve(standIn)
    })
  })
}
