import { serve } from '@hono/node-server'
import cluster from 'node:cluster'
import type { AddressInfo } from 'node:net'
import type { Booted } from './boot'
import type { ServerConfig } from './config'
import { banner, boot } from './boot'
import { loadConfig } from './config'
import { mountSpa } from './spa'
import { answerParseErrors } from './transport'

/**
 * The process: `npm start` (after vite build) or `npx tsx server/index.ts`. Configuration: docs/API.md.
 * WORKERS=n (n > 1) makes this the primary of n cluster workers sharing the port (docs/DEPLOY.md): the
 * primary migrates, seeds, prints the banner, purges and checkpoints; the workers serve; a worker that dies is replaced.
 */
const config = loadConfig()

function originOf(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`
}

/** Serve the API (and the SPA when built) on the port; `onListening` once it listens. Returns the stop function. */
async function serveHttp(
  config: ServerConfig,
  housekeeping: boolean,
  onListening: (origin: string, withSpa: boolean, booted: Booted) => void,
): Promise<() => void> {
  const booted = await boot(config, { housekeeping })
  // The participant's link is served with its activity's title already in the HTML (first paint).
  const withSpa = mountSpa(booted.app, config.staticDir, {
    activityFor: async (code) => {
      const config = (await booted.store.activityByCode(code))?.config
      return config ? { title: config.active_title, template: config.template } : null
    },
  })
  const server = serve({ fetch: booted.app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) =>
    onListening(originOf(config.host, info.port), withSpa, booted),
  )
  answerParseErrors(server)
  return () =>
    server.close(() => void booted.close().then(() => process.exit(0)))
}

function onSignals(stop: () => void): void {
  const shutdown = (): void => {
    stop()
    // Keep-alive connections may hold close() open; do not hang on them.
    setTimeout(() => process.exit(0), 3000).unref()
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

if (config.workers > 1 && cluster.isPrimary) {
  // Boot once here (migrations, secrets, demos) before any worker opens the file, and keep the purge timer.
  const booted = await boot(config)
  let stopping = false
  let announced = false
  const fork = () => cluster.fork()
  const served = new Set<number>()
  cluster.on('listening', (worker, address) => {
    served.add(worker.id)
    console.log(`[lottery] worker ${worker.process.pid} listening`)
    if (announced) return
    announced = true
    const origin = originOf(config.host, address.port)
    console.log(`[lottery] listening on ${origin} with ${config.workers} workers`)
    console.log(banner(origin, booted))
  })
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return
    // One that never got to listen would fail again (port taken, bad file): stop rather than loop.
    if (!served.has(worker.id)) {
      console.error(`[lottery] worker ${worker.process.pid} exited (${signal ?? code}) before listening; stopping`)
      process.exit(1)
    }
    console.error(`[lottery] worker ${worker.process.pid} exited (${signal ?? code}); starting another`)
    fork()
  })
  for (let i = 0; i < config.workers; i++) fork()
  onSignals(() => {
    stopping = true
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
    cluster.disconnect(() => void booted.close().then(() => process.exit(0)))
  })
} else if (cluster.isWorker) {
  onSignals(await serveHttp(config, false, () => {}))
} else {
  onSignals(
    await serveHttp(config, true, (origin, withSpa, booted) => {
      console.log(`[lottery] listening on ${origin}${withSpa ? '' : ' (API only: no build in STATIC_DIR)'}`)
      console.log(banner(origin, booted))
    }),
  )
}
