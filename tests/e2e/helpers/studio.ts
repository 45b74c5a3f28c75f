import { expect, type FrameLocator, type Locator, type Page, type TestInfo } from '@playwright/test'
import { TEMPLATE_NAMES, type Template } from '../../../src/core/activity'

/**
 * Helpers for the studio browser test (tests/e2e/studio.spec.ts): the form's
 * inputs by their error path (data-path), the phone-frame preview iframe, and
 * one forced play inside it. Everything waits on DOM state, never on sleeps.
 */

/** How long the preview's game may take to load, or a play to land (loaded box). */
export const SLOW_MS = 120_000

/** The text input of a form field, by the path its errors use ('active_title', 'prize.0.chance'). */
export function field(page: Page, path: string): Locator {
  return page.locator(`[data-path="${path}"]`).locator('input, textarea').first()
}

/** The live preview inside the phone frame. */
export function previewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="活动预览"]')
}

/** The game root (GameCanvas) inside the preview or a participant page. */
export function gameIn(scope: Page | FrameLocator, template: Template): Locator {
  return scope.getByRole('img', { name: `${TEMPLATE_NAMES[template]}游戏` })
}

/** The result dialog inside the preview or a participant page. */
export function resultIn(scope: Page | FrameLocator): Locator {
  return scope.locator('[data-test="result"]')
}

/** The preview shows `title` (the studio's draft reached it) and its game is ready to play. */
export async function expectPreviewShows(page: Page, template: Template, title: string): Promise<void> {
  const frame = previewFrame(page)
  await expect(frame.locator('[data-test="title"]')).toHaveText(title, { timeout: SLOW_MS })
  await expect(gameIn(frame, template)).toHaveAttribute('data-state', 'ready', { timeout: SLOW_MS })
  await expect(frame.locator('[data-test="play"]')).toBeEnabled()
}

/**
 * Force the next preview play with the studio's button (`force-<key>`), then
 * press the preview's play button. Resolves once the result dialog (or, with
 * `until: 'form'`, the info form) shows inside the phone frame.
 */
export async function forceAndPlay(page: Page, key: string, until: 'result' | 'form' = 'result'): Promise<Locator> {
  const frame = previewFrame(page)
  await page.locator(`[data-test="force-${key}"]`).click()
  await frame.locator('[data-test="play"]').click()
  const target = until === 'result' ? resultIn(frame) : frame.locator('[data-test="user-form"]')
  await expect(target).toBeVisible({ timeout: SLOW_MS })
  return target
}

/** Close the preview's result dialog and wait until its game accepts the next play. */
export async function closePreviewResult(page: Page, template: Template): Promise<void> {
  const frame = previewFrame(page)
  await resultIn(frame).locator('[data-test="ok"]').click()
  await expect(resultIn(frame)).toBeHidden()
  await expect(gameIn(frame, template)).toHaveAttribute('data-state', 'ready', { timeout: SLOW_MS })
  await expect(frame.locator('[data-test="play"]')).not.toHaveAttribute('aria-busy', 'true')
}

/** A viewport screenshot, attached to the report and kept in the test's output folder. */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`)
  await page.screenshot({ path: file, animations: 'disabled', timeout: SLOW_MS })
  await testInfo.attach(name, { path: file, contentType: 'image/png' })
}
