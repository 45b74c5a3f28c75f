// Debian's Chromium and a CJK font, which the browser tests and the bench drive: installed
// with apt when missing and we are root. As a command (`node scripts/ensure-chromium.mjs`)
// it exits 1 when Chromium is still missing.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** True once Chromium is at CHROMIUM. */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return true
  if (process.getuid?.() !== 0) {
    console.error(`Chromium not found at ${CHROMIUM}: install Debian's chromium and fonts-noto-cjk, or set CHROMIUM_PATH.`)
    return false
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  spawnSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env })
  return existsSync(CHROMIUM)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(ensureChromium() ? 0 : 1)
