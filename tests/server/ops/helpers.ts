import type { Hono } from 'hono'
import type { AwardWinData, Envelope } from '../../../src/core/contract'
import type { KeyCreatedData } from '../../../src/core/marketerKeys'
import { PATHS } from '../../../src/core/contract'
import { KEY_PATHS } from '../../../src/core/marketerKeys'
import { Client, MARKETER_KEY } from '../helpers'

/** Shared by the issue-12 tests: keys, marketer calls, winners. */

/** A marketer call (key in `auth`). */
export function marketer<T = unknown>(app: Hono, path: string, body: Record<string, unknown> = {}) {
  return new Client(app).call<T>(path, { auth: MARKETER_KEY, ...body })
}

/** Create a staff key (limited to `activities`, [] = all) through keys/create; returns the key in clear. */
export async function staffKey(app: Hono, activities: string[] = [], label = '门店 A'): Promise<string> {
  const answer = await marketer<KeyCreatedData>(app, KEY_PATHS.create, { label, role: 'staff', activities })
  if (answer.body.code !== 200) throw new Error(`staff key: ${JSON.stringify(answer.body)}`)
  return answer.body.data.key
}

/** A new participant plays once and must win; returns the client and the 核销码. */
export async function winner(app: Hono, code: string): Promise<{ client: Client; secret: string; data: AwardWinData }> {
  const client = new Client(app)
  await client.enter(code)
  const answer = await client.award<AwardWinData>(code)
  if (answer.body.code !== 200) throw new Error(`win: ${JSON.stringify(answer.body)}`)
  return { client, secret: answer.body.data.secret, data: answer.body.data }
}

/** The participant fills the info form. */
export async function fillForm(client: Client, code: string, fields: { name: string; tel: string; address?: string; other_info?: string }) {
  const answer = await client.call(PATHS.user, { code, ...fields })
  if (answer.body.code !== 200) throw new Error(`form: ${JSON.stringify(answer.body)}`)
}

export type { Envelope }
