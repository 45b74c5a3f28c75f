import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApiClient, newRequestId } from '../../../src/api/client'
import { ApiError } from '../../../src/api/errors'
import { openActivity, startTestServer, testNet, type TestServer } from './realServer'

/**
 * The campaign calls' answer checks (core/campaignSchemas.ts) are fetched with the first such call, not with
 * the page. A download that fails (offline, a deploy swapped the chunks) must cost nothing: it is a network
 * failure, and no request reaches the server, so no draw is made that the page could not read.
 */

vi.mock('../../../src/core/campaignSchemas', () => {
  throw new TypeError('Failed to fetch dynamically imported module')
})

let server: TestServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

describe('campaign calls whose checks cannot be downloaded', () => {
  it('fail as a network error and send nothing: no draw, no token spent', async () => {
    server = await startTestServer({ 'act-1': openActivity(Date.now(), { multi_draw: [3] }) })
    const net = testNet()
    const client = createApiClient({ baseURL: server.baseURL, fetch: net.fetch, sleep: async () => {} })
    await client.index('act-1')
    server.requests.length = 0

    for (const call of [
      () => client.multi('act-1', newRequestId(), 3),
      () => client.records('act-1'),
      () => client.received('act-1', '123456'),
      () => client.claim('act-1', '123456', { name: '王小明' }),
    ]) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(ApiError)
      expect((error as ApiError).kind).toBe('network')
    }
    expect(server.requests).toEqual([])
    // The chain is intact: the next call goes through.
    expect((await client.userlist('act-1')).length).toBe(0)
    const activity = await server.store.activityByCode('act-1')
    expect((await server.store.participantCounts(activity!.id)).plays).toBe(0)
  })
})
