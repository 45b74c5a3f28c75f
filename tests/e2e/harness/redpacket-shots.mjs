// Screenshots of the red packet harness at a phone viewport:
//   node tests/e2e/harness/redpacket-shots.mjs [outcome] [renderer] [outDir] [viewportHeight]
import { chromium } from '@playwright/test'
const [, , outcome = 'money', renderer = 'webgl', out = '/tmp/rpshots', height = '844'] = process.argv
const prefix = `${out}/${outcome}-${renderer}-${height}`
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--enable-unsafe-swiftshader'] })
const ctx = await browser.newContext({ viewport: { width: 390, height: Number(height) }, deviceScaleFactor: 3, hasTouch: true, isMobile: true })
const page = await ctx.newPage()
page.on('console', (m) => console.log('console:', m.type(), m.text()))
page.on('pageerror', (e) => console.log('pageerror:', e.message))
await page.goto(`http://localhost:5175/tests/e2e/harness/redpacket.html?outcome=${outcome}&renderer=${renderer}&manual=1&delay=900`)
await page.waitForFunction(() => globalThis.harness, null, { timeout: 30000 })
console.log('renderer', await page.evaluate(() => globalThis.harness.renderer))
const advance = (ms) => page.evaluate((m) => globalThis.harness.advance(m), ms)
await advance(1500)
await page.screenshot({ path: `${prefix}-0-rain.png` })
// Tap the front-most packet in the middle band, twice quickly and with a second finger: one request only.
const target = await page.evaluate(() => {
  const ps = globalThis.harness.packets().filter((p) => p.y > 120 && p.y < Number(innerHeight) - 150)
  ps.sort((a, b) => b.z - a.z)
  return ps[0]
})
console.log('tap', target)
await page.touchscreen.tap(target.x, target.y + 4)
await page.touchscreen.tap(target.x, target.y + 4)
await page.touchscreen.tap(60, 400)
await advance(230)
await page.screenshot({ path: `${prefix}-1-fly.png` })
await advance(470)
await page.screenshot({ path: `${prefix}-2-wait.png` })
await advance(400)
await page.screenshot({ path: `${prefix}-3-opening.png` })
await advance(400)
await page.screenshot({ path: `${prefix}-4-card.png` })
await advance(1000)
await page.screenshot({ path: `${prefix}-5-result.png` })
console.log('log', await page.evaluate(() => globalThis.harness.log.join(',')))
await browser.close()
