import { getRequestListener } from '@hono/node-server'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { API_BASE } from '../src/core/contract'
import { banner, boot } from './boot'
import { loadConfig } from './config'

/** The API inside Vite's dev server (vite.config.ts): the same boot as server/index.ts, without the SPA part. */
export async function createDevApi() {
  const booted = await boot(loadConfig())
  const listener = getRequestListener(booted.app.fetch)
  return {
    /** True when the request is the API's (Vite serves everything else). */
    owns: (url: string | undefined): boolean => url === API_BASE || (url ?? '').startsWith(`${API_BASE}/`),
    handle: (req: IncomingMessage, res: ServerResponse): Promise<void> => listener(req, res),
    banner: (origin: string): string => banner(origin, booted),
    close: (): void => void booted.close(),
  }
}
