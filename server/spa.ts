import type { Hono } from 'hono'
import { serveStatic } from '@hono/node-server/serve-static'
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

/**
 * Serve the built SPA beside the API: files from `dir`, and index.html for any
 * other GET that is not a file (history-mode routes like /game/lottery/index/code/x).
 * Returns false when there is no build to serve.
 */
export function mountSpa(app: Hono, dir: string): boolean {
  const indexPath = join(dir, 'index.html')
  if (!existsSync(indexPath)) return false
  const html = readFileSync(indexPath, 'utf8')
  // Hashed build output never changes under the same name.
  app.use('/assets/*', async (c, next) => {
    await next()
    if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable')
  })
  // The build writes .br / .gz beside each text file (vite.config.ts); the client's Accept-Encoding picks one.
  app.use('*', serveStatic({ root: relative(process.cwd(), dir) || '.', precompressed: true }))
  app.get('*', (c) => {
    const last = c.req.path.split('/').pop() ?? ''
    if (last.includes('.')) return c.text('Not Found', 404)
    return c.html(html, 200, { 'cache-control': 'no-cache' })
  })
  return true
}
