import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer } from '../bench/lib/proc'
import { addActivity, benchActivity, benchServerEnv, enter } from '../bench/lib/serverLoad'
import { createTestSchema } from '../tests/server/pgTestSchema'
import { award } from '../tests/server/httpAward'

const schema = await createTestSchema(process.env.TEST_DATABASE_URL as string)
const env = { ...benchServerEnv(mkdtempSync(join(tmpdir(), 'mp-'))), DATABASE_URL: schema.url, PG_POOL_MAX: '8' }
const servers = await Promise.all([startServer(env), startServer(env)])
try {
  const code = await addActivity(servers[0]!.url, env.MARKETER_KEY as string, benchActivity(Date.now(), 10, 100))
  const t0 = Date.now()
  const res = await Promise.allSettled(Array.from({ length: 1000 }, async (_, i) => {
    let stage = 'enter'
    try {
      const jar = await enter(servers[i % 2]!.url, code)
      stage = 'award'
      return await award(servers[(i + 1) % 2]!.url, code, jar, randomUUID())
    } catch (e) { throw new Error(`${stage} after ${Date.now() - t0} ms: ${(e as Error).message} / ${((e as Error).cause as Error)?.message}`) }
  }))
  const fails = res.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.message)
  console.log(fails.slice(0, 5), fails.length)
  const by: Record<string, number> = {}
  for (const r of res) { const k = r.status === 'fulfilled' ? String((r.value as any).code ?? (r.value as any).status) : String((r.reason as Error).message); by[k] = (by[k] ?? 0) + 1 }
  console.log(by)
} finally {
  for (const s of servers) console.log('--- server output tail:\n', s.output().split('\n').slice(-30).join('\n'))
  await Promise.all(servers.map((s) => s.stop().catch(() => {})))
  await schema.drop()
}
