import { expect, test } from '@playwright/test'
import { closeResult, openPreview, playButton, playToResult, resultDialog, watchPageErrors } from './helpers/preview'

/**
 * Sound (issue 14 item 5) in real Chromium: nothing of audio before the first tap, then
 * the lazily loaded synthesiser plays the wheel's ticks and the outcome on the audio
 * clock; the mute button silences it and is remembered on the device.
 */
test.beforeEach(async ({ page }) => {
  watchPageErrors(page)
  // Count what the page asks of Web Audio (the sounds themselves cannot be heard here).
  await page.addInitScript(() => {
    const w = window as unknown as { __audio: AudioLog }
    w.__audio = { contexts: 0, starts: 0, ticks: 0, states: [], workers: [], rendered: [] }
    const Native = window.AudioContext
    window.AudioContext = class extends Native {
      constructor(options?: AudioContextOptions) {
        super(options)
        w.__audio.contexts += 1
        this.addEventListener('statechange', () => w.__audio.states.push(this.state))
      }
    }
    // The cues are rendered by a worker: which, and what it sent back.
    const NativeWorker = window.Worker
    window.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options)
        w.__audio.workers.push(String(url))
        this.addEventListener('message', (event: MessageEvent<{ cue?: string }>) => {
          if (event.data?.cue) w.__audio.rendered.push(event.data.cue)
        })
      }
    }
    const start = AudioBufferSourceNode.prototype.start
    AudioBufferSourceNode.prototype.start = function (...args: Parameters<typeof start>) {
      // The one-sample unlock buffer is not a cue.
      if ((this.buffer?.length ?? 0) > 1) w.__audio.starts += 1
      return start.apply(this, args)
    }
    // The wheel's tick is scheduled on one kept oscillator: one fall of its envelope per tick.
    const fall = AudioParam.prototype.exponentialRampToValueAtTime
    AudioParam.prototype.exponentialRampToValueAtTime = function (...args: Parameters<typeof fall>) {
      w.__audio.ticks += 1
      return fall.apply(this, args)
    }
  })
})
test.afterEach(({ page }) => {
  expect(watchPageErrors(page), 'uncaught errors in the page').toEqual([])
})

type AudioLog = { contexts: number; starts: number; ticks: number; states: string[]; workers: string[]; rendered: string[] }
const audioLog = (page: import('@playwright/test').Page) => page.evaluate(() => (window as unknown as { __audio: AudioLog }).__audio)

test('no audio before the first tap; the wheel ticks and the outcome play after it; mute silences and is remembered', async ({ page }) => {
  const chunks: string[] = []
  page.on('request', (r) => {
    if (/SoundEffects/.test(r.url())) chunks.push(r.url())
  })
  const game = await openPreview(page, 'wheel', 11)
  expect(await audioLog(page), 'no AudioContext before a tap').toMatchObject({ contexts: 0, starts: 0, ticks: 0 })
  expect(chunks, 'the synthesiser is not downloaded before a tap').toEqual([])

  const sound = page.getByRole('button', { name: '静音', exact: true })
  await expect(sound).toBeVisible()

  await playToResult(page, game, 'wheel-centre')
  expect(chunks.length, 'the synthesiser loads on the first tap').toBe(1)
  const played = await audioLog(page)
  expect(played.contexts).toBe(1)
  expect(played.states).toContain('running')
  // Segment ticks while spinning, and the outcome's cue.
  expect(played.ticks).toBeGreaterThan(3)
  expect(played.starts).toBeGreaterThanOrEqual(1)
  // Rendered off the main thread, and only the wheel's: the outcome's two cues (its tick is an oscillator).
  expect(played.workers).toHaveLength(1)
  expect(played.workers[0]).toMatch(/cueWorker/)
  expect([...played.rendered].sort()).toEqual(['lose', 'win'])
  await closeResult(page, game)

  await sound.click()
  await expect(page.getByRole('button', { name: '开启声音', exact: true })).toBeVisible()
  const before = await audioLog(page)
  await playToResult(page, game, 'button')
  const after = await audioLog(page)
  expect(after.starts, 'muted: no cue started').toBe(before.starts)
  expect(after.ticks, 'muted: no tick scheduled').toBe(before.ticks)
  await closeResult(page, game)

  await page.reload()
  const unmute = page.getByRole('button', { name: '开启声音', exact: true })
  await expect(unmute, 'the choice is remembered on this device').toBeVisible()
  // A muted participant's taps open no audio output at all; turning sound on (a tap itself) does.
  const again = await openPreview(page, 'wheel', 11)
  await playToResult(page, again, 'button')
  expect(await audioLog(page), 'muted: no AudioContext').toMatchObject({ contexts: 0, starts: 0, ticks: 0 })
  await closeResult(page, again)
  await unmute.click()
  await expect(page.getByRole('button', { name: '静音', exact: true })).toBeVisible()
  await expect.poll(async () => (await audioLog(page)).states).toContain('running')
  expect((await audioLog(page)).contexts).toBe(1)
})

test('a participant who plays with the keyboard hears the game too (Enter on the play button: no pointer event)', async ({ page }) => {
  const game = await openPreview(page, 'wheel', 11)
  await playButton(page).focus()
  await page.keyboard.press('Enter')
  await expect(resultDialog(page)).toBeVisible({ timeout: 60_000 })
  await expect(game).toHaveAttribute('data-state', 'settled')
  const log = await audioLog(page)
  expect(log.contexts).toBe(1)
  expect(log.states).toContain('running')
  expect(log.ticks, 'the segment ticks were scheduled').toBeGreaterThan(3)
})
