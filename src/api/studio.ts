import type { ActivityConfig } from '../core/activity'
import type { AddData, MarketerIndexData, SettingsData } from '../core/contract'
import type { KeyCreatedData, KeyInfo } from '../core/marketerKeys'
import { KEY_PATHS, KeyCreatedDataSchema, KeyListDataSchema } from '../core/marketerKeys'
import { Code, MARKETER_HEADER, PATHS } from '../core/contract'
import { AddDataSchema, MarketerIndexDataSchema, SettingsDataSchema } from '../core/marketerSchemas'
import type { ActivityOverview, ActivityStats, KeyRole, RedemptionEntry } from '../core/ops'
import { OPS_PATHS } from '../core/ops'
import { call, checked, download, type Download, StudioApiError } from './http'
import { ActivityOverviewListSchema, ActivityOverviewSchema, ActivityStatsSchema, RedemptionListSchema } from './opsSchemas'

/**
 * The marketer's API calls (studio only), on the keyed axios client (api/http.ts).
 * The marketer key travels as `auth` in the request body, or in the header for
 * uploads and exports — never in a URL.
 */

export type { ActivityOverview, Download }
export { StudioApiError }

/** True when the error means the marketer key is wrong or was revoked: sign in again. */
export function isAuthError(error: unknown): boolean {
  return error instanceof StudioApiError && error.code === Code.MARKETER_DENIED
}

/** The marketer's activities, newest first (also how the studio checks a key on sign-in). */
export async function listActivities(auth: string): Promise<ActivityOverview[]> {
  return checked(ActivityOverviewListSchema, await call<unknown>(PATHS.list, { auth }))
}

/** What the server can do that the studio's defaults depend on: `wechat` when it can sign people in with WeChat. */
export async function loadSettings(auth: string): Promise<SettingsData> {
  return checked(SettingsDataSchema, await call<unknown>(PATHS.settings, { auth }))
}

/** A saved activity's full configuration with stock and counts (Activity/index with marketer auth). */
export async function loadActivity(auth: string, code: string): Promise<MarketerIndexData> {
  return checked(MarketerIndexDataSchema, await call<unknown>(PATHS.index, { auth, code }))
}

/**
 * Create (`code` null) or update an activity; resolves to its code and the saved
 * configuration (prize ids assigned). Field errors arrive in StudioApiError.fieldErrors.
 */
export async function saveActivity(auth: string, config: ActivityConfig, code: string | null): Promise<AddData> {
  const body = code ? { ...config, auth, code } : { ...config, auth }
  return checked(AddDataSchema, await call<unknown>(PATHS.add, body))
}

/** Upload a prize image (PNG/JPEG/WebP); resolves to its URL. */
export async function uploadImage(auth: string, file: File): Promise<string> {
  const form = new FormData()
  form.append('file', file)
  // Uploads carry the key in the header: the server checks it before reading the body.
  const data = await call<{ url: string }>(PATHS.imgAdd, form, { [MARKETER_HEADER]: auth })
  return data.url
}

/** Every marketer key (never the keys themselves), newest first; `current` marks the one signed in. */
export async function listKeys(auth: string): Promise<KeyInfo[]> {
  return checked(KeyListDataSchema, await call<unknown>(KEY_PATHS.list, { auth }))
}

/**
 * A new key under `label`: the clear key is in the answer this once. A staff key
 * (`role` 'staff') only redeems prizes, of `activities` ([] = every activity).
 */
export async function createKey(auth: string, label: string, role: KeyRole = 'marketer', activities: string[] = []): Promise<KeyCreatedData> {
  const body = role === 'staff' ? { auth, label, role, activities } : { auth, label }
  return checked(KeyCreatedDataSchema, await call<unknown>(KEY_PATHS.create, body))
}

/** Revoke key `id`: calls with it are refused from now on. */
export async function revokeKey(auth: string, id: number): Promise<void> {
  await call<unknown>(KEY_PATHS.revoke, { auth, id })
}

/** An activity's statistics now (the studio polls it while the panel shows). */
export async function loadStats(auth: string, code: string): Promise<ActivityStats> {
  return checked(ActivityStatsSchema, await call<unknown>(OPS_PATHS.stats, { auth, code }))
}

/** Redemptions of an activity, newest first, 100 at a time; `before` pages back from that redeemed_at. */
export async function loadRedemptions(auth: string, code: string, before?: number): Promise<RedemptionEntry[]> {
  const body = before === undefined ? { auth, code } : { auth, code, before }
  return checked(RedemptionListSchema, await call<unknown>(OPS_PATHS.redemptions, body))
}

/** What the activity list can do to an activity. */
export type ActivityAction = 'close' | 'reopen' | 'duplicate' | 'publish'

/** Close, reopen, duplicate as a draft, or publish: resolves to the activity it leaves (the new draft for duplicate). */
export async function actOn(auth: string, action: ActivityAction, code: string): Promise<ActivityOverview> {
  return checked(ActivityOverviewSchema, await call<unknown>(OPS_PATHS[action], { auth, code }))
}

/** Which export: one row per win, or per participant. */
export type ExportKind = 'winners' | 'participants'

/** Download an export as a CSV file (streamed by the server; `onProgress` gets the bytes so far). */
export function exportCsv(auth: string, kind: ExportKind, code: string, onProgress?: (bytes: number) => void): Promise<Download> {
  const path = kind === 'winners' ? OPS_PATHS.exportWinners : OPS_PATHS.exportParticipants
  return download(path, { code }, { [MARKETER_HEADER]: auth }, `${code}-${kind}.csv`, onProgress)
}
