import type { FieldError } from '../core/contract'

/**
 * Why a call failed:
 * - network: no answer (offline, connection dropped, proxy error page);
 * - timeout: no answer in time;
 * - malformed: an answer that breaks the contract (the client and server disagree);
 * - refused: a valid envelope saying no (its `code` says why);
 * - invalid: input the server would refuse, caught before sending (nothing was sent).
 */
export type ApiErrorKind = 'network' | 'timeout' | 'malformed' | 'refused' | 'invalid'

/** What the participant reads for each kind; `refused` and `invalid` carry their own message. */
export const API_ERROR_MESSAGES: Readonly<Record<Exclude<ApiErrorKind, 'refused' | 'invalid'>, string>> = {
  network: '网络异常，请重试',
  timeout: '网络异常，请重试',
  malformed: '服务器返回的数据有误，请稍后再试',
}

/** A failed API call, typed: never a raw axios error, never a crash on bad data. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind
  /** The envelope's code (core/contract Code); 0 when there was no valid envelope. */
  readonly code: number
  /** The HTTP status; 0 when there was no response. */
  readonly httpStatus: number
  /** Field errors the server sent (4000/4001), else []. */
  readonly fieldErrors: readonly FieldError[]
  /** A refusal's envelope data, unchecked (e.g. 2041's snapshot: the reader parses it); else null. */
  readonly data: unknown

  constructor(
    kind: ApiErrorKind,
    message: string,
    details: { code?: number; httpStatus?: number; fieldErrors?: readonly FieldError[]; data?: unknown; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'ApiError'
    this.kind = kind
    this.code = details.code ?? 0
    this.httpStatus = details.httpStatus ?? 0
    this.fieldErrors = details.fieldErrors ?? []
    this.data = details.data ?? null
  }
}

/** True for failures where the request may never have been answered (retrying is the remedy). */
export function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.kind === 'network' || error.kind === 'timeout')
}

/** What to tell the participant about any failure: an ApiError's own message, else the network one. */
export function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : API_ERROR_MESSAGES.network
}
