import type { DemoKind } from '../src/core/demo'
import type { Store } from './db/queries'
import { DEMO_CODES, demoActivities } from '../src/core/demo'
import { windowAt } from '../src/core/windows'
import { saveActivity } from './domain/activities'
import { DEMO_KEY_TTL_MS, createMarketerKey } from './auth/marketer'

const SEEDED_KEY = 'seeded_at'

/**
 * First start on an empty database: the three demo activities under
 * DEMO_CODES and a demo marketer key valid for 7 days (returned once, to
 * print; only its hash is kept). Later starts move a demo whose windows have all ended to fresh
 * windows, so the demo links keep working.
 */
export function seedDemos(store: Store, now: number): Promise<{ marketerKey: { key: string; expiresAt: number } | null }> {
  const demos = demoActivities(now)
  const kinds = Object.keys(DEMO_CODES) as DemoKind[]
  return store.transaction(async (tx) => {
    if ((await tx.getSetting(SEEDED_KEY)) === null) {
      for (const kind of kinds) await saveActivity(tx, DEMO_CODES[kind], demos[kind], demos[kind].prize, now)
      const { key, row } = await createMarketerKey(tx, 'demo', 'demo', now, DEMO_KEY_TTL_MS)
      await tx.setSetting(SEEDED_KEY, String(now))
      return { marketerKey: { key, expiresAt: row.expires_at as number } }
    }
    for (const kind of kinds) {
      const activity = await tx.activityByCode(DEMO_CODES[kind])
      if (!activity || windowAt(activity.config.active_time, now).phase !== 'after') continue
      const config = { ...activity.config, active_time: demos[kind].active_time }
      await saveActivity(tx, activity.code, config, config.prize, now)
    }
    return { marketerKey: null }
  })
}
