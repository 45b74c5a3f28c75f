import { createAdaptorServer } from '@hono/node-server'
import { makeServer, addActivity, config, prize } from './tests/server/helpers'
import { formatCst } from './src/core/windows'
const s = makeServer({ now: Date.now, rate: { ip: { limit: 1e6, windowMs: 1000 } } })
const now = Date.now()
await addActivity(s.app, 'rush', config({ active_time: [{ start: formatCst(now - 3600_000), end: formatCst(now + 3600_000) }], prize: [prize({ id: 1, name: 'x', chance: 100, sum: 10 })] }))
const N = Number(process.argv[2] ?? 1000)
const server = createAdaptorServer({ fetch: s.app.fetch })
await new Promise<void>((r) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, r))
const origin = `http://127.0.0.1:${(server.address() as any).port}`
let t = performance.now()
let done = 0
const jars = await Promise.all(Array.from({ length: N }, async () => {
  const r = await fetch(`${origin}/lottery/Activity/index`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"rush"}' })
  await r.json(); done++; return r.headers.getSetCookie().map(l => l.split(';')[0]).join('; ')
}))
console.log('index', N, (performance.now() - t).toFixed(0), 'ms'); t = performance.now()
const res = await Promise.all(jars.map(async (cookie, i) => { const r = await fetch(`${origin}/lottery/Activity/award`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ code: 'rush', request_id: 'rush-' + i + '-0000' }) }); return (await r.json()).code }))
console.log('award', N, (performance.now() - t).toFixed(0), 'ms', res.filter(c => c === 200).length)
server.close(); s.close(); process.exit(0)
