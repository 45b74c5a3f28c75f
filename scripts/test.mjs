// The README's test command: typecheck, the build's ES2017 check, unit + component tests (vitest),
// browser tests (Playwright on Debian's Chromium), then ONE summary line counted over every suite.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { CHROMIUM, ensureChromium } from './ensure-chromium.mjs'

const out = 'test-results'
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`)
  return spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1
}

const totals = { passed: 0, failed: 0, skipped: 0 }
// What failed, by name, printed again just above the summary: CI keeps only the tail of a long run.
const failures = []
const count = (ok, what) => {
  if (ok) totals.passed++
  else {
    totals.failed++
    failures.push(what)
  }
}

// 1. Typecheck counts as one check.
count(run('npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.json']) === 0, 'typecheck (vue-tsc)')

// 2. The production build, checked to parse as ES2017 (scripts/es-check.mjs), counts as one check.
// The browser tests serve this same build (scripts/e2e-server.mjs skips its own when E2E_PREBUILT is set).
const E2E_DIST = 'node_modules/.cache/e2e-dist'
const built = run('npx', ['vite', 'build', '--outDir', E2E_DIST, '--emptyOutDir']) === 0
count(built && run('node', ['scripts/es-check.mjs', E2E_DIST]) === 0, built ? 'es-check of the build' : 'vite build')

// 3. vitest: unit (node) and component (happy-dom) projects, and with TEST_DATABASE_URL and TEST_PG_SUITE=1 the server
// suite again on PostgreSQL (server-pg, vite.config.ts): one run, so its JSON counts every project once.
const engines = !process.env.TEST_DATABASE_URL
  ? 'SQLite only (TEST_DATABASE_URL not set: the PostgreSQL tests skip)'
  : process.env.TEST_PG_SUITE === '1'
    ? 'SQLite, and again on PostgreSQL (project server-pg)'
    : 'SQLite; PostgreSQL for tests/server/pg-*.test.ts (TEST_PG_SUITE=1 runs the whole server suite on it too)'
console.log(`\nserver tests: ${engines}`)
const vitestJson = `${out}/vitest.json`
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`])
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'))
  totals.passed += r.numPassedTests
  totals.failed += r.numFailedTests
  totals.skipped += r.numPendingTests + r.numTodoTests
  // A suite that failed to load has no tests in it but still fails the run.
  if (vitestStatus !== 0 && r.numFailedTests === 0) totals.failed += Math.max(1, r.numFailedTestSuites)
  for (const file of r.testResults ?? []) {
    const failed = (file.assertionResults ?? []).filter((t) => t.status === 'failed')
    for (const t of failed) failures.push(`vitest ${file.name.replace(process.cwd() + '/', '')} › ${t.fullName}`)
    if (!failed.length && file.status === 'failed') failures.push(`vitest ${file.name.replace(process.cwd() + '/', '')}: ${(file.message ?? '').split('\n')[0]}`)
  }
} else count(false, 'vitest (no JSON report)')

// 4. Browser tests in real Chromium.
if (ensureChromium()) {
  const pwJson = `${out}/playwright.json`
  const pwEnv = { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson, CHROMIUM_PATH: CHROMIUM, ...(built ? { E2E_PREBUILT: E2E_DIST } : {}) }
  const pwStatus = run('npx', ['playwright', 'test'], pwEnv)
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats
    totals.passed += s.expected + s.flaky
    totals.failed += s.unexpected
    totals.skipped += s.skipped
    if (pwStatus !== 0 && s.unexpected === 0) totals.failed += 1
    // Suites nest: the file's (titled by its path), then each describe; a spec's name is the describes' titles and its own.
    const walk = (suite, path) => {
      const here = suite.title && suite.title !== suite.file ? [...path, suite.title] : path
      for (const spec of suite.specs ?? [])
        for (const t of spec.tests ?? [])
          if (t.status === 'unexpected' || t.status === 'flaky')
            failures.push(`${t.status === 'flaky' ? 'flaky (passed on retry)' : 'playwright'} [${t.projectName}] ${spec.file}:${spec.line} › ${[...here, spec.title].join(' › ')}`)
      for (const child of suite.suites ?? []) walk(child, here)
    }
    for (const suite of JSON.parse(readFileSync(pwJson, 'utf8')).suites ?? []) walk(suite, [])
  } else count(false, 'playwright (no JSON report)')
} else count(false, 'Chromium for the browser tests')

if (failures.length) console.log(`\nfailed:\n${failures.map((f) => `  ${f}`).join('\n')}`)
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : ''
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`)
process.exit(totals.failed === 0 ? 0 : 1)
