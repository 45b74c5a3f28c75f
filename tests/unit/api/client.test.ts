import { afterEach, describe, expect, it, vi } from 'vitest'
import { Code, REQUEST_ID_RE } from '../../../src/core/contract'
import { createApiClient, newRequestId, type ApiClientOptions, type ApiHooks } from '../../../src/api/client'
import { API_ERROR_MESSAGES, ApiError } from '../../../src/api/errors'
import { makePrize } from '../../helpers/activity'
import { jsonResponse, openActivity, startTestServer, testNet, type TestNet, type TestServer } from './realServer'

/**
 * The participant client against the REAL server (server/app.ts on a loopback
 * port, temp database, rotating cookies through a Node cookie jar in the
 * injected fetch, which can also lose or rewrite answers).
 */

let server: TestServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

const CODE = 'act-1'

async function setup(options: Partial<ApiClientOptions> & { beforeJar?: (net: TestNet) => void } = {}) {
  const now = Date.now()
  server = await startTestServer({
    [CODE]: openActivity(now),
    'need-info': openActivity(now, { actinfo: { need_info: true } }),
    'no-win': openActivity(now, { prize: [makePrize(1, { name: '保温杯', chance: 0 })], max_play: 2, max_eplay: 2 }),
  })
  const hooks: Required<ApiHooks> = { onReenter: vi.fn(), onFatal: vi.fn() }
  const sleeps: number[] = []
  const net = testNet()
  options.beforeJar?.(net)
  const client = createApiClient({
    baseURL: server.baseURL,
    hooks,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0,
    fetch: net.fetch,
    ...options,
  })
  return { server, client, hooks, sleeps, net, jar: net.jar }
}

/** Plays recorded by the server for the activity (all participants). */
async function playsOnServer(s: TestServer, code = CODE): Promise<number> {
  const activity = (await s.store.activityByCode(code))!
  return (await s.store.participantCounts(activity.id)).plays
}

function awardRequests(s: TestServer) {
  return s.requests.filter((r) => r.path.endsWith('/Activity/award'))
}

/** Loses the answers `lose` picks (n counts award answers from 0): the server did the work, the client never hears. */
function loseAwards(net: TestNet, lose: (n: number) => boolean) {
  let n = 0
  net.beforeJar.push((path, response) => {
    if (path === '/Activity/award' && lose(n++)) throw new TypeError('fetch failed: socket hang up')
    return response
  })
}

describe('api client against the real server', () => {
  it('enters through Activity/index and reads a checked IndexData', async () => {
    const { client, jar } = await setup()
    const data = await client.index(CODE)
    expect(data.view).toBe('participant')
    expect(data.code).toBe(CODE)
    expect(data.state.plays_left).toBe(5)
    expect(data.state.window.phase).toBe('open')
    expect(jar.has('jwt')).toBe(true)
  })

  it('never forks the chain: five calls fired at once go one at a time, in order, and all succeed', async () => {
    const { client, server } = await setup()
    await client.index(CODE)
    server.requests.length = 0
    server.maxInFlight = 0
    server.hold = () => 20

    const results = await Promise.allSettled([
      client.userlist(CODE),
      client.prize(CODE),
      client.award(CODE, newRequestId()),
      client.userlist(CODE),
      client.prize(CODE),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'])
    expect(server.maxInFlight).toBe(1)
    expect(server.requests.map((r) => r.path.replace('/lottery', ''))).toEqual([
      '/info/userlist',
      '/Activity/prize',
      '/Activity/award',
      '/info/userlist',
      '/Activity/prize',
    ])
  })

  it('(control) the same five calls without the queue overlap on the server', async () => {
    const { client, server, net } = await setup()
    await client.index(CODE)
    server.maxInFlight = 0
    server.hold = () => 20
    const post = () => net.fetch(`${server.baseURL}/info/userlist`, { method: 'POST', body: JSON.stringify({ code: CODE }) })
    await Promise.allSettled(Array.from({ length: 5 }, post))
    expect(server.maxInFlight).toBeGreaterThan(1)
  })

  it('retries a lost award answer with the same request id: the stored result comes back, one chance used', async () => {
    const { client, server, sleeps } = await setup({ beforeJar: (net) => loseAwards(net, (n) => n === 0) })
    await client.index(CODE)
    const requestId = newRequestId()
    const reply = await client.award(CODE, requestId)

    expect(reply.kind).toBe('outcome')
    if (reply.kind !== 'outcome') return
    expect(reply.outcome.kind).toBe('win')
    expect(reply.playsLeft).toBe(4)
    const sent = awardRequests(server)
    expect(sent).toHaveLength(2)
    expect(sent.map((r) => r.body.request_id)).toEqual([requestId, requestId])
    expect(sleeps).toHaveLength(1)
    expect(await playsOnServer(server)).toBe(1)
    expect((await server.store.winCounts((await server.store.activityByCode(CODE))!.id)).wins).toBe(1)
  })

  it('a lost answer retried after the token grace re-enters through the index and still gets the stored result', async () => {
    const clockJump = vi.fn()
    const { client, server, hooks } = await setup({
      beforeJar: (net) => loseAwards(net, (n) => n === 0),
      // The backoff takes longer than the server's grace for the lost token.
      sleep: async () => {
        clockJump()
        server!.clock.now += 60_000
      },
    })
    await client.index(CODE)
    const requestId = newRequestId()
    const reply = await client.award(CODE, requestId)

    expect(reply.kind === 'outcome' && reply.outcome.kind).toBe('win')
    expect(clockJump).toHaveBeenCalledTimes(1)
    expect(hooks.onReenter).toHaveBeenCalledTimes(1)
    expect(hooks.onReenter).toHaveBeenCalledWith(CODE, expect.objectContaining({ code: CODE, view: 'participant' }))
    expect(hooks.onFatal).not.toHaveBeenCalled()
    // award (lost) → award (old token: reuse, refused) → index → award (same id).
    expect(server.requests.map((r) => r.path.replace('/lottery', ''))).toEqual([
      '/Activity/index',
      '/Activity/award',
      '/Activity/award',
      '/Activity/index',
      '/Activity/award',
    ])
    expect(new Set(awardRequests(server).map((r) => r.body.request_id))).toEqual(new Set([requestId]))
    expect(await playsOnServer(server)).toBe(1)
  })

  it('retries an award that timed out with the same request id; the server plays once', async () => {
    let first = true
    let release = () => {}
    // Long enough for every call but the held one on a loaded CI box (PostgreSQL included); the held one times out.
    const { client, server } = await setup({ timeoutMs: 1500 })
    // The first award is held past the client's timeout, until the test lets it through.
    server.hold = (req) => {
      if (req.path.endsWith('/Activity/award') && first) {
        first = false
        return new Promise<void>((resolve) => (release = resolve))
      }
      return 5
    }
    await client.index(CODE)
    const requestId = newRequestId()
    const reply = await client.award(CODE, requestId)
    expect(reply.kind === 'outcome' && reply.outcome.kind).toBe('win')
    // The slow first request now reaches the server too.
    release()
    await server.idle()
    expect(awardRequests(server).map((r) => r.body.request_id)).toEqual([requestId, requestId])
    expect(await playsOnServer(server)).toBe(1)
  })

  it('gives up after the bounded retries with a network error; the next try with the same id gets the stored result', async () => {
    let dropping = true
    const { client, server, sleeps, hooks } = await setup({ beforeJar: (net) => loseAwards(net, () => dropping) })
    await client.index(CODE)
    const requestId = newRequestId()
    const error = await client.award(CODE, requestId).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).kind).toBe('network')
    expect((error as ApiError).message).toBe(API_ERROR_MESSAGES.network)
    // 1 + 3 retries; every answer was lost, so the client never learned the chain was revoked meanwhile.
    expect(awardRequests(server)).toHaveLength(4)
    expect(new Set(awardRequests(server).map((r) => r.body.request_id))).toEqual(new Set([requestId]))
    expect(sleeps).toEqual([400, 800, 1600])

    dropping = false
    const reply = await client.award(CODE, requestId)
    expect(reply.kind === 'outcome' && reply.outcome.kind).toBe('win')
    expect(hooks.onReenter).toHaveBeenCalledTimes(1)
    expect(await playsOnServer(server)).toBe(1)
  })

  it('re-enters once when the token expired, then resumes the call', async () => {
    const { client, server, hooks } = await setup()
    await client.index(CODE)
    server.clock.now += 31 * 60 * 1000
    server.requests.length = 0
    const prizes = await client.prize(CODE)
    expect(prizes.map((p) => p.name)).toEqual(['保温杯'])
    expect(server.requests.map((r) => r.path.replace('/lottery', ''))).toEqual(['/Activity/prize', '/Activity/index', '/Activity/prize'])
    expect(hooks.onReenter).toHaveBeenCalledTimes(1)
    expect(hooks.onFatal).not.toHaveBeenCalled()
  })

  it('re-enters with no token at all (first call before the index)', async () => {
    const { client, hooks } = await setup()
    const list = await client.userlist(CODE)
    expect(list).toEqual([])
    expect(hooks.onReenter).toHaveBeenCalledTimes(1)
  })

  it('a rate-limited entry (429) is tried again after a backoff, for the first entry and for a re-entry', async () => {
    let limitIndex = 1
    const { client, server, hooks, sleeps } = await setup({
      beforeJar: (net) =>
        net.beforeJar.push((path, response) =>
          path === '/Activity/index' && limitIndex-- > 0
            ? jsonResponse({ status: 0, code: Code.RATE_LIMITED, msg: '操作太频繁，请稍后再试', data: null }, 429)
            : response,
        ),
    })
    await expect(client.index(CODE)).resolves.toMatchObject({ code: CODE })
    expect(sleeps).toEqual([400])

    // The chain expires; the re-entry is refused once with 429 and still goes through.
    server.clock.now += 31 * 60 * 1000
    limitIndex = 1
    server.requests.length = 0
    await expect(client.prize(CODE)).resolves.toHaveLength(1)
    expect(server.requests.map((r) => r.path.replace('/lottery', ''))).toEqual([
      '/Activity/prize',
      '/Activity/index',
      '/Activity/index',
      '/Activity/prize',
    ])
    expect(hooks.onReenter).toHaveBeenCalledTimes(1)
    expect(hooks.onFatal).not.toHaveBeenCalled()
  })

  it('re-enters only ONCE: a second refusal is fatal', async () => {
    const { client, server, hooks, net } = await setup()
    net.afterJar.push((path, response) =>
      path === '/Activity/prize' ? jsonResponse({ status: 0, code: Code.TOKEN_REVOKED, msg: '登录已失效', data: null }, 401) : response,
    )
    await client.index(CODE)
    const error = (await client.prize(CODE).catch((e: unknown) => e)) as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.kind).toBe('refused')
    expect(error.code).toBe(Code.TOKEN_REVOKED)
    expect(hooks.onReenter).toHaveBeenCalledTimes(1)
    expect(hooks.onFatal).toHaveBeenCalledWith(error)
    expect(server.requests.filter((r) => r.path.endsWith('/Activity/index'))).toHaveLength(2)
  })

  it('a malformed answer becomes a typed error with a clear message, never a crash', async () => {
    const { client, net } = await setup()
    let body: unknown = { status: 1, code: 200, msg: '成功', data: [{ wxname: 7 }] }
    net.afterJar.push((path, response) => (path === '/info/userlist' ? jsonResponse(body) : response))
    await client.index(CODE)
    const bad = (await client.userlist(CODE).catch((e: unknown) => e)) as ApiError
    expect(bad).toBeInstanceOf(ApiError)
    expect(bad.kind).toBe('malformed')
    expect(bad.message).toBe(API_ERROR_MESSAGES.malformed)
    expect(String((bad.cause as Error).message)).toContain('info/userlist')

    body = '<html>not json</html>'
    const notJson = (await client.userlist(CODE).catch((e: unknown) => e)) as ApiError
    expect(notJson.kind).toBe('malformed')

    // The queue keeps going after a failure.
    body = { status: 1, code: 200, msg: '成功', data: [] }
    await expect(client.userlist(CODE)).resolves.toEqual([])
  })

  it('an award win with broken data is malformed, not a win', async () => {
    const { client, net } = await setup()
    net.afterJar.push((path, response) =>
      path === '/Activity/award' ? jsonResponse({ status: 1, code: 200, msg: '成功', data: { prize_id: 1 } }) : response,
    )
    await client.index(CODE)
    const error = (await client.award(CODE, newRequestId()).catch((e: unknown) => e)) as ApiError
    expect(error.kind).toBe('malformed')
  })

  it('maps refusals to outcomes: no_award, then no_times once the plays are used', async () => {
    const { client } = await setup()
    await client.index('no-win')
    const kinds: string[] = []
    for (let i = 0; i < 3; i++) {
      const reply = await client.award('no-win', newRequestId())
      if (reply.kind === 'outcome') kinds.push(`${reply.outcome.kind}:${reply.playsLeft}`)
    }
    expect(kinds).toEqual(['no_award:1', 'no_award:0', 'no_times:0'])
  })

  it('code 201 asks for the form; the form is checked before sending; then the same request id plays', async () => {
    const { client, server } = await setup()
    await client.index('need-info')
    const requestId = newRequestId()
    expect(await client.award('need-info', requestId)).toEqual({ kind: 'need_info', msg: expect.any(String) })

    const before = server.requests.length
    const invalid = (await client.user('need-info', { name: '张三', tel: '12345' }).catch((e: unknown) => e)) as ApiError
    expect(invalid.kind).toBe('invalid')
    expect(invalid.fieldErrors[0]?.path).toBe('tel')
    expect(server.requests.length).toBe(before)

    await expect(client.user('need-info', { name: '张三', tel: '13800138000', address: '杭州' })).resolves.toEqual({ user_filled: true })
    const reply = await client.award('need-info', requestId)
    expect(reply.kind === 'outcome' && reply.outcome.kind).toBe('win')
  })

  it('info/check shows my prize with its code, and after redemption says so without the code', async () => {
    const { client, server } = await setup()
    await client.index(CODE)
    const reply = await client.award(CODE, newRequestId())
    if (reply.kind !== 'outcome' || reply.outcome.kind !== 'win') throw new Error('expected a win')
    const secret = reply.outcome.secret

    const open = await client.check(CODE, secret)
    expect(open).toMatchObject({ prizecode: secret, redeemed: false, status: 2, name: '保温杯' })

    const activity = (await server.store.activityByCode(CODE))!
    const win = (await server.store.winBySecret(activity.id, secret))!
    await server.store.redeem(win.id, Date.now())
    const done = await client.check(CODE, secret)
    expect(done).toMatchObject({ prizecode: '', redeemed: true, status: 1 })

    const unknown = (await client.check(CODE, '999999999999').catch((e: unknown) => e)) as ApiError
    expect(unknown.kind).toBe('refused')
    expect(unknown.code).toBe(Code.AWARD_NOT_FOUND)
  })

  it('an unknown activity is a refusal with its code', async () => {
    const { client } = await setup()
    const error = (await client.index('nope').catch((e: unknown) => e)) as ApiError
    expect(error.kind).toBe('refused')
    expect(error.code).toBe(Code.ACTIVITY_NOT_FOUND)
    expect(error.httpStatus).toBe(404)
  })

  it('a gateway error page is a network failure (retried for award)', async () => {
    const { client, server, net } = await setup()
    let n = 0
    net.beforeJar.push((path, response) => (path === '/Activity/award' && n++ === 0 ? jsonResponse('<html>Bad Gateway</html>', 502) : response))
    await client.index(CODE)
    const reply = await client.award(CODE, newRequestId())
    expect(reply.kind === 'outcome' && reply.outcome.kind).toBe('win')
    expect(await playsOnServer(server)).toBe(1)
  })

  it('sends JSON with the cookie, and times out even when fetch ignores the abort signal (old WebViews)', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = []
    // Never answers and never looks at the signal.
    const hanging: typeof fetch = (input, init) => {
      seen.push({ url: String(input), init })
      return new Promise<Response>(() => {})
    }
    const client = createApiClient({ baseURL: 'https://api.example/lottery/', fetch: hanging, timeoutMs: 30, sleep: async () => {} })
    const error = (await client.index(CODE).catch((e: unknown) => e)) as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.kind).toBe('timeout')
    expect(error.message).toBe(API_ERROR_MESSAGES.timeout)
    // The entry is tried 1 + 3 times, each cut off by the timeout.
    expect(seen).toHaveLength(4)
    expect(seen[0]?.url).toBe('https://api.example/lottery/Activity/index')
    expect(seen[0]?.init).toMatchObject({ method: 'POST', credentials: 'include', body: JSON.stringify({ code: CODE }) })
    expect(seen[0]?.init?.signal?.aborted).toBe(true)
  })

  it('makes request ids the contract accepts', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newRequestId()))
    expect(ids.size).toBe(100)
    for (const id of ids) expect(id).toMatch(REQUEST_ID_RE)
  })
})
