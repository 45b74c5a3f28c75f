import type { Jar } from '../../bench/lib/serverLoad'
import { applySetCookies, cookieHeader } from '../../bench/lib/serverLoad'
import { API_BASE, PATHS } from '../../src/core/contract'

/** What a separate server process answered to one award (the cross-process tests). */
export interface Answer {
  status: number
  code: number | undefined
  data: Record<string, unknown> | null
}

/** Activity/award over real HTTP as a browser would send it: the jar's cookies out, the rotated ones kept. */
export async function award(base: string, code: string, jar: Jar, requestId: string): Promise<Answer> {
  const res = await fetch(`${base}${API_BASE}${PATHS.award}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookieHeader(jar) },
    body: JSON.stringify({ code, request_id: requestId }),
  })
  applySetCookies(jar, res.headers.getSetCookie())
  const body = (await res.json().catch(() => ({}))) as { code?: number; data?: Record<string, unknown> | null }
  return { status: res.status, code: body.code, data: body.data ?? null }
}
