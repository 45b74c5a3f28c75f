import { createRequire } from 'node:module'
import type { Page } from '@playwright/test'

/** axe-core in the browser tests (a11y.spec.ts, staff.spec.ts, campaign.spec.ts). */

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

export interface Violation {
  id: string
  impact: string | null
  help: string
  targets: string[]
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA rules and best practices). */
/** `within`: a CSS selector to check only that part of the page (the whole document by default). */
export async function seriousViolations(page: Page, within?: string): Promise<Violation[]> {
  // From the page's own origin: an inline script would break the CSP (script-src 'self'), which stays on.
  await page.route('**/__axe.js', (route) => route.fulfill({ path: AXE, contentType: 'text/javascript' }))
  await page.addScriptTag({ url: '/__axe.js' })
  const violations = await page.evaluate(async (within) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document | { include: string[][] }, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe
    const result = await axe.run(within ? { include: [[within]] } : document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }))
  }, within)
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}
