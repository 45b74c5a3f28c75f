import { createHash } from 'node:crypto'
import type { Expiring } from './api'
import type { WechatConfig } from './config'
import { fetchAccessToken, fetchJsapiTicket } from './api'

/**
 * JS-SDK permission signature (附录1): SHA-1 of
 * `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` (keys in ASCII order, raw
 * values, no URL-escaping), the URL without its #fragment.
 */
export function jsapiSignature(p: { ticket: string; nonceStr: string; timestamp: number; url: string }): string {
  const url = p.url.split('#')[0] ?? ''
  return createHash('sha1')
    .update(`jsapi_ticket=${p.ticket}&noncestr=${p.nonceStr}&timestamp=${p.timestamp}&url=${url}`)
    .digest('hex')
}

/** Renew this long before WeChat's expiry (clock skew, slow calls), ms. */
const RENEW_BEFORE_MS = 5 * 60 * 1000
/** With a fleet: how long one process holds the right to fetch for all, and how long the others wait for its value, ms. */
const LOCK_MS = 10_000
const LOCK_WAIT_MS = 3_000
const POLL_MS = 100

/**
 * The account token and the jsapi_ticket, cached until shortly before expiry.
 * WeChat rate-limits both calls per day, so concurrent requests share one
 * refresh: N signatures at once cost one token call and one ticket call.
 * With a fleet (REDIS_URL, `cfg.shared`) the processes share them too: each new
 * account token WeChat issues retires the previous one within minutes, so
 * processes fetching their own would keep invalidating each other's.
 */
export class JsapiTicketSource {
  private token: Expiring | null = null
  private ticket: Expiring | null = null
  private pending: Promise<string> | null = null

  constructor(
    private readonly cfg: WechatConfig,
    private readonly now: () => number,
  ) {}

  /** The current ticket; rejects with a WechatError when WeChat refuses. */
  get(): Promise<string> {
    if (this.ticket && this.fresh(this.ticket)) return Promise.resolve(this.ticket.value)
    this.pending ??= this.refresh().finally(() => {
      this.pending = null
    })
    return this.pending
  }

  private fresh(e: Expiring): boolean {
    return e.expiresAt - RENEW_BEFORE_MS > this.now()
  }

  private async accessToken(): Promise<string> {
    if (!this.token || !this.fresh(this.token)) this.token = await this.shared('token', () => fetchAccessToken(this.cfg, this.now()))
    return this.token.value
  }

  private async refresh(): Promise<string> {
    try {
      this.ticket = await this.shared('jsapi_ticket', async () => fetchJsapiTicket(this.cfg, await this.accessToken(), this.now()))
      return this.ticket.value
    } catch (err) {
      // The token may be what WeChat refused (revoked by a secret reset or another server's fetch): start over next time.
      this.token = null
      await this.cfg.shared?.delete(this.key('token')).catch(() => {})
      throw err
    }
  }

  private key(name: string): string {
    return `wechat:${this.cfg.appId}:${name}`
  }

  /**
   * `fetch` once for the fleet: a fresh value another process shared is taken; else the process
   * holding the lock fetches and shares it while the others wait for it (then fetch themselves).
   * A Redis failure falls back to fetching here.
   */
  private async shared(name: string, fetch: () => Promise<Expiring>): Promise<Expiring> {
    const cache = this.cfg.shared
    if (!cache) return fetch()
    const key = this.key(name)
    const found = await cache.get(key).catch(() => null)
    if (found && this.fresh(found)) return found
    if (!(await cache.lock(key, LOCK_MS).catch(() => true))) {
      for (let waited = 0; waited < LOCK_WAIT_MS; waited += POLL_MS) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS))
        const shared = await cache.get(key).catch(() => null)
        if (shared && this.fresh(shared)) return shared
      }
    }
    const fetched = await fetch()
    await cache.set(key, fetched).catch(() => {})
    return fetched
  }
}
