import type { WechatConfig } from './config'

/**
 * WeChat's server-to-server calls used here, on fetch. Every answer with a
 * non-zero `errcode` (WeChat answers HTTP 200 with one) and every transport
 * failure becomes a WechatError, so callers deal with one kind of failure.
 */

/** How long one call to WeChat may take, ms. */
const CALL_TIMEOUT_MS = 5000

/** A refusal from WeChat (its errcode: 40029 invalid code, 40163 code used, -1 busy, …) or 'network'. */
export class WechatError extends Error {
  constructor(
    readonly errcode: number | 'network',
    readonly errmsg: string,
  ) {
    super(`wechat ${errcode}: ${errmsg}`)
  }
}

async function call(cfg: WechatConfig, path: string, query: Record<string, string>): Promise<Record<string, unknown>> {
  const url = `${cfg.apiBase}${path}?${new URLSearchParams(query)}`
  let body: unknown
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(CALL_TIMEOUT_MS) })
    body = await res.json()
  } catch (err) {
    throw new WechatError('network', err instanceof Error ? err.message : String(err))
  }
  if (typeof body !== 'object' || body === null) throw new WechatError('network', 'not a JSON object')
  const record = body as Record<string, unknown>
  const errcode = record.errcode
  if (typeof errcode === 'number' && errcode !== 0) throw new WechatError(errcode, String(record.errmsg ?? ''))
  return record
}

function str(record: Record<string, unknown>, key: string): string {
  const value = record[key]
  if (typeof value !== 'string' || value === '') throw new WechatError('network', `answer without ${key}`)
  return value
}

/** seconds → ms, with WeChat's documented 7200 s when absent. */
function lifetimeMs(record: Record<string, unknown>): number {
  const s = record.expires_in
  return (typeof s === 'number' && s > 0 ? s : 7200) * 1000
}

export interface OAuthToken {
  accessToken: string
  openid: string
  /** Only with snsapi_userinfo, and only for an account bound to an open platform. */
  unionid: string | null
  /** The scopes granted, comma-separated. */
  scope: string
  /** A 朋友圈 snapshot page's virtual account. */
  snapshot: boolean
}

/** 网页授权: code → the person (sns/oauth2/access_token). A code works once, for 5 minutes. */
export async function exchangeCode(cfg: WechatConfig, code: string): Promise<OAuthToken> {
  const r = await call(cfg, '/sns/oauth2/access_token', {
    appid: cfg.appId,
    secret: cfg.secret,
    code,
    grant_type: 'authorization_code',
  })
  return {
    accessToken: str(r, 'access_token'),
    openid: str(r, 'openid'),
    unionid: typeof r.unionid === 'string' && r.unionid !== '' ? r.unionid : null,
    scope: typeof r.scope === 'string' ? r.scope : '',
    snapshot: r.is_snapshotuser === 1,
  }
}

/** Nickname and avatar, for a token granted snsapi_userinfo (sns/userinfo). */
export async function fetchUserinfo(cfg: WechatConfig, token: OAuthToken): Promise<{ nickname: string; headimgurl: string }> {
  const r = await call(cfg, '/sns/userinfo', { access_token: token.accessToken, openid: token.openid, lang: 'zh_CN' })
  return { nickname: typeof r.nickname === 'string' ? r.nickname : '', headimgurl: typeof r.headimgurl === 'string' ? r.headimgurl : '' }
}

/** A value WeChat gave with its lifetime. */
export interface Expiring {
  value: string
  /** Epoch ms. */
  expiresAt: number
}

/** The account's API token (cgi-bin/token), not a person's. */
export async function fetchAccessToken(cfg: WechatConfig, now: number): Promise<Expiring> {
  const r = await call(cfg, '/cgi-bin/token', { grant_type: 'client_credential', appid: cfg.appId, secret: cfg.secret })
  return { value: str(r, 'access_token'), expiresAt: now + lifetimeMs(r) }
}

/** The JS-SDK ticket (cgi-bin/ticket/getticket, type jsapi). */
export async function fetchJsapiTicket(cfg: WechatConfig, accessToken: string, now: number): Promise<Expiring> {
  const r = await call(cfg, '/cgi-bin/ticket/getticket', { access_token: accessToken, type: 'jsapi' })
  return { value: str(r, 'ticket'), expiresAt: now + lifetimeMs(r) }
}
