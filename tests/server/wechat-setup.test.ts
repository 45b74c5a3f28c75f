import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config'
import { openDatabase, sqliteStore } from '../../server/db/connection'
import { migrate } from '../../server/db/migrations'
import { ON_POSTGRES, sqliteOnly } from './testDb'

/** The WeChat settings from the environment, and activities saved before identity modes existed. */

describe('WECHAT_* settings', () => {
  const env = (extra: Record<string, string>) => loadConfig({ DB_PATH: '/tmp/x.db', ...extra })

  it('are absent without credentials, and take WeChat’s hosts by default', () => {
    expect(env({}).wechat).toBeUndefined()
    expect(env({ WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: 's3cret' }).wechat).toEqual({
      appId: 'wx0123456789abcdef',
      secret: 's3cret',
      oauthBase: 'https://open.weixin.qq.com',
      apiBase: 'https://api.weixin.qq.com',
    })
    expect(
      env({ WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: 's', WECHAT_OAUTH_BASE: 'http://127.0.0.1:9/', WECHAT_API_BASE: 'http://127.0.0.1:9' })
        .wechat,
    ).toMatchObject({ oauthBase: 'http://127.0.0.1:9', apiBase: 'http://127.0.0.1:9' })
  })

  it('stop the process on half a pair, a malformed appid or base', () => {
    expect(() => env({ WECHAT_APPID: 'wx0123456789abcdef' })).toThrow(/together/)
    expect(() => env({ WECHAT_APPID: 'abc', WECHAT_SECRET: 's' })).toThrow(/WECHAT_APPID/)
    expect(() => env({ WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: 's', WECHAT_API_BASE: 'ftp://x' })).toThrow(/WECHAT_API_BASE/)
  })
})

describe.skipIf(ON_POSTGRES)(sqliteOnly('migration 3', "SQLite's migration 7 on an older file; PostgreSQL's schema starts at its result"), () => {
  it('reads activities saved without `identity` as anonymous, or ticket for active_type 2, with an empty share_img', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lottery-wx-'))
    try {
      const db = openDatabase(join(dir, 'old.db'))
      // Back to the schema before migration 7, with two activities as release 1 saved them.
      db.exec(`DROP TABLE wechat_referrals; DROP TABLE wechat_states; DROP TABLE wechat_sessions; DROP TABLE wechat_people;
        DELETE FROM migrations WHERE id = 7`)
      const insert = db.prepare('INSERT INTO activities (code, config, next_prize_id, created_at, updated_at) VALUES (?, ?, 1, 0, 0)')
      insert.run('open', JSON.stringify({ active_title: 'a', active_type: 1 }))
      insert.run('reward', JSON.stringify({ active_title: 'b', active_type: 2 }))
      migrate(db)
      const store = sqliteStore(db)
      expect((await store.activityByCode('open'))?.config).toMatchObject({ identity: 'anonymous', share_img: '' })
      expect((await store.activityByCode('reward'))?.config).toMatchObject({ identity: 'ticket', share_img: '' })
      await store.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
