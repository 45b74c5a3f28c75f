import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { banner, boot } from './boot'
import { loadConfig } from './config'
import { mountSpa } from './spa'
import { answerParseErrors } from './transport'

/** The process: `npm start` (after vite build) or `npx tsx server/index.ts`. Configuration: docs/API.md. */
const config = loadConfig()
const booted = boot(config)
// The participant's link is served with its activity's title already in the HTML (first paint).
const withSpa = mountSpa(booted.app, config.staticDir, {
  activityFor: (code) => {
    const config = booted.store.activityByCode(code)?.config
    return config ? { title: config.active_title, template: config.template } : null
  },
})

const server = serve({ fetch: booted.app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`
  console.log(`[lottery] listening on ${origin}${withSpa ? '' : ' (API only: no build in STATIC_DIR)'}`)
  console.log(banner(origin, booted))
})
answerParseErrors(server)

function shutdown(): void {
  server.close(() => {
    booted.close()
    process.exit(0)
  })
  // Keep-alive connections may hold close() open; do not hang on them.
  setTimeout(() => process.exit(0), 3000).unref()
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
