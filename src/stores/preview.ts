import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { ActivityConfig, Template } from '../core/activity'
import { demoForTemplate } from '../core/demo'
import { LocalDraw, type ForcedBatch, type ForcedOutcome } from '../core/localDraw'
import type { BatchDrawResult } from '../core/multiDraw'
import type { Outcome } from '../core/outcome'
import { validateActivity, type FieldError } from '../core/validation'
import type { DrawResult } from '../core/outcome'

/** Preview tunables. */
export const PREVIEW_DEFAULTS = {
  /** Simulated network time of a draw, ms, so the game cruises as it will live. */
  drawLatencyMs: 350,
  /** Simulated time to send the info form, ms. */
  infoLatencyMs: 200,
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * The preview's state: which configuration is shown (the template's demo, or
 * one the studio sent), the local draw engine on it, and the forced outcome.
 * Nothing is saved anywhere (seed 002).
 */
export const usePreviewStore = defineStore('preview', () => {
  const options = { ...PREVIEW_DEFAULTS }
  const template = ref<Template>(11)
  /** A configuration from the studio; null = the template's demo. */
  const custom = shallowRef<ActivityConfig | null>(null)
  /** Why the studio's last configuration was refused (the previous one stays on screen). */
  const errors = ref<FieldError[]>([])
  /** The outcome the next play is forced to (shown in the preview tools). */
  const forced = ref<ForcedOutcome | null>(null)
  /** What the next 连抽 is forced to (shown in the preview tools). */
  const forcedBatch = ref<ForcedBatch | null>(null)
  const chancesLeft = ref<number | null>(null)
  /** Plays made by the simulated participant. */
  const plays = ref(0)
  const infoGiven = ref(false)

  /** The configuration on screen, always in the current template: switching keeps the studio's config. */
  const config = computed<ActivityConfig>(() =>
    custom.value ? { ...custom.value, template: template.value } : demoForTemplate(template.value),
  )

  let engine = new LocalDraw(config.value)
  function restart() {
    engine = new LocalDraw(config.value)
    forced.value = null
    forcedBatch.value = null
    plays.value = 0
    infoGiven.value = false
    chancesLeft.value = engine.chancesLeft()
  }
  watch(config, restart, { immediate: true })

  /** One local draw, after the simulated latency. */
  async function drawOnce(): Promise<DrawResult> {
    await sleep(options.drawLatencyMs)
    // Like award's code 201: the form first when the activity asks for it.
    if (config.value.actinfo.need_info && !infoGiven.value && forced.value === null) return { needInfo: true }
    const result = engine.play()
    forced.value = null
    if ('outcome' in result) countPlay(result.outcome)
    return result
  }

  /** One local multi-draw (连抽) of `count`, after the simulated latency. */
  async function drawMany(count: number): Promise<BatchDrawResult> {
    await sleep(options.drawLatencyMs)
    if (config.value.actinfo.need_info && !infoGiven.value && forced.value === null && forcedBatch.value === null) return { needInfo: true }
    const batch = engine.playMany(count)
    forced.value = null
    forcedBatch.value = null
    for (const outcome of batch.outcomes) countPlay(outcome)
    chancesLeft.value = engine.chancesLeft()
    return { batch }
  }

  function countPlay(outcome: Outcome) {
    if (outcome.kind === 'win' || outcome.kind === 'no_award') plays.value += 1
    chancesLeft.value = engine.chancesLeft()
  }

  /** The info form, simulated: remembered for this preview only. */
  async function submitInfo(): Promise<void> {
    await sleep(options.infoLatencyMs)
    infoGiven.value = true
  }

  /**
   * A configuration from the studio: shown if valid, else its errors are kept
   * for the banner and the current one stays. Returns the errors ([] = applied).
   */
  function applyConfig(input: unknown): FieldError[] {
    const result = validateActivity(input)
    if (!result.ok) {
      errors.value = result.errors
      return result.errors
    }
    errors.value = []
    template.value = result.value.template
    custom.value = result.value
    return []
  }

  /** Force the next play's outcome (null: back to the real draw). Returns false for an unknown prize. */
  function force(next: ForcedOutcome | null): boolean {
    try {
      engine.force(next)
    } catch {
      return false
    }
    forced.value = next
    return true
  }

  /** Force the next multi-draw, draw by draw (null: back to the real draws). Returns false for an unknown prize. */
  function forceMany(next: ForcedBatch | null): boolean {
    try {
      engine.forceBatch(next)
    } catch {
      return false
    }
    forcedBatch.value = next
    return true
  }

  /** A fresh simulated participant: chances, wins and stock back to the start. */
  function resetParticipant() {
    restart()
  }

  /** Back to the demo of `to` (or the current template). */
  function showDemo(to: Template = template.value) {
    template.value = to
    custom.value = null
    errors.value = []
  }

  return {
    options,
    template,
    custom,
    errors,
    forced,
    forcedBatch,
    chancesLeft,
    plays,
    infoGiven,
    config,
    drawOnce,
    drawMany,
    submitInfo,
    applyConfig,
    force,
    forceMany,
    resetParticipant,
    showDemo,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(usePreviewStore, import.meta.hot))
