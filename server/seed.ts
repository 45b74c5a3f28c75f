import type { DemoKind } from '../src/core/demo'
import type { Store } from './db/queries'
import { DEMO_CODES, demoActivities } from '../src/core/demo'
import { windowAt } from '../src/core/windows'
import { saveActivity } from './domain/activities'
import { hashKey, newMarketerKey } from './auth/marketer'

const SEEDED_KEY = 'seeded_at'

/**
 * First start on an empty database: the three demo activities under
 * DEMO_CODES and a demo marketer key (returned once, to print; only its hash
 * is kept). Later starts move a demo whose windows have all ended to fresh
 * windows, so the demo links keep working.
 */
export function seedDemos(store: Store, now: number): { marketerKey: string | null } {
  const demos = demoActivities(now)
  const kinds = Object.keys(DEMO_CODES) as DemoKind[]
  return store.transaction(() => {
    if (store.getSetting(SEEDED_KEY) === null) {
      for (const kind of kinds) saveActivity(store, DEMO_CODES[kind], demos[kind], demos[kind].prize, now)
      const key = newMarketerKey()
      store.addMarketerKey(hashKey(key), 'demo', now)
      store.setSetting(SEEDED_KEY, String(now))
      return { marketerKey: key }
    }
    for (const kind of kinds) {
      const activity = store.activityByCode(DEMO_CODES[kind])
      if (!activity || windowAt(activity.config.active_time, now).phase !== 'after') continue
      const config = { ...activity.config, active_time: demos[kind].active_time }
      saveActivity(store, activity.code, config, config.prize, now)
    }
    return { marketerKey: null }
  })
}
