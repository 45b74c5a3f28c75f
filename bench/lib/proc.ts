import { spawn, type ChildProcess } from 'node:child_process'
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { gzipSync } from 'node:zlib'
import { ROOT } from './config'

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Poll `url` until it answers (any HTTP status) or `timeoutMs` passes. */
export async function waitForHttp(url: string, timeoutMs: number, isAlive: () => boolean = () => true): Promise<void> {
  const until = Date.now() + timeoutMs
  let lastError = ''
  while (Date.now() < until) {
    if (!isAlive()) throw new Error(`process exited before ${url} answered`)
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) })
      return
    } catch (error) {
      lastError = String(error)
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${lastError})`)
}

/** The real API server (server/index.ts) running as a child process. */
export interface RunningServer {
  url: string
  port: number
  /** CPU time the server has used so far, ms (user + system), summed over its process group (WORKERS' workers too); null where /proc is missing. */
  cpuMs(): number | null
  /** Everything it printed so far. */
  output(): string
  stop(): Promise<void>
  /** End the process group at once (SIGKILL: no shutdown), as a crash would; resolves when it is gone. */
  kill(): Promise<void>
}

export const SERVER_ENTRY = join(ROOT, 'server', 'index.ts')

/**
 * Start `server/index.ts` under tsx on a free loopback port with the given env (DB_PATH etc.);
 * resolves once it answers HTTP. The process gets its own group so stop() also ends anything it spawned.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningServer> {
  if (!existsSync(SERVER_ENTRY)) throw new Error('server/index.ts does not exist yet')
  const port = await freePort()
  let out = ''
  // SERVER_NODE_ARGS: node flags for the server under test (e.g. --cpu-prof; NODE_OPTIONS refuses that one).
  const nodeArgs = process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', SERVER_ENTRY], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const append = (chunk: Buffer) => {
    out += chunk.toString()
    if (out.length > 200_000) out = out.slice(-100_000)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  let exited = false
  child.on('exit', () => (exited = true))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (exited || child.pid === undefined) return
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    try {
      process.kill(-child.pid, 'SIGTERM')
    } catch {
      return
    }
    const timer = setTimeout(() => {
      if (!exited && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    }, 5000)
    await gone
    clearTimeout(timer)
  }
  try {
    await waitForHttp(`${url}/`, timeoutMs, () => !exited)
  } catch (error) {
    await stop()
    throw new Error(`${(error as Error).message}; server output:\n${out.slice(-2000)}`)
  }
  const kill = async () => {
    if (exited || child.pid === undefined) return
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    process.kill(-child.pid, 'SIGKILL')
    await gone
  }
  return { url, port, output: () => out, stop, kill, cpuMs: () => (child.pid === undefined ? null : groupCpuMs(child.pid)) }
}

/** User + system CPU time of a process from /proc/<pid>/stat, ms; null when unreadable (not Linux, gone). */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields, in clock ticks.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return Number.isFinite(ticks) ? ticks * (1000 / CLOCK_TICKS_PER_S) : null
  } catch {
    return null
  }
}

/**
 * CPU time of every live process in a process group (the server runs detached, its pid is the group id), ms;
 * null when /proc is unreadable. A process that ended during the run takes its time with it.
 */
export function groupCpuMs(pgid: number): number | null {
  let entries: string[]
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return null
  }
  let total = 0
  let found = false
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // After the command name: state, ppid, pgrp, … utime (12th), stime (13th).
      if (Number(fields[2]) !== pgid) continue
      total += (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS_PER_S)
      found = true
    } catch {
      // gone meanwhile
    }
  }
  return found ? total : null
}

/** Linux's USER_HZ (sysconf(_SC_CLK_TCK)); 100 on every mainstream kernel build. */
const CLOCK_TICKS_PER_S = 100

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
}

/** A static file server for a build folder; `gzip` mirrors whether the real server compresses. */
export interface StaticServer {
  url: string
  stop(): Promise<void>
}

export async function startStatic(dir: string, options: { gzip: boolean }): Promise<StaticServer> {
  const gzCache = new Map<string, Buffer>()
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/')
    let file = normalize(join(dir, path))
    if (!file.startsWith(dir + sep) && file !== dir) {
      res.writeHead(403).end()
      return
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html')
    const type = TYPES[extname(file)] ?? 'application/octet-stream'
    const compressible = /text|javascript|json|svg/.test(type)
    if (options.gzip && compressible && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      let body = gzCache.get(file)
      if (!body) gzCache.set(file, (body = gzipSync(readFileSync(file))))
      res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', 'content-length': body.length, vary: 'accept-encoding' })
      res.end(body)
      return
    }
    res.writeHead(200, { 'content-type': type, 'content-length': statSync(file).size })
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
