// Dev screenshots of the scratch-card harness (not a test). Needs `npx vite --port 5174` running in /work/main.
// Usage: node tests/e2e/harness/scratch-shots.mjs '<query>' <prefix> [full|partial]   → /tmp/shots/<prefix>-*.png
import { chromium } from '@playwright/test'
import { mkdirSync } from 'node:fs'
mkdirSync('/tmp/shots', { recursive: true })
const [,, query = 'auto=win&delay=300', prefix = 'win', mode = 'full'] = process.argv
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--disable-dev-shm-usage'] })
const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true })
const page = await ctx.newPage()
page.on('console', (m) => console.log('console:', m.type(), m.text()))
page.on('pageerror', (e) => console.log('pageerror:', e.message))
page.on('crash', () => console.log('PAGE CRASHED'))
page.on('framenavigated', (f) => { if (f === page.mainFrame()) console.log('navigated', f.url()) })
await page.goto(`http://localhost:5174/tests/e2e/harness/scratch.html?${query}`)
await page.waitForFunction(() => globalThis.__scratch, null, { timeout: 30000 })
await page.waitForTimeout(500)
await page.screenshot({ path: `/tmp/shots/${prefix}-0-idle.png`, clip: { x: 0, y: 90, width: 390, height: 290 } })
const b = await page.evaluate(() => { const r = globalThis.__scratch.game.coating.getBounds(); return { x: r.x, y: r.y, w: r.width, h: r.height } })
const top = await page.evaluate(() => document.getElementById('stage').getBoundingClientRect().top)
console.log('coating bounds', b, 'stage top', top)
const X = (f) => b.x + b.w * f
const Y = (f) => top + b.y + b.h * f
// A fast stroke: few samples far apart (interpolation must fill the gaps).
await page.mouse.move(X(0.1), Y(0.2))
await page.mouse.down()
await page.mouse.move(X(0.9), Y(0.25), { steps: 3 })
await page.mouse.move(X(0.15), Y(0.45), { steps: 3 })
await page.mouse.move(X(0.5), Y(0.6), { steps: 2 })
await page.waitForTimeout(100)
console.log('state', await page.evaluate(() => [globalThis.__scratch.game.state, globalThis.__scratch.game.coverage]))
await page.screenshot({ path: `/tmp/shots/${prefix}-1-partial.png`, clip: { x: 0, y: 90, width: 390, height: 290 } })
if (mode === 'full') {
  for (let i = 0; i < 6; i++) {
    await page.mouse.move(X(0.9), Y(0.3 + i * 0.12), { steps: 4 })
    await page.mouse.move(X(0.1), Y(0.36 + i * 0.12), { steps: 4 })
  }
  await page.mouse.up()
  console.log('state', await page.evaluate(() => [globalThis.__scratch.game.state, globalThis.__scratch.game.coverage]))
  await page.waitForTimeout(150)
  await page.screenshot({ path: `/tmp/shots/${prefix}-2-fading.png`, clip: { x: 0, y: 90, width: 390, height: 290 } })
  await page.waitForTimeout(900)
  console.log('state', await page.evaluate(() => [globalThis.__scratch.game.state, globalThis.__scratch.game.coverage]))
  await page.screenshot({ path: `/tmp/shots/${prefix}-3-settled.png`, clip: { x: 0, y: 90, width: 390, height: 290 } })
  console.log(await page.evaluate(() => document.getElementById('log').textContent))
}
await browser.close()
