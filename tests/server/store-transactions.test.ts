import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OuterStoreInTransaction } from '../../server/db/sql'
import type { TestDb } from './testDb'
import { openTestDb } from './testDb'

/**
 * Explicit transactions (server/db/sql.ts): `transaction(fn)` hands `fn` the transaction's store.
 * A call on the outer store from inside `fn` would wait, on SQLite, for the one connection the
 * transaction holds (a deadlock) and run outside the transaction on PostgreSQL: outside production
 * it throws at once.
 */

let dir: string
let db: TestDb

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lottery-tx-'))
  db = openTestDb(dir)
})

afterEach(async () => {
  await db.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('store transactions', () => {
  it('runs the callback on the transaction: its writes commit together, or roll back together', async () => {
    const { store } = db
    await store.transaction(async (tx) => {
      await tx.setSetting('a', '1')
      await tx.setSetting('b', '1')
    })
    await expect(
      store.transaction(async (tx) => {
        await tx.setSetting('a', '2')
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect([await store.getSetting('a'), await store.getSetting('b')]).toEqual(['1', '1'])
  })

  it('a nested transaction on the transaction store joins it (rolled back with it)', async () => {
    const { store } = db
    await expect(
      store.transaction(async (tx) => {
        await tx.transaction(async (inner) => inner.setSetting('nested', 'x'))
        await tx.read(async (inner) => expect(await inner.getSetting('nested')).toBe('x'))
        throw new Error('after the nested one')
      }),
    ).rejects.toThrow('after the nested one')
    expect(await store.getSetting('nested')).toBeNull()
  })

  it('afterCommit effects run after COMMIT, never on rollback', async () => {
    const { store } = db
    const seen: string[] = []
    await store.transaction(async (tx) => {
      tx.afterCommit(() => seen.push('committed'))
      await tx.setSetting('k', 'v')
      expect(seen).toEqual([])
    })
    expect(seen).toEqual(['committed'])
    await store
      .transaction(async (tx) => {
        tx.afterCommit(() => seen.push('rolled back'))
        throw new Error('no')
      })
      .catch(() => {})
    expect(seen).toEqual(['committed'])
  })

  it('refuses a call on the outer store inside a transaction callback, before or after an await', async () => {
    const { store } = db
    await expect(store.transaction(async () => store.getSetting('x'))).rejects.toThrow(OuterStoreInTransaction)
    await expect(
      store.transaction(async (tx) => {
        await tx.setSetting('y', '1')
        await store.wechat.person('o')
      }),
    ).rejects.toThrow(OuterStoreInTransaction)
    await expect(store.read(async (tx) => [await tx.getSetting('x'), await store.ops.listActivities()])).rejects.toThrow(
      OuterStoreInTransaction,
    )
    await expect(store.transaction(async () => store.transaction(async () => 1))).rejects.toThrow(OuterStoreInTransaction)
    await expect(store.transaction(async () => store.afterCommit(() => {}))).rejects.toThrow(OuterStoreInTransaction)
    // The failed transaction rolled back: the store goes on (no connection left held).
    expect(await store.getSetting('y')).toBeNull()
  })

  it('lets work started inside a transaction use the outer store once the transaction is over', async () => {
    const { store } = db
    let later: Promise<string | null> | undefined
    await store.transaction(async (tx) => {
      await tx.setSetting('z', '1')
      later = new Promise((resolve) => setTimeout(resolve, 5)).then(() => store.getSetting('z'))
    })
    expect(await later).toBe('1')
  })

  it('refuses a call on a transaction store kept past its transaction', async () => {
    const { store } = db
    let kept: Parameters<Parameters<typeof store.transaction>[0]>[0] | undefined
    await store.transaction(async (tx) => {
      kept = tx
    })
    await expect(kept?.getSetting('x')).rejects.toThrow('a store call on a transaction that is over')
    expect(await store.getSetting('x')).toBeNull()
  })

  /**
   * Transactions arriving together share one commit on SQLite (a group: BEGIN IMMEDIATE, a savepoint
   * each, one COMMIT). Each must still stand alone: a failure undoes its own writes only, and no one's
   * answer comes before its writes are committed (what another connection reads).
   */
  it('concurrent transactions: each answers only once committed; a failing one undoes only its own writes', async () => {
    const { store } = db
    const committedWhenAnswered = async (key: string): Promise<string | undefined> =>
      (await sql<{ value: string }>`SELECT value FROM settings WHERE key = ${key}`.execute(db.side)).rows[0]?.value
    const effects: number[] = []
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, async (_, i) => {
        const out = await store.transaction(async (tx) => {
          await tx.setSetting(`k${i}`, String(i))
          tx.afterCommit(() => effects.push(i))
          if (i % 7 === 3) throw new Error(`fail ${i}`)
          return i
        })
        expect(effects).toContain(i)
        // Statements outside any transaction queue among them (and join a group on SQLite).
        return { out, seen: await committedWhenAnswered(`k${i}`), own: await store.getSetting(`k${i}`) }
      }),
    )
    results.forEach((result, i) => {
      if (i % 7 === 3) {
        expect(result.status).toBe('rejected')
        expect(effects).not.toContain(i)
      } else {
        expect(result).toEqual({ status: 'fulfilled', value: { out: i, seen: String(i), own: String(i) } })
      }
    })
    for (let i = 0; i < 40; i++) expect(await store.getSetting(`k${i}`)).toBe(i % 7 === 3 ? null : String(i))
  })
})
