import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { randomId, sha256 } from '../auth/hmac'
import type { Deps } from '../context'
import type { ActivityRow, WechatPersonRow } from '../db/queries'
import type { Reply } from '../http'
import type { Identity } from '../../src/core/activity'
import type { SnapshotData } from '../../src/core/wechat'
import { API_BASE, Code } from '../../src/core/contract'
import { authorizePath } from '../../src/core/wechat'

/**
 * Who the WeChat person of this browser is. The sign-in cookie holds 256
 * random bits that map to a server-side row (only its SHA-256 is stored), not
 * a token signed with JWT_SECRET: operators rotate that, and a rotation must
 * not sign everyone out. The participant id is 'w:' + openid.
 */

/** The person cookie (path API_BASE, so Activity/index sees it). */
export const PERSON_COOKIE = 'wxid'
/** The browser's nonce that binds OAuth states to it (path: the WeChat routes only). */
export const NONCE_COOKIE = 'wxn'
/** Seconds. */
const PERSON_MAX_AGE_S = 365 * 24 * 60 * 60
const NONCE_MAX_AGE_S = 24 * 60 * 60


/** The participant id of a WeChat person. */
export function wechatPid(openid: string): string {
  return `w:${openid}`
}

/** The signed-in person of this browser, or null. */
export async function currentPerson(c: Context, deps: Deps): Promise<WechatPersonRow | null> {
  const cookie = getCookie(c, PERSON_COOKIE)
  if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) return null
  return deps.store.wechat.personBySession(sha256(cookie))
}

/** Sign this browser in as `openid`: its current session when it is already theirs, else a new one (cookie set). */
export async function signIn(c: Context, deps: Deps, openid: string, now: number): Promise<void> {
  if ((await currentPerson(c, deps))?.openid === openid) return
  const cookie = randomId(32)
  await deps.store.transaction(async (tx) => {
    await tx.wechat.purgeSessions(now - PERSON_MAX_AGE_S * 1000)
    await tx.wechat.insertSession(sha256(cookie), openid, now)
  })
  setCookie(c, PERSON_COOKIE, cookie, {
    httpOnly: true,
    sameSite: 'Lax',
    path: API_BASE,
    secure: deps.cookieSecure,
    maxAge: PERSON_MAX_AGE_S,
  })
}

/** This browser's state-binding nonce, set when missing. */
export function browserNonce(c: Context, deps: Deps): string {
  const existing = getCookie(c, NONCE_COOKIE)
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing
  const nonce = randomId(24)
  // Lax: the callback is a top-level GET navigation from WeChat's page, which Lax cookies follow.
  setCookie(c, NONCE_COOKIE, nonce, {
    httpOnly: true,
    sameSite: 'Lax',
    path: `${API_BASE}/wechat`,
    secure: deps.cookieSecure,
    maxAge: NONCE_MAX_AGE_S,
  })
  return nonce
}

/** The nonce cookie as sent, or null. */
export function sentNonce(c: Context): string | null {
  return getCookie(c, NONCE_COOKIE) ?? null
}

/**
 * The identity Activity/add gives an activity that names none: the one it
 * already has, else `wechat` when this server can sign in with WeChat.
 */
export function defaultIdentity(deps: Deps, existing: ActivityRow | null): Identity {
  return existing?.config.identity ?? (deps.wechat === null ? 'anonymous' : 'wechat')
}

export type WechatEntry = { pid: string } | { redirect: string } | { snapshot: true } | { unavailable: true }

/**
 * The participant of a `wechat` activity for Activity/index: the signed-in
 * person's pid; else where to sign in (the page adds `ref` from its URL); a
 * snapshot-page visitor (look, not play); or unavailable when the server has
 * no WeChat credentials.
 */
export async function wechatParticipant(c: Context, deps: Deps, activity: ActivityRow): Promise<WechatEntry> {
  if (deps.wechat === null) return { unavailable: true }
  const person = await currentPerson(c, deps)
  if (person === null) return { redirect: authorizePath(activity.code) }
  if (person.snapshot === 1) return { snapshot: true }
  return { pid: wechatPid(person.openid) }
}

/**
 * Activity/index's answer for an entry without a pid: where to sign in
 * (2040), the activity to look at without playing (2041: a snapshot page),
 * or 2042 when the server cannot sign in with WeChat.
 */
export function wechatEntryReply(entry: Exclude<WechatEntry, { pid: string }>, activity: ActivityRow, now: number): Reply {
  if ('redirect' in entry) return { code: Code.WECHAT_SIGNIN, data: { authorize: entry.redirect } }
  if ('snapshot' in entry) {
    const data: SnapshotData = { ...activity.config, view: 'snapshot', code: activity.code, server_time: now }
    return { code: Code.WECHAT_SNAPSHOT, data }
  }
  return { code: Code.WECHAT_UNAVAILABLE, data: null }
}
