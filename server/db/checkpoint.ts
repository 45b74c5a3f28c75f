import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside
 * the commit that crosses its threshold (every ~100 awards at 1,000 pages) and
 * fsyncs there, stalling every request of the process; an award dirties about
 * ten pages, so a busy server checkpointed dozens of times a second. Here a
 * worker thread with its own connection checkpoints every `everyMs` (PASSIVE:
 * never blocks writers), hot pages are copied once per round, and the fsync
 * waits on that thread. The serving connections keep a far threshold
 * (SAFETY_AUTOCHECKPOINT_PAGES) in case this thread ever falls behind.
 */

/** How often the checkpointer runs, ms: at 3,000 awards/s about 25 MB of WAL between rounds. */
export const CHECKPOINT_EVERY_MS = 200

/** The serving connections' own checkpoint threshold while a checkpointer runs, pages (~40 MB of WAL). */
export const SAFETY_AUTOCHECKPOINT_PAGES = 10_000

/** Plain CommonJS, evaluated in the worker (no loader there: the server may run under tsx or Vite). */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path, { fileMustExist: true })
db.pragma('busy_timeout = 5000')
// Truncate the WAL back to this size after a checkpoint that emptied it (a burst must not keep a huge file).
db.pragma('journal_size_limit = ' + workerData.keepBytes)
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch (err) { parentPort.postMessage(String(err)) }
}, workerData.everyMs)
parentPort.on('message', () => {
  clearInterval(timer)
  try { db.pragma('wal_checkpoint(PASSIVE)') } finally { db.close(); parentPort.close() }
})
`

/** Start checkpointing `path` every `everyMs` on a worker thread; returns the stop function (a last checkpoint, then the thread ends). */
export function startCheckpointer(path: string, everyMs: number, logError: (err: unknown) => void): () => Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(SOURCE, { eval: true, workerData: { path, everyMs, driver, keepBytes: 64 * 1024 * 1024 } })
  worker.on('message', (line) => logError(new Error(`checkpoint: ${String(line)}`)))
  worker.on('error', logError)
  // The thread never keeps the process alive.
  worker.unref()
  return () =>
    new Promise<void>((resolve) => {
      worker.once('exit', () => resolve())
      worker.postMessage('stop')
    })
}
