import { defineConfig, devices } from '@playwright/test'
import { PHONE } from './tests/e2e/phone'

/** Browser tests: Debian's Chromium at a phone viewport, once with WebGL and once without (canvas renderer). */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const baseArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4310)

const phone = { ...devices['Pixel 7'], ...PHONE }

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // Headless WebGL is SwiftShader: every frame the page presents with a changed WebGL canvas costs
    // it ~250 ms at 3× (measured: 2 draw calls, 0.1 ms of GL, 4 frames/s), so this project runs only
    // the renderer's own tests (the games drawn and played, the stage's life cycle); the flows (live,
    // studio) run once, in the canvas project.
    {
      name: 'webgl',
      testMatch: ['preview.spec.ts', 'stage.spec.ts'],
      use: { ...phone, launchOptions: { executablePath, args: [...baseArgs, '--enable-unsafe-swiftshader', '--use-angle=swiftshader'] } },
    },
    {
      name: 'canvas',
      use: { ...phone, launchOptions: { executablePath, args: [...baseArgs, '--disable-webgl', '--disable-webgl2', '--disable-3d-apis'] } },
    },
  ],
  // The real server (API + built SPA) on a fresh database file.
  webServer: {
    command: `node scripts/e2e-server.mjs`,
    url: `http://127.0.0.1:${E2E_PORT}/`,
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    env: { PORT: String(E2E_PORT) },
  },
})
