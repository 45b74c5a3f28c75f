// Starts what the browser tests run against: the built SPA and the real API server,
// on a fresh database file so every run starts from the seeded demo activities.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'

const dataDir = 'test-results/e2e-data'
rmSync(dataDir, { recursive: true, force: true })
mkdirSync(dataDir, { recursive: true })

// Its own build: a `vite build` elsewhere (dist/) must not swap chunks under a running test,
// and outside test-results/, which Playwright empties at the start of a run that reuses this server.
// scripts/test.mjs builds there first (and checks it) and says so in E2E_PREBUILT: no second build.
const staticDir = 'node_modules/.cache/e2e-dist'
const prebuilt = process.env.E2E_PREBUILT === staticDir && existsSync(`${staticDir}/index.html`)
if (!prebuilt && spawnSync('npx', ['vite', 'build', '--outDir', staticDir, '--emptyOutDir'], { stdio: 'inherit' }).status !== 0) process.exit(1)

// Node itself (not npx → sh → tsx): the signals forwarded below reach the server.
const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    DB_PATH: `${dataDir}/lottery.db`,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    STATIC_DIR: staticDir,
    // A known marketer key, so the live tests can create activities (tests/e2e/helpers/live.ts).
    MARKETER_KEY: process.env.MARKETER_KEY ?? 'e2e-marketer-key-0123456789',
    // Every browser test plays from one loopback address: the anonymous per-network caps would
    // count them all as one network (tests/security covers the caps).
    RATE_NEW_PARTICIPANTS: '1000000',
    RATE_WINS: '1000000',
    // The staff tests show refused keys on purpose (a staff key on marketer endpoints), from the same
    // loopback address as every other test's marketer calls (tests/security covers the brake).
    RATE_KEY_FAILURES: '1000000',
  },
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
