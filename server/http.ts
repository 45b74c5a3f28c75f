import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { CodeValue, Envelope, FieldError } from '../src/core/contract'
import { CODE_INFO, Code } from '../src/core/contract'

/** A route's answer before it becomes a Response: the code decides HTTP status and envelope status. */
export interface Reply {
  code: CodeValue
  data: unknown
  /** Defaults to the code's message. */
  msg?: string
}

/** The envelope for a reply. `status` is 1 only when the call did its job (200, 202). */
export function envelope(reply: Reply): Envelope<unknown> {
  const ok = reply.code === Code.OK || reply.code === Code.NO_AWARD
  return { status: ok ? 1 : 0, code: reply.code, msg: reply.msg ?? CODE_INFO[reply.code].msg, data: reply.data }
}

/** Send a reply as JSON with the code's HTTP status. */
export function send(c: Context, reply: Reply): Response {
  return c.json(envelope(reply), CODE_INFO[reply.code].http as ContentfulStatusCode)
}

/** Shorthand for a refusal. */
export function fail(c: Context, code: CodeValue, data: unknown = null, msg?: string): Response {
  return send(c, { code, data, msg })
}

/** 400 with field errors; the message names the first one so a plain toast is still useful. */
export function badRequest(c: Context, errors: FieldError[], code: CodeValue = Code.BAD_REQUEST): Response {
  const first = errors[0]
  const msg = first ? `${CODE_INFO[code].msg}：${first.message}` : undefined
  return fail(c, code, { errors }, msg)
}

type Input = Record<string, unknown>

/**
 * The request's fields: the query for GET, else a JSON object or a urlencoded
 * form (what seed-era PHP clients send); an empty body reads as {}.
 * Anything else answers 400/415 (the Response is returned instead).
 */
export async function readInput(c: Context): Promise<Input | Response> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.req.query()
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  const text = await c.req.text()
  if (type === 'application/json' || (type === '' && text.trim() !== '')) {
    if (text.trim() === '') return {}
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return badRequest(c, [{ path: '', message: '请求体不是合法的 JSON' }])
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return badRequest(c, [{ path: '', message: '请求体应为 JSON 对象' }])
    }
    return body as Input
  }
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text))
  if (type === '') return {}
  return fail(c, Code.UNSUPPORTED_MEDIA, null, '请以 JSON 或表单格式提交')
}

/**
 * The client's IP. Without trusted proxies: the socket's peer. Behind
 * `trustedProxies` proxies, each appending the address it received from to
 * X-Forwarded-For: the hop that many places from the right — hops further
 * left were written by the client itself and prove nothing.
 */
export function clientIp(c: Context, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((hop) => hop.trim()).filter((hop) => hop !== '')
    // Fewer hops than proxies: every hop there was written by a trusted proxy, the leftmost is the furthest out.
    const hop = hops[Math.max(0, hops.length - trustedProxies)]
    if (hop) return hop
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? 'local'
}
