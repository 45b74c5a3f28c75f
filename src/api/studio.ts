import axios, { AxiosError } from 'axios'
import * as v from 'valibot'
import type { ActivityConfig } from '../core/activity'
import type { ActivitySummary, AddData, Envelope, FieldError, MarketerIndexData, SettingsData } from '../core/contract'
import type { KeyCreatedData, KeyInfo } from '../core/marketerKeys'
import { KEY_PATHS, KeyCreatedDataSchema, KeyListDataSchema } from '../core/marketerKeys'
import {
  ActivityListDataSchema,
  AddDataSchema,
  API_BASE,
  Code,
  ErrorsDataSchema,
  MarketerIndexDataSchema,
  MARKETER_HEADER,
  PATHS,
  SettingsDataSchema,
} from '../core/contract'

/**
 * The marketer's API calls (studio only). The marketer key travels as `auth`
 * in the request body — never in a URL, where logs and Referer headers keep it.
 * Marketer calls carry no participant JWT, so they do not go through the
 * participant client's serial queue.
 */

export type { ActivitySummary }

/** A refused or failed marketer call, with the server's field errors when it sent any. */
export class StudioApiError extends Error {
  /** The envelope's code, or the HTTP status when there was no envelope, or 0 for no response. */
  readonly code: number
  readonly fieldErrors: FieldError[]

  constructor(message: string, code: number, fieldErrors: FieldError[] = []) {
    super(message)
    this.name = 'StudioApiError'
    this.code = code
    this.fieldErrors = fieldErrors
  }
}

const http = axios.create({ baseURL: API_BASE, timeout: 15_000 })

/** True when the error means the marketer key is wrong or was revoked: sign in again. */
export function isAuthError(error: unknown): boolean {
  return error instanceof StudioApiError && error.code === Code.MARKETER_DENIED
}

function fieldErrorsIn(data: unknown): FieldError[] {
  const parsed = v.safeParse(ErrorsDataSchema, data)
  return parsed.success ? parsed.output.errors : []
}

async function call<T>(path: string, body: object | FormData, headers: Record<string, string> = {}): Promise<T> {
  let envelope: Envelope<T>
  try {
    envelope = (await http.post<Envelope<T>>(path, body, { headers })).data
  } catch (error) {
    const response = (error as AxiosError<Partial<Envelope<unknown>>>).response
    if (!response) throw new StudioApiError('网络不稳定，请检查网络后重试', 0)
    const env = response.data
    throw new StudioApiError(
      typeof env?.msg === 'string' && env.msg ? env.msg : `请求失败（${response.status}）`,
      typeof env?.code === 'number' ? env.code : response.status,
      fieldErrorsIn(env?.data),
    )
  }
  if (envelope?.status !== 1 || envelope.code !== Code.OK) {
    throw new StudioApiError(envelope?.msg || '操作失败', envelope?.code ?? 0, fieldErrorsIn(envelope?.data))
  }
  return envelope.data
}

/** Data that does not match its schema: the client and server disagree on the contract. */
function checked<const S extends v.GenericSchema>(schema: S, data: unknown): v.InferOutput<S> {
  const parsed = v.safeParse(schema, data)
  if (!parsed.success) throw new StudioApiError('服务器返回的数据格式不正确', Code.INTERNAL)
  return parsed.output
}

/** The marketer's activities, newest first (also how the studio checks a key on sign-in). */
export async function listActivities(auth: string): Promise<ActivitySummary[]> {
  return checked(ActivityListDataSchema, await call<unknown>(PATHS.list, { auth }))
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

/** A new key under `label`: the clear key is in the answer this once. */
export async function createKey(auth: string, label: string): Promise<KeyCreatedData> {
  return checked(KeyCreatedDataSchema, await call<unknown>(KEY_PATHS.create, { auth, label }))
}

/** Revoke key `id`: calls with it are refused from now on. */
export async function revokeKey(auth: string, id: number): Promise<void> {
  await call<unknown>(KEY_PATHS.revoke, { auth, id })
}
