import axios, { AxiosError } from 'axios'
import * as v from 'valibot'
import type { Envelope, FieldError } from '../core/contract'
import { API_BASE, Code, ErrorsDataSchema } from '../core/contract'

/**
 * The axios client of calls made with a key — the studio's (marketer key) and the
 * staff page's (staff key). They carry no participant JWT, so they do not go
 * through the participant client's serial queue (api/client.ts). Keys travel in
 * the body or a header, never in a URL, where logs and Referer headers keep them.
 */

/** A refused or failed keyed call, with the server's field errors and data when it sent any. */
export class StudioApiError extends Error {
  /** The envelope's code, or the HTTP status when there was no envelope, or 0 for no response. */
  readonly code: number
  readonly fieldErrors: FieldError[]
  /** The refusal's envelope data, unchecked (1011 carries the first redemption); else null. */
  readonly data: unknown

  constructor(message: string, code: number, fieldErrors: FieldError[] = [], data: unknown = null) {
    super(message)
    this.name = 'StudioApiError'
    this.code = code
    this.fieldErrors = fieldErrors
    this.data = data
  }
}

export const http = axios.create({ baseURL: API_BASE, timeout: 15_000 })

const NETWORK_MESSAGE = '网络不稳定，请检查网络后重试'

function fieldErrorsIn(data: unknown): FieldError[] {
  const parsed = v.safeParse(ErrorsDataSchema, data)
  return parsed.success ? parsed.output.errors : []
}

function refusal(env: Partial<Envelope<unknown>> | undefined, httpStatus: number, fallback: string): StudioApiError {
  return new StudioApiError(
    typeof env?.msg === 'string' && env.msg ? env.msg : fallback,
    typeof env?.code === 'number' ? env.code : httpStatus,
    fieldErrorsIn(env?.data),
    env?.data ?? null,
  )
}

/** POST `body` → the envelope's data when its code is 200; anything else throws a StudioApiError. */
export async function call<T>(path: string, body: object | FormData, headers: Record<string, string> = {}): Promise<T> {
  let envelope: Envelope<T>
  try {
    envelope = (await http.post<Envelope<T>>(path, body, { headers })).data
  } catch (error) {
    const response = (error as AxiosError<Partial<Envelope<unknown>>>).response
    if (!response) throw new StudioApiError(NETWORK_MESSAGE, 0)
    throw refusal(response.data, response.status, `请求失败（${response.status}）`)
  }
  if (envelope?.status !== 1 || envelope.code !== Code.OK) throw refusal(envelope, 0, '操作失败')
  return envelope.data
}

/** Data that does not match its schema: the client and server disagree on the contract. */
export function checked<const S extends v.GenericSchema>(schema: S, data: unknown): v.InferOutput<S> {
  const parsed = v.safeParse(schema, data)
  if (!parsed.success) throw new StudioApiError('服务器返回的数据格式不正确', Code.INTERNAL)
  return parsed.output
}

/** A file the server streamed: its bytes and the name it suggested. */
export interface Download {
  blob: Blob
  filename: string
}

/** The file name in a Content-Disposition header (RFC 6266 `filename*` first), else `fallback`. */
export function filenameFrom(disposition: string | undefined, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      // A broken escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition)
  return plain?.[1]?.trim() || fallback
}

/**
 * POST `body` and take the answer as a file (an export). `onProgress` gets the
 * bytes received so far. A refusal arrives as a JSON envelope instead of the
 * file: it is read and thrown like any refused call.
 */
export async function download(
  path: string,
  body: object,
  headers: Record<string, string>,
  fallbackName: string,
  onProgress?: (bytes: number) => void,
): Promise<Download> {
  try {
    const response = await http.post<Blob>(path, body, {
      headers,
      responseType: 'blob',
      // An export of 100,000 rows takes longer than one call.
      timeout: 0,
      onDownloadProgress: (event) => onProgress?.(event.loaded),
    })
    const type = String(response.headers['content-type'] ?? '')
    if (type.includes('application/json')) throw refusal(await jsonOf(response.data), response.status, '导出失败')
    return { blob: response.data, filename: filenameFrom(response.headers['content-disposition'] as string | undefined, fallbackName) }
  } catch (error) {
    if (error instanceof StudioApiError) throw error
    const response = (error as AxiosError<Blob>).response
    if (!response) throw new StudioApiError(NETWORK_MESSAGE, 0)
    throw refusal(await jsonOf(response.data), response.status, `导出失败（${response.status}）`)
  }
}

async function jsonOf(blob: unknown): Promise<Partial<Envelope<unknown>> | undefined> {
  if (!(blob instanceof Blob)) return undefined
  try {
    return JSON.parse(await blob.text()) as Partial<Envelope<unknown>>
  } catch {
    return undefined
  }
}
