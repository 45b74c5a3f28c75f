import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Code } from '../../src/core/contract'
import type { Store, TokenRow } from '../../server/db/queries'
import type { TokenClaims } from '../../server/auth/tokens'
import { TOKEN_DEFAULTS, rotate } from '../../server/auth/tokens'
import { lockedPlay, playAward } from '../../server/domain/play'
import type { TestServer } from './helpers'
import { Client, addActivity, claimsOf, config, makeServer, prize } from './helpers'

/**
 * The guarantees the database itself enforces, tested where they bite: a caller
 * whose reads are stale. Inside one process every transaction reads fresh rows, so
 * the engine's own checks (draw(), rotate()) already refuse; with several processes,
 * or an engine with weaker isolation, a read can be older than the write it races,
 * and only the statement's guard stands. Each test feeds the domain code a stale
 * read and fails when its guard is taken out of the SQL or the schema:
 *   stock        prize_stock's `remaining >= @delta AND active = 1` (takeStock)
 *   one win/场次  the unique index wins_one_per_window (migration 10)
 *   token chain  `used_at IS NULL` on the token moved on (exchangeToken, markUsed; spendGrace's supersede)
 *   request id   award_requests' primary key (activity_id, pid, request_id)
 *   row lock     the participant's row written first (lockParticipant's upsert): limits read after a concurrent play
 */

let s: TestServer

beforeEach(() => {
  s = makeServer()
})

afterEach(async () => {
  await s.close()
})

/** Rows of `table` read beside the app (the second connection). */
const count = async (table: 'wins' | 'award_requests'): Promise<number> =>
  Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.id(table)}`.execute(s.side)).rows[0]?.n)

const activityId = async (code: string): Promise<number> => (await s.store.activityByCode(code))?.id ?? -1
const always = () => 0
/** A unique or primary key refused the row: SQLite's words, or PostgreSQL's (23505). */
const UNIQUE_VIOLATION = /UNIQUE constraint failed|duplicate key value violates unique constraint/

/** `store` with `method` answering `stale` the first `times` calls (a read older than the last write). */
function staleOnce<K extends keyof Store>(store: Store, method: K, stale: Store[K], times = 1): Store {
  let left = times
  const fresh = store[method] as (...args: unknown[]) => unknown
  const wrapped = (...args: unknown[]) => (left-- > 0 ? (stale as (...a: unknown[]) => unknown)(...args) : fresh(...args))
  return { ...store, [method]: wrapped }
}

describe('stock: the conditional decrement', () => {
  it('refuses to take stock that is gone, whatever the caller believes', async () => {
    await addActivity(s.app, 'st', config({ prize: [prize({ id: 1, name: '杯', chance: 100, sum: 2 })] }))
    const id = await activityId('st')
    expect(await s.store.takeStock(id, 1, 1, 0)).toBe(true)
    expect(await s.store.takeStock(id, 1, 1, 0)).toBe(true)
    expect(await s.store.takeStock(id, 1, 1, 0)).toBe(false)
    expect((await s.store.stockRows(id))[0]).toMatchObject({ remaining: 0, won: 2 })
  })

  it('refuses a red packet larger than the cents left, and a retired prize', async () => {
    const packet = prize({ id: 1, name: '红包', chance: 100, type: 'redpacket', sum: 1, money: 1, min: 0.01, max: 0.5 })
    await addActivity(s.app, 'rp', config({ prize: [packet] }))
    const id = await activityId('rp')
    const cents = (await s.store.stockRows(id)).find((row) => row.prize_id === 1)?.remaining ?? 0
    expect(await s.store.takeStock(id, 1, cents + 1, cents + 1)).toBe(false)
    await s.store.retireStock(id)
    await s.store.upsertStock(id, 2, 5)
    expect(await s.store.takeStock(id, 1, 0, 0)).toBe(false)
    expect((await s.store.stockRows(id)).find((r) => r.prize_id === 1)).toMatchObject({ won: 0, paid_cents: 0 })
  })

  it('a play on a stale view of the stock answers no win and gives out nothing', async () => {
    await addActivity(s.app, 'st', config({ prize: [prize({ id: 1, name: '杯', chance: 100, sum: 1 })], max_eplay: 0, max_play: 0 }))
    const id = await activityId('st')
    const full = (await s.store.playState(id, 'a:first', s.clock.now, null)).stock
    await s.store.transaction((tx) => playAward(tx, id, 'a:first', 'r1', s.clock.now, always))
    const stale = (tx: Store) =>
      staleOnce(tx, 'playState', async (...args: Parameters<Store['playState']>) => ({ ...(await tx.playState(...args)), stock: new Map(full) }))
    const reply = await s.store.transaction((tx) => playAward(stale(tx), id, 'a:second', 'r2', s.clock.now, always))
    expect(reply.code).toBe(Code.NO_AWARD)
    expect(await count('wins')).toBe(1)
    expect((await s.store.stockRows(id))[0]).toMatchObject({ remaining: 0, won: 1 })
  })
})

describe('one win per 场次', () => {
  it('a second win in the window on stale counters is refused and the play rolled back', async () => {
    await addActivity(s.app, 'w', config({ prize: [prize({ id: 1, name: '杯', chance: 100, sum: 10 })], max_eplay: 0, max_play: 0 }))
    const id = await activityId('w')
    expect((await s.store.transaction((tx) => playAward(tx, id, 'a:p', 'r1', s.clock.now, always))).code).toBe(Code.OK)
    // The counters as they were before the first win: the draw believes the participant has not won.
    const stale = (tx: Store) =>
      staleOnce(tx, 'playState', async (...args: Parameters<Store['playState']>) => ({ ...(await tx.playState(...args)), counter: null }))
    const won = vi.fn()
    await expect(s.store.transaction((tx) => playAward(stale(tx), id, 'a:p', 'r2', s.clock.now, always, won))).rejects.toThrow(UNIQUE_VIOLATION)
    expect(await count('wins')).toBe(1)
    expect((await s.store.participant(id, 'a:p'))?.plays).toBe(1)
    expect((await s.store.stockRows(id))[0]).toMatchObject({ remaining: 9, won: 1 })
    // The rolled-back win was never announced (the anonymous win caps count after commit).
    expect(won).not.toHaveBeenCalled()
    // Fresh reads answer the retry as the product says: already won in this window.
    expect((await s.store.transaction((tx) => playAward(tx, id, 'a:p', 'r2', s.clock.now, always))).code).toBe(Code.HAVE_AWARD)
  })
})

describe('the token chain: compare-and-set on the token row', () => {
  /** Tokens of the chain that can still move it on. */
  const live = async (chainId: string): Promise<number> =>
    Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM tokens WHERE chain_id = ${chainId} AND used_at IS NULL`.execute(s.side)).rows[0]?.n)

  async function chainAfterOnePlay(): Promise<{ first: TokenClaims; second: TokenClaims }> {
    await addActivity(s.app, 't', config({ max_eplay: 0, max_play: 0 }))
    const c = new Client(s.app)
    await c.enter('t')
    const first = claimsOf(c.token) as unknown as TokenClaims
    await c.award('t')
    return { first, second: claimsOf(c.token) as unknown as TokenClaims }
  }

  it('a token read as unused after it moved on does not fork the chain', async () => {
    const { first, second } = await chainAfterOnePlay()
    expect(await live(first.cid)).toBe(1)
    const unused: TokenRow = { jti: first.jti, chain_id: first.cid, used_at: null, successor: null, graced_at: null, superseded: 0 }
    const stale = (tx: Store) => staleOnce(tx, 'token', async (jti: string) => (jti === first.jti ? unused : tx.token(jti)))
    const result = await s.store.transaction((tx) => rotate(stale(tx), first, s.clock.now, TOKEN_DEFAULTS))
    // Re-read after the failed compare-and-set: the presented token is within its grace, so it
    // replaces its lost successor (superseded) — still one line.
    expect(result.ok).toBe(true)
    expect(await live(first.cid)).toBe(1)
    expect(await s.store.token(second.jti)).toMatchObject({ superseded: 1 })
  })

  it('a used token presented again does not move the chain on a second time (the exchange reads nothing first)', async () => {
    const { first, second } = await chainAfterOnePlay()
    // `second` (not an initial token) moves the chain on to a third...
    expect((await s.store.transaction((tx) => rotate(tx, second, s.clock.now, TOKEN_DEFAULTS))).ok).toBe(true)
    expect(await live(first.cid)).toBe(1)
    // ...and again, within its grace: the third is superseded, never left live beside a fourth.
    expect((await s.store.transaction((tx) => rotate(tx, second, s.clock.now, TOKEN_DEFAULTS))).ok).toBe(true)
    expect(await live(first.cid)).toBe(1)
  })

  it('a grace read as unspent after it was spent is not spent twice', async () => {
    const { first, second } = await chainAfterOnePlay()
    const before = { first: (await s.store.token(first.jti)) as TokenRow, second: (await s.store.token(second.jti)) as TokenRow }
    // The grace, once: `first` again replaces `second`.
    expect((await s.store.transaction((tx) => rotate(tx, first, s.clock.now, TOKEN_DEFAULTS))).ok).toBe(true)
    expect(await live(first.cid)).toBe(1)
    // The same again on rows read before that grace: both must not succeed.
    const stale = (tx: Store) =>
      staleOnce(tx, 'token', async (jti: string) => (jti === first.jti ? before.first : jti === second.jti ? before.second : tx.token(jti)), 2)
    const result = await s.store.transaction((tx) => rotate(stale(tx), first, s.clock.now, TOKEN_DEFAULTS))
    expect(result).toEqual({ ok: false, code: Code.TOKEN_REUSED })
    expect(await live(first.cid)).toBeLessThanOrEqual(1)
    expect((await s.store.chain(first.cid))?.revoked_at).not.toBeNull()
  })
})

describe("the participant's row lock", () => {
  // Both locks: the upsert (playAward on its own, a newcomer's path) and the known row's lock that the
  // award route sends with the token's exchange (lockedPlay, withSession's prefetch).
  it.each([
    ['the upsert', false],
    ["the known row's lock (the route's prefetch)", true],
  ])("a concurrent play of the same participant reads the limits after the first one's commit: %s", async (_, prefetched) => {
    await addActivity(s.app, 'l', config({ prize: [prize({ id: 1, name: '杯', chance: 0, sum: 10 })], max_eplay: 1, max_play: 0 }))
    const id = await activityId('l')
    // The row exists already (committed), so only the lock itself can make the second play wait.
    await s.store.ensureParticipant(id, 'a:p', s.clock.now)
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let played = () => {}
    const firstPlayed = new Promise<void>((resolve) => (played = resolve))
    // The first play stops after its reads, before it writes anything but the lock.
    const paused = (tx: Store): Store => ({
      ...tx,
      playState: async (...args: Parameters<Store['playState']>) => {
        const state = await tx.playState(...args)
        played()
        await held
        return state
      },
    })
    const play = (tx: Store, requestId: string) =>
      prefetched
        ? lockedPlay(tx, id, 'a:p', s.clock.now, requestId).then((locked) => playAward(tx, id, 'a:p', requestId, s.clock.now, always, undefined, locked))
        : playAward(tx, id, 'a:p', requestId, s.clock.now, always)
    const first = s.store.transaction((tx) => play(paused(tx), 'r1'))
    await firstPlayed
    const second = s.store.transaction((tx) => play(tx, 'r2'))
    // The second reaches the database (PostgreSQL: it waits for the row; SQLite: for the write lock) before the first commits.
    await new Promise((resolve) => setTimeout(resolve, 200))
    release()
    expect((await first).code).toBe(Code.NO_AWARD)
    expect((await second).code).toBe(Code.NO_TIMES)
    expect((await s.store.participant(id, 'a:p'))?.plays).toBe(1)
  })
})

describe('the award request id: one stored answer per request', () => {
  it('a retry that misses the stored answer cannot play the chance a second time', async () => {
    await addActivity(s.app, 'r', config({ prize: [prize({ id: 1, name: '杯', chance: 0, sum: 10 })], max_eplay: 0, max_play: 0 }))
    const id = await activityId('r')
    expect((await s.store.transaction((tx) => playAward(tx, id, 'a:p', 'same', s.clock.now, always))).code).toBe(Code.NO_AWARD)
    const stale = (tx: Store) =>
      staleOnce(tx, 'playState', async (...args: Parameters<Store['playState']>) => ({ ...(await tx.playState(...args)), response: null }))
    await expect(s.store.transaction((tx) => playAward(stale(tx), id, 'a:p', 'same', s.clock.now, always))).rejects.toThrow(UNIQUE_VIOLATION)
    expect((await s.store.participant(id, 'a:p'))?.plays).toBe(1)
    expect(await count('award_requests')).toBe(1)
  })
})
