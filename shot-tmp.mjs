import { chromium } from '@playwright/test'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'] })
const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, locale: 'zh-CN' })
const page = await ctx.newPage()
page.on('console', (m) => console.log('console', m.type(), m.text()))
page.on('pageerror', (e) => console.log('pageerror', e.message))
page.on('request', (r) => r.url().includes('lottery') && console.log('req', r.url()))
const url = process.argv[2]
await page.goto(url)
await page.waitForTimeout(5000)
console.log(await page.evaluate(() => document.body.innerText.slice(0, 500)))
const t0=Date.now(); await page.screenshot({ path: `/tmp/shots/x.png`, timeout: 60000, animations: "disabled" }).then(()=>console.log("shot ms", Date.now()-t0)).catch(e => console.log('shot fail'))
await browser.close()
