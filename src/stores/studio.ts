import { defineStore, acceptHMRUpdate } from 'pinia'
import { computed, ref, toRaw, watch } from 'vue'
import type { ActivityConfig, Identity, Prize, PrizeType, Template, TimeWindow } from '../core/activity'
import { defaultActivity } from '../core/blankActivity'
import type { FieldError, PrizeStock } from '../core/contract'
import { demoForTemplate } from '../core/demo'
import { LIMITS, validateActivity } from '../core/validation'
import { MINUTE_MS, parseCst, startOfCstDay, windowOfDays } from '../core/windows'
import type { ActivityOverview } from '../core/ops'
import { listActivities, loadActivity, loadSettings, saveActivity, StudioApiError, uploadImage } from '../api/studio'
import { sectionOf, toErrorMap, valueAt, type ErrorMap } from '../core/fieldErrors'

/**
 * The marketer studio: the signed-in key, the draft being edited, its
 * validation (the same core rules as the server), saving and the activity list.
 */

/** sessionStorage key: the marketer key lives for the browser session only. */
const AUTH_STORAGE_KEY = 'lottery-studio:auth'

/** A new activity's first window: today 00:00 to the end of the 7th day (UTC+8). */
const FIRST_WINDOW_DAYS = 7

/** The configuration's own keys, in seed order: what is kept when a loaded activity carries more (stock, counts). */
const CONFIG_KEYS = Object.keys(defaultActivity()) as (keyof ActivityConfig)[]

function readStoredKey(): string {
  try {
    return sessionStorage.getItem(AUTH_STORAGE_KEY) ?? ''
  } catch {
    return ''
  }
}

function storeKey(key: string): void {
  try {
    if (key) sessionStorage.setItem(AUTH_STORAGE_KEY, key)
    else sessionStorage.removeItem(AUTH_STORAGE_KEY)
  } catch {
    // Storage disabled (private mode): the key then lasts as long as the page.
  }
}

/** A blank activity with one 7-day window starting today, so the preview plays at once. */
export function blankActivity(template: Template, now: number = Date.now(), identity: Identity = 'anonymous'): ActivityConfig {
  return { ...defaultActivity(template), identity, active_time: [windowOfDays(startOfCstDay(now), FIRST_WINDOW_DAYS)] }
}

/** `config` with a new draft's identity: the server's default for its own activities (a host-ticket one keeps its ticket). */
function withIdentity(config: ActivityConfig, identity: Identity): ActivityConfig {
  return config.active_type === 1 ? { ...config, identity } : config
}

/** A new prize of `type` with the next free id. */
export function newPrize(existing: readonly Prize[], type: PrizeType = 'physical'): Prize {
  const id = existing.reduce((max, p) => Math.max(max, p.id), 0) + 1
  return { id, type, sum: type === 'redpacket' ? 10 : 1, name: '', money: 0, max: 0, min: 0, img: '', info: '', chance: 0, claim_fields: [] }
}

/** A window starting the minute after `after` ends (or today), one day long. */
export function nextWindow(after: TimeWindow | undefined, now: number = Date.now()): TimeWindow {
  const endOf = after ? parseCst(after.end) : null
  return windowOfDays(endOf !== null ? endOf + MINUTE_MS : startOfCstDay(now), 1)
}

/** A deep copy of plain data (a reactive value is unwrapped first: structuredClone refuses proxies). */
function copyOf<T>(value: T): T {
  return structuredClone(toRaw(value))
}

function pickConfig(source: ActivityConfig): ActivityConfig {
  const out = {} as Record<keyof ActivityConfig, unknown>
  for (const key of CONFIG_KEYS) out[key] = copyOf(source[key])
  return out as ActivityConfig
}

function sectionsOf(config: ActivityConfig): Map<string, string> {
  return new Map(CONFIG_KEYS.map((key) => [key, JSON.stringify(config[key])]))
}

/** A server field error, with the value it was about: it disappears once that value changes. */
interface ServerError extends FieldError {
  value: string
}

export const useStudioStore = defineStore('studio', () => {
  const auth = ref(readStoredKey())
  const signedIn = computed(() => auth.value !== '')

  const draft = ref<ActivityConfig>(blankActivity(11))
  /** The saved activity's code; null while the draft was never saved. */
  const code = ref<string | null>(null)
  /** Stock of the loaded activity, per prize id (remaining counts, or cents for random red packets). */
  const stock = ref<PrizeStock[]>([])
  const activities = ref<ActivityOverview[]>([])
  const saving = ref(false)
  const loading = ref(false)
  /** The server has WeChat credentials (Activity/settings): new drafts then start as WeChat sign-in, as Activity/add would make them. */
  const wechat = ref(false)
  const newIdentity = computed<Identity>(() => (wechat.value ? 'wechat' : 'anonymous'))

  // Errors show per section once the marketer has changed it, or everywhere
  // after `revealErrors()`: a blank form does not open covered in red.
  let baseline = sectionsOf(draft.value)
  const touched = ref(new Set<string>())
  const revealAll = ref(false)
  /** Edited since it was loaded, saved or started. */
  const dirty = computed(() => touched.value.size > 0)
  watch(
    draft,
    (config) => {
      for (const [key, json] of sectionsOf(config)) {
        if (baseline.get(key) !== json) touched.value.add(key)
      }
    },
    { deep: true },
  )

  const serverErrors = ref<ServerError[]>([])

  const validation = computed(() => validateActivity(draft.value))
  const localErrors = computed<FieldError[]>(() => (validation.value.ok ? [] : validation.value.errors))
  /** Server errors whose field still holds the value the server refused. */
  const liveServerErrors = computed(() =>
    serverErrors.value.filter((e) => JSON.stringify(valueAt(draft.value, e.path) ?? null) === e.value),
  )
  /** Every current error, shown or not (the save bar counts them). */
  const allErrors = computed(() => toErrorMap(localErrors.value, liveServerErrors.value))
  /** The errors the form shows inline. */
  const errors = computed<ErrorMap>(() =>
    toErrorMap(
      localErrors.value.filter((e) => revealAll.value || touched.value.has(sectionOf(e.path))),
      liveServerErrors.value,
    ),
  )
  const canSave = computed(() => validation.value.ok && !saving.value && !loading.value && signedIn.value)

  function reset(config: ActivityConfig, savedCode: string | null, reveal: boolean): void {
    draft.value = config
    code.value = savedCode
    baseline = sectionsOf(config)
    touched.value = new Set()
    revealAll.value = reveal
    serverErrors.value = []
  }

  /** Show every error, e.g. when the marketer asks what blocks saving. */
  function revealErrors(): void {
    revealAll.value = true
  }

  /** Check the key against the server (by listing), then keep it for the session. */
  async function signIn(key: string): Promise<void> {
    const trimmed = key.trim()
    const [list, settings] = await Promise.all([listActivities(trimmed), loadSettings(trimmed)])
    activities.value = list
    auth.value = trimmed
    storeKey(trimmed)
    applySettings(settings.wechat)
  }

  /** Ask the server for its settings (a session resumed with a stored key has not asked yet). */
  async function refreshSettings(): Promise<void> {
    applySettings((await loadSettings(auth.value)).wechat)
  }

  function applySettings(hasWechat: boolean): void {
    wechat.value = hasWechat
    // The draft open since the page loaded was made before the answer: give it the default too, unless it was saved or edited.
    if (code.value === null && !dirty.value) reset(withIdentity(toRaw(draft.value), newIdentity.value), null, false)
  }

  function signOut(): void {
    auth.value = ''
    storeKey('')
    activities.value = []
    stock.value = []
    reset(blankActivity(draft.value.template), null, false)
  }

  async function refreshList(): Promise<void> {
    activities.value = await listActivities(auth.value)
  }

  /** Start a new, unsaved activity: blank, or the demo configuration of the template. */
  function startNew(template: Template, from: 'blank' | 'demo' = 'blank'): void {
    stock.value = []
    reset(withIdentity(from === 'demo' ? demoForTemplate(template) : blankActivity(template), newIdentity.value), null, false)
  }

  /** Load a saved activity for editing. */
  async function open(activityCode: string): Promise<void> {
    loading.value = true
    try {
      const data = await loadActivity(auth.value, activityCode)
      stock.value = data.stock
      // A saved activity that breaks today's rules shows why at once.
      reset(pickConfig(data), data.code, true)
    } finally {
      loading.value = false
    }
  }

  /**
   * Save through Activity/add. Resolves to the code; on refusal the server's
   * field errors go onto the form and the StudioApiError is rethrown.
   */
  async function save(): Promise<string> {
    const result = validation.value
    if (!result.ok) {
      revealErrors()
      throw new StudioApiError('请先修改标红的内容', 0, result.errors)
    }
    saving.value = true
    try {
      const saved = await saveActivity(auth.value, result.value, code.value)
      reset(pickConfig(saved.config), saved.code, false)
      refreshList().catch(() => {
        // The list refreshes again when opened; a failure here must not undo the save.
      })
      return saved.code
    } catch (error) {
      if (error instanceof StudioApiError && error.fieldErrors.length > 0) {
        serverErrors.value = error.fieldErrors.map((e) => ({
          ...e,
          value: JSON.stringify(valueAt(draft.value, e.path) ?? null),
        }))
      }
      throw error
    } finally {
      saving.value = false
    }
  }

  /** Upload a prize image; resolves to its URL. */
  function upload(file: File): Promise<string> {
    return uploadImage(auth.value, file)
  }

  /** Add a prize (at most LIMITS.prizesMax); returns false when full. */
  function addPrize(type: PrizeType = 'physical'): boolean {
    if (draft.value.prize.length >= LIMITS.prizesMax) return false
    draft.value.prize.push(newPrize(draft.value.prize, type))
    return true
  }

  function removePrize(index: number): void {
    draft.value.prize.splice(index, 1)
  }

  function addWindow(): boolean {
    const windows = draft.value.active_time
    if (windows.length >= LIMITS.windowsMax) return false
    windows.push(nextWindow(windows[windows.length - 1]))
    return true
  }

  function removeWindow(index: number): void {
    draft.value.active_time.splice(index, 1)
  }

  /** Swap window `index` with its neighbour (`by` = -1 up, +1 down). */
  function moveWindow(index: number, by: -1 | 1): void {
    const windows = draft.value.active_time
    const other = index + by
    const a = windows[index]
    const b = windows[other]
    if (!a || !b) return
    windows.splice(Math.min(index, other), 2, ...(by === 1 ? [b, a] : [a, b]))
  }

  /** A plain copy of the draft for postMessage (reactive proxies cannot be cloned). */
  function previewConfig(): ActivityConfig {
    return copyOf(draft.value)
  }

  return {
    auth,
    signedIn,
    draft,
    code,
    stock,
    activities,
    saving,
    loading,
    wechat,
    validation,
    errors,
    allErrors,
    canSave,
    dirty,
    revealErrors,
    signIn,
    signOut,
    refreshList,
    refreshSettings,
    startNew,
    open,
    save,
    upload,
    addPrize,
    removePrize,
    addWindow,
    removeWindow,
    moveWindow,
    previewConfig,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useStudioStore, import.meta.hot))
