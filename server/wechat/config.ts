import type { FleetCache } from '../fleet'

/** The official account (公众号) the server signs in with; absent when WECHAT_APPID / WECHAT_SECRET are not set. */
export interface WechatConfig {
  appId: string
  secret: string
  /** Where the authorize page is (网页授权), without a trailing slash. */
  oauthBase: string
  /** Where the server-to-server API is, without a trailing slash. */
  apiBase: string
  /** The account token and JS-SDK ticket shared by the deployment's processes (Redis); absent: each process fetches its own. */
  shared?: FleetCache
}

export const WECHAT_DEFAULTS = { oauthBase: 'https://open.weixin.qq.com', apiBase: 'https://api.weixin.qq.com' } as const

function base(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = (env[name] ?? '').trim()
  if (raw === '') return fallback
  if (!/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(raw)) throw new Error(`${name} must be an http(s) URL, got '${raw}'`)
  return raw.replace(/\/+$/, '')
}

/** WeChat settings from the environment: both credentials or neither (a half-set pair is a typo worth stopping for). */
export function readWechatConfig(env: NodeJS.ProcessEnv): WechatConfig | undefined {
  const appId = (env.WECHAT_APPID ?? '').trim()
  const secret = (env.WECHAT_SECRET ?? '').trim()
  if (appId === '' && secret === '') return undefined
  if (appId === '' || secret === '') throw new Error('WECHAT_APPID and WECHAT_SECRET must be set together')
  if (!/^wx[0-9a-f]{16}$/i.test(appId)) throw new Error(`WECHAT_APPID must look like wx followed by 16 hex digits, got '${appId}'`)
  return {
    appId,
    secret,
    oauthBase: base(env, 'WECHAT_OAUTH_BASE', WECHAT_DEFAULTS.oauthBase),
    apiBase: base(env, 'WECHAT_API_BASE', WECHAT_DEFAULTS.apiBase),
  }
}
