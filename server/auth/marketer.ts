import type { Context } from 'hono'
import { createHash, randomBytes } from 'node:crypto'
import type { Store } from '../db/queries'
import { MARKETER_HEADER } from '../../src/core/contract'

/**
 * Marketer keys: sent as the `auth` field (seed 002) or the X-Marketer-Key
 * header; stored only as SHA-256. One tenant: any valid key manages every activity.
 */

export { MARKETER_HEADER }

/** SHA-256 hex of a key, as stored. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** A fresh random key ('mk_' + 32 base64url characters). */
export function newMarketerKey(): string {
  return `mk_${randomBytes(24).toString('base64url')}`
}

/** The key a request carries: the header first, then the body's `auth`. */
export function marketerKeyOf(c: Context, auth: string | undefined): string | undefined {
  return c.req.header(MARKETER_HEADER) || auth || undefined
}

/** True when `key` is a registered marketer key. */
export function isMarketer(store: Store, key: string | undefined): boolean {
  return key !== undefined && key.length <= 256 && store.hasMarketerKey(hashKey(key))
}
