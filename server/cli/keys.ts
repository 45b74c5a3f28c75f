import { pathToFileURL } from 'node:url'
import type { MarketerKeyRow } from '../db/queries'
import { createMarketerKey, revokeMarketerKey } from '../auth/marketer'
import { loadConfig } from '../config'
import { openStore } from '../db/connection'

/**
 * npm run keys -- list | create <label> | revoke <id-or-prefix>
 * Marketer keys in the database at DATABASE_URL (or DB_PATH; the server may be running: SQLite WAL).
 */

const USAGE = 'usage: npm run keys -- list | create <label> | revoke <id-or-prefix>'

const time = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '))

function state(row: MarketerKeyRow, now: number): string {
  if (row.revoked_at !== null) return `revoked ${time(row.revoked_at)}`
  if (row.expires_at !== null && row.expires_at <= now) return `expired ${time(row.expires_at)}`
  return row.expires_at === null ? 'live' : `live until ${time(row.expires_at)}`
}

/** Runs one command; returns the exit code. */
export async function runKeys(args: string[], databaseUrl: string, out: (line: string) => void, now = Date.now()): Promise<number> {
  const [command, ...rest] = args
  const arg = rest.join(' ').trim()
  if (!((command === 'list' && arg === '') || ((command === 'create' || command === 'revoke') && arg !== ''))) {
    out(USAGE)
    return 2
  }
  const store = await openStore(databaseUrl)
  try {
    if (command === 'list') {
      out('id\tprefix\tsource\tlabel\tcreated (UTC)\tlast used\tstate')
      for (const row of await store.listMarketerKeys()) {
        out([row.id, row.prefix || '-', row.source, row.label, time(row.created_at), time(row.last_used_at), state(row, now)].join('\t'))
      }
      return 0
    }
    if (command === 'create') {
      if (arg.length > 40) {
        out('label: at most 40 characters')
        return 2
      }
      const { key, row } = await createMarketerKey(store, arg, 'created', now)
      out(`created key ${row.id} (${row.label}); shown this once, keep it now:`)
      out(key)
      return 0
    }
    const result = await revokeMarketerKey(store, arg, now)
    if (!result.ok) {
      out(result.reason === 'ambiguous' ? `'${arg}' matches more than one live key: use the id` : `no live key '${arg}'`)
      return 1
    }
    out(`revoked key ${result.row.id} (${result.row.label})`)
    return 0
  } finally {
    await store.close()
  }
}

// Run as a script (not when a test imports runKeys).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runKeys(process.argv.slice(2), loadConfig().databaseUrl, (line) => console.log(line))
}
