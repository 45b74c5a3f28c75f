import * as v from 'valibot'
import type { Prize } from '../core/activity'
import type {
  AwardWinData,
  CheckData,
  FieldError,
  IndexData,
  UserData,
  UserlistData,
} from '../core/contract'
import {
  API_BASE,
  AWARD_DATA_SCHEMAS,
  AnyEnvelopeSchema,
  AwardWinDataSchema,
  CheckDataSchema,
  Code,
  ErrorsDataSchema,
  IndexDataSchema,
  PATHS,
  PrizeListDataSchema,
  REQUEST_ID_RE,
  UserDataSchema,
  UserlistDataSchema,
  mustReenter,
  outcomeFromAward,
} from '../core/contract'
import type { Outcome } from '../core/outcome'
import type { UserRequest } from '../core/requests'
import { CAMPAIGN_PATHS, type ClaimValues, type MultiDrawData, type MyRecords, type WinRecord } from '../core/campaign'
import { API_ERROR_MESSAGES, ApiError, isTransient } from './errors'

/**
 * The participant's API client (seed 002), on fetch: axios alone (≈21 KB gzip)
 * would put the participant page over its 80 KB first-load budget, and the
 * client needs one POST with a timeout. Every response replaces the `jwt`
 * cookie, so every call — whatever the endpoint — goes through ONE serial
 * queue: two calls in flight would present the same token twice and fork the
 * chain. Award retries a lost answer with the same request id (the server then
 * returns the stored result); a dead chain re-enters through Activity/index
 * once and the call goes on. Every answer is checked against core/contract.
 *
 * Imports no store and no router: what the page must learn goes through hooks.
 */

/** Tunables. */
export const CLIENT_DEFAULTS = {
  /** One request's timeout, ms. */
  timeoutMs: 8000,
  /** Award and index: extra attempts after a network error, timeout, 5xx or 429 (award: all with the same request id). */
  retries: 3,
  /** Backoff before retry n (from 0): retryBaseMs × 2^n, ms, plus up to 20% jitter. */
  retryBaseMs: 400,
  /** Longest backoff, ms. */
  retryMaxMs: 3000,
}

/** What the page learns from the client without the client knowing the page. */
export interface ApiHooks {
  /** The chain was gone (expired, revoked, reused…): the client re-entered through Activity/index; `data` is the fresh state. */
  onReenter?: (code: string, data: IndexData) => void
  /** Re-entering did not help (or failed): the participant must start over from the link. */
  onFatal?: (error: ApiError) => void
}

export interface ApiClientOptions extends Partial<typeof CLIENT_DEFAULTS> {
  /** Where the API is mounted; default `VITE_API_BASE`, else same-origin '/lottery'. */
  baseURL?: string
  /** Read at call time, so they can be set after the client is made. */
  hooks?: ApiHooks
  /** Waits between retries; injectable for tests. */
  sleep?: (ms: number) => Promise<void>
  /** Jitter source in [0, 1); injectable for tests. */
  random?: () => number
  /** The fetch to call; injectable for tests (Node keeps no cookies). Default: the global fetch, read at call time. */
  fetch?: typeof fetch
}

/** One award's answer: a play's outcome, or “fill in the info form first” (code 201). */
export type AwardReply =
  | {
      kind: 'outcome'
      code: number
      msg: string
      outcome: Outcome
      /** Plays left after this play; null = unlimited; undefined = the answer did not say (not started). */
      playsLeft: number | null | undefined
      /** The win's wire data (money in yuan, the 核销码), when it won. */
      win: AwardWinData | null
    }
  | { kind: 'need_info'; msg: string }

/** A multi-draw's answer: the draws made (and why the batch stopped early), or “fill in the info form first” (201). */
export type MultiReply = { kind: 'draws'; data: MultiDrawData } | { kind: 'need_info'; msg: string }

/** info/check's answer: the prize, and whether it was redeemed (1011 carries the same data, without the code). */
export type CheckReply = CheckData

/** The participant's info for Activity/user (name and tel required). */
export type UserInfoInput = Omit<UserRequest, 'code'>

type EnvelopeOut = v.InferOutput<typeof AnyEnvelopeSchema>

/** How one call is made and read. */
interface Call<T> {
  path: string
  body: Record<string, unknown>
  /** The activity whose chain the call rides on; null = no token needed (index). */
  reenterAs: string | null
  /** Retry transient failures and 429/5000: award (its request id makes it safe) and index (entering again is harmless). */
  retry: boolean
  read: (env: EnvelopeOut, httpStatus: number) => T
}

/** A fresh request id (32 hex chars). getRandomValues works outside secure contexts, where randomUUID does not. */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

function defaultBase(): string {
  const fromEnv: unknown = import.meta.env?.VITE_API_BASE
  return typeof fromEnv === 'string' && fromEnv !== '' ? fromEnv : API_BASE
}

/** JSON, or the text itself when it is not (a proxy's HTML page): the envelope check then says what is wrong. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

function fieldErrorsOf(data: unknown): FieldError[] {
  const parsed = v.safeParse(ErrorsDataSchema, data)
  return parsed.success ? parsed.output.errors : []
}

function refused(env: EnvelopeOut, httpStatus: number): ApiError {
  return new ApiError('refused', env.msg || '请求未成功', { code: env.code, httpStatus, fieldErrors: fieldErrorsOf(env.data), data: env.data })
}

/** The participant reads a plain message; the cause names the endpoint and the first broken field, for logs. */
function malformed(what: string, issues?: readonly v.BaseIssue<unknown>[], httpStatus = 0): ApiError {
  const where = issues?.[0] ? `（${v.getDotPath(issues[0]) ?? '响应'}：${issues[0].message}）` : ''
  return new ApiError('malformed', API_ERROR_MESSAGES.malformed, { httpStatus, cause: new Error(`${what}${where}`) })
}

/** Check `data` against a schema: the typed value, or a malformed-response error naming the first broken field. */
function checked<const S extends v.GenericSchema>(schema: S, data: unknown, what: string, httpStatus: number): v.InferOutput<S> {
  const parsed = v.safeParse(schema, data)
  if (!parsed.success) throw malformed(what, parsed.issues, httpStatus)
  return parsed.output
}

/** A reader for calls whose only success is 200 with `schema` data. */
function okData<const S extends v.GenericSchema>(schema: S, what: string) {
  return (env: EnvelopeOut, httpStatus: number): v.InferOutput<S> => {
    if (env.code !== Code.OK) throw refused(env, httpStatus)
    return checked(schema, env.data, what, httpStatus)
  }
}

function readAward(env: EnvelopeOut, httpStatus: number): AwardReply {
  if (env.code === Code.NEED_INFO) return { kind: 'need_info', msg: env.msg }
  if (!(env.code in AWARD_DATA_SCHEMAS)) throw refused(env, httpStatus)
  const schema = AWARD_DATA_SCHEMAS[env.code as keyof typeof AWARD_DATA_SCHEMAS]
  const data = checked(schema, env.data, 'Activity/award', httpStatus)
  const outcome = outcomeFromAward(env)
  if (!outcome) throw malformed('Activity/award', undefined, httpStatus)
  const win = outcome.kind === 'win' ? (data as AwardWinData) : null
  const playsLeft = 'plays_left' in data ? data.plays_left : undefined
  return { kind: 'outcome', code: env.code, msg: env.msg, outcome, playsLeft, win }
}

function readMulti(schema: CampaignSchemas['MultiDrawDataSchema']) {
  return (env: EnvelopeOut, httpStatus: number): MultiReply => {
    if (env.code === Code.NEED_INFO) return { kind: 'need_info', msg: env.msg }
    if (env.code !== Code.OK) throw refused(env, httpStatus)
    return { kind: 'draws', data: checked(schema, env.data, 'Activity/multi', httpStatus) }
  }
}

type CampaignSchemas = typeof import('../core/campaignSchemas')

/**
 * The checks of 连抽's, 我的记录's and the claim forms' answers, fetched with the first such call: the page's first
 * download goes without them. Fetched before anything is sent, so a failed download (offline) is a network
 * failure that used nothing up.
 */
function campaignSchemas(): Promise<CampaignSchemas> {
  return import('../core/campaignSchemas').catch((cause: unknown) => {
    throw new ApiError('network', API_ERROR_MESSAGES.network, { cause })
  })
}

function readCheck(env: EnvelopeOut, httpStatus: number): CheckReply {
  if (env.code !== Code.OK && env.code !== Code.ALREADY_REDEEMED) throw refused(env, httpStatus)
  return checked(CheckDataSchema, env.data, 'info/check', httpStatus)
}

/** Create a client. The app uses the one in api/index.ts; tests make their own. */
export function createApiClient(options: ApiClientOptions = {}) {
  const opts = { ...CLIENT_DEFAULTS, ...options }
  // Kept by reference: the app sets its hooks after the client exists (api/hooks.ts).
  const hooks: ApiHooks = options.hooks ?? {}
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const random = options.random ?? Math.random

  const baseURL = (options.baseURL ?? defaultBase()).replace(/\/$/, '')
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))

  /** The host ticket each activity was entered with, for re-entering the same way. */
  const entryAuth = new Map<string, string | undefined>()

  // The serial queue: each call starts when the previous one has settled.
  let tail: Promise<unknown> = Promise.resolve()
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task)
    tail = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  /** One HTTP exchange → a checked envelope and its HTTP status, or a typed error. */
  async function exchange(path: string, body: Record<string, unknown>): Promise<{ env: EnvelopeOut; httpStatus: number }> {
    const { status, data } = await post(path, body)
    const env = v.safeParse(AnyEnvelopeSchema, data)
    if (env.success) return { env: env.output, httpStatus: status }
    // A gateway's error page (502/503/504) is the network failing, not the API: worth a retry.
    if (status >= 500) throw new ApiError('network', API_ERROR_MESSAGES.network, { httpStatus: status })
    throw malformed(`${path} HTTP ${status}`, env.issues, status)
  }

  /**
   * POST a JSON body with the cookie (credentials: 'include', for an API on
   * another origin too) → the status and the parsed JSON (the raw text when it
   * is not JSON). Every status is read: each carries an envelope. The timeout
   * is a race, so it holds where AbortController is missing (old WebViews);
   * where it exists, the request is aborted too.
   */
  async function post(path: string, body: Record<string, unknown>): Promise<{ status: number; data: unknown }> {
    const controller = typeof AbortController === 'function' ? new AbortController() : null
    let timer: ReturnType<typeof setTimeout> | undefined
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller?.abort()
        reject(new ApiError('timeout', API_ERROR_MESSAGES.timeout))
      }, opts.timeoutMs)
    })
    const exchangeOnce = async () => {
      const response = await fetchFn(baseURL + path, {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
        signal: controller?.signal ?? null,
      })
      const text = await response.text()
      return { status: response.status, data: parseJson(text) }
    }
    try {
      return await Promise.race([exchangeOnce(), timedOut])
    } catch (error) {
      if (error instanceof ApiError) throw error
      throw new ApiError('network', API_ERROR_MESSAGES.network, { cause: error })
    } finally {
      clearTimeout(timer)
    }
  }

  /** Activity/index for `code`, with the ticket it was entered with; `extra` fields for the first entry only. */
  function indexCall(code: string, extra: Record<string, unknown> = {}): Call<IndexData> {
    const body = { ...withAuth(code), ...extra }
    return { path: PATHS.index, body, reenterAs: null, retry: true, read: okData(IndexDataSchema, 'Activity/index') }
  }

  async function reenter(code: string): Promise<void> {
    let data: IndexData
    try {
      data = await perform(indexCall(code))
    } catch (error) {
      const fatal = error instanceof ApiError ? error : new ApiError('network', API_ERROR_MESSAGES.network, { cause: error })
      hooks.onFatal?.(fatal)
      throw fatal
    }
    hooks.onReenter?.(code, data)
  }

  function withAuth(code: string): Record<string, unknown> {
    const auth = entryAuth.get(code)
    return auth === undefined ? { code } : { code, auth }
  }

  /** Run one call inside its queue slot: retries and re-entry happen before the next call may start. */
  async function perform<T>(call: Call<T>): Promise<T> {
    let retries = 0
    let reentered = false
    for (;;) {
      let env: EnvelopeOut
      let httpStatus: number
      try {
        ;({ env, httpStatus } = await exchange(call.path, call.body))
      } catch (error) {
        if (call.retry && isTransient(error) && retries < opts.retries) {
          await sleep(backoff(retries++))
          continue
        }
        throw error
      }
      if (call.reenterAs !== null && mustReenter(env.code)) {
        const error = refused(env, httpStatus)
        if (reentered) {
          hooks.onFatal?.(error)
          throw error
        }
        reentered = true
        await reenter(call.reenterAs)
        continue
      }
      // 429 is refused before the token is exchanged and 5000 rolls back: the same call is safe to send again.
      if (call.retry && (env.code === Code.RATE_LIMITED || env.code === Code.INTERNAL) && retries < opts.retries) {
        await sleep(backoff(retries++))
        continue
      }
      return call.read(env, httpStatus)
    }
  }

  function backoff(n: number): number {
    const base = Math.min(opts.retryMaxMs, opts.retryBaseMs * 2 ** n)
    return Math.round(base * (1 + 0.2 * random()))
  }

  const run = <T>(call: Call<T>): Promise<T> => enqueue(() => perform(call))

  return {
    /**
     * Activity/index: the activity, the participant's state and the first token. `auth` = the host ticket (active_type 2);
     * `ref` = a sharer's referral id from the page's link, sent on this entry only (re-entries are not arrivals).
     */
    index(code: string, auth?: string, ref?: string): Promise<IndexData> {
      entryAuth.set(code, auth)
      return run(indexCall(code, ref === undefined ? {} : { ref }))
    },

    /** Activity/prize: the prize list. */
    prize(code: string): Promise<Prize[]> {
      return run({ path: PATHS.prize, body: { code }, reenterAs: code, retry: false, read: okData(PrizeListDataSchema, 'Activity/prize') })
    },

    /** Activity/user: the info form. Checked before sending: a bad field rejects with kind 'invalid' and nothing is sent. */
    async user(code: string, info: UserInfoInput): Promise<UserData> {
      // With the form's chunk, loaded by the time the form is shown (vite.config.ts): the game's chunk stays smaller.
      const { checkUserRequest } = await import('../core/requests')
      const input = checkUserRequest({ code, ...info })
      if (!input.ok) {
        throw new ApiError('invalid', input.fieldErrors[0]?.message ?? '请检查填写的信息', { code: Code.BAD_REQUEST, fieldErrors: input.fieldErrors })
      }
      return run({ path: PATHS.user, body: { ...input.body }, reenterAs: code, retry: false, read: okData(UserDataSchema, 'Activity/user') })
    },

    /** Activity/user for an activity with its own form (config.claim_fields): the answers, checked by the form (readClaimValues) before. */
    userValues(code: string, values: ClaimValues): Promise<UserData> {
      return run({ path: PATHS.user, body: { code, values }, reenterAs: code, retry: false, read: okData(UserDataSchema, 'Activity/user') })
    },

    /**
     * Activity/award: one play. Keep `requestId` until an answer arrives — sending it again
     * (here on retries, or on the participant's next tap after a failure) never plays twice.
     */
    award(code: string, requestId: string): Promise<AwardReply> {
      if (!REQUEST_ID_RE.test(requestId)) return Promise.reject(new ApiError('invalid', '请求编号格式不正确', { code: Code.BAD_REQUEST }))
      return run({ path: PATHS.award, body: { code, request_id: requestId }, reenterAs: code, retry: true, read: readAward })
    },

    /**
     * Activity/multi: up to `count` draws in one go (连抽). Like award: keep `requestId` until an
     * answer arrives — sending it again never draws twice.
     */
    multi(code: string, requestId: string, count: number): Promise<MultiReply> {
      if (!REQUEST_ID_RE.test(requestId)) return Promise.reject(new ApiError('invalid', '请求编号格式不正确', { code: Code.BAD_REQUEST }))
      return campaignSchemas().then(({ MultiDrawDataSchema }) =>
        run({ path: CAMPAIGN_PATHS.multi, body: { code, request_id: requestId, count }, reenterAs: code, retry: true, read: readMulti(MultiDrawDataSchema) }),
      )
    },

    /** info/records: my plays and my wins with their delivery status and claim forms. */
    records(code: string): Promise<MyRecords> {
      return campaignSchemas().then(({ MyRecordsSchema }) =>
        run({ path: CAMPAIGN_PATHS.records, body: { code }, reenterAs: code, retry: false, read: okData(MyRecordsSchema, 'info/records') }),
      )
    },

    /** info/claim: fill or correct a win's claim form (until it is shipped). Field errors come back on the ApiError. */
    claim(code: string, awardcode: string, values: ClaimValues): Promise<WinRecord> {
      return campaignSchemas().then(({ WinRecordDataSchema }) =>
        run({ path: CAMPAIGN_PATHS.claim, body: { code, awardcode, values }, reenterAs: code, retry: false, read: okData(WinRecordDataSchema, 'info/claim') }),
      )
    },

    /** info/received: the winner confirms a shipped prize arrived. */
    received(code: string, awardcode: string): Promise<WinRecord> {
      return campaignSchemas().then(({ WinRecordDataSchema }) =>
        run({ path: CAMPAIGN_PATHS.received, body: { code, awardcode }, reenterAs: code, retry: false, read: okData(WinRecordDataSchema, 'info/received') }),
      )
    },

    /** info/check: one of my prizes with its 核销码 (empty once redeemed) and whether it was redeemed. */
    check(code: string, awardcode: string): Promise<CheckReply> {
      return run({ path: PATHS.check, body: { code, awardcode }, reenterAs: code, retry: false, read: readCheck })
    },

    /** info/userlist: the latest 10 winners, names masked by the server. */
    userlist(code: string): Promise<UserlistData> {
      return run({ path: PATHS.userlist, body: { code }, reenterAs: code, retry: false, read: okData(UserlistDataSchema, 'info/userlist') })
    },
  }
}

export type ApiClient = ReturnType<typeof createApiClient>
