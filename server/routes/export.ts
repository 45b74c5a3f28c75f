import { Hono } from 'hono'
import type { Context } from 'hono'
import { stream } from 'hono/streaming'
import type { Deps } from '../context'
import type { MarketerEnv } from '../auth/marketer'
import type { ActivityRow } from '../db/queries'
import { OpsCodeRequestSchema } from '../../src/core/ops'
import { requireMarketer } from '../auth/marketer'
import { CSV_BOM, attachment } from '../domain/csv'
import { participantsCsv, winnersCsv } from '../domain/exports'
import { loadActivity, validate } from '../middleware'

/**
 * export/winners, export/participants (marketer key; POST `{code}`): a CSV
 * download, streamed. Each chunk waits until the client has taken the one
 * before (the stream's backpressure), so a slow download holds one batch in
 * memory, never the file; a client that goes away stops the reading. Each
 * batch waits for a turn of the event loop, so other requests interleave.
 */
export function exportRoutes(deps: Deps): Hono<MarketerEnv> {
  const app = new Hono<MarketerEnv>()
  const { store } = deps
  app.use('*', requireMarketer(deps))

  const download = (c: Context, activity: ActivityRow, kind: string, title: string, chunks: AsyncGenerator<string>) => {
    const day = new Date(deps.now() + 8 * 3600_000).toISOString().slice(0, 10)
    c.header('content-type', 'text/csv; charset=utf-8')
    c.header('content-disposition', attachment(`${kind}-${activity.code}-${day}.csv`, `${activity.config.active_title}-${title}-${day}.csv`))
    return stream(
      c,
      async (out) => {
        await out.write(CSV_BOM)
        for await (const chunk of chunks) {
          if (out.aborted) return
          await out.write(chunk)
          // A fast reader never blocks the socket, and the writes resolve as microtasks: without
          // a turn of the event loop here the whole file is read before any other request is answered.
          await new Promise((resolve) => setImmediate(resolve))
        }
      },
      async (err) => deps.logError(err),
    )
  }

  app.post('/winners', validate(OpsCodeRequestSchema), loadActivity(store), (c) =>
    download(c, c.var.activity, 'winners', '中奖名单', winnersCsv(store, c.var.activity)),
  )
  app.post('/participants', validate(OpsCodeRequestSchema), loadActivity(store), (c) =>
    download(c, c.var.activity, 'participants', '参与者名单', participantsCsv(store, c.var.activity)),
  )

  return app
}
