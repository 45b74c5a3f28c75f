import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import * as api from '../../../src/api/studio'
import type { ActivityOverview, ActivityStats } from '../../../src/core/ops'
import StatsPanel from '../../../src/studio/StatsPanel.vue'
import ActivityList from '../../../src/studio/ActivityList.vue'
import { STATS_POLL_MS, useStatsPolling } from '../../../src/studio/useStatsPolling'
import { TIMEOUT_MS, signedInStore } from './setup'
import { WAIT } from '../../helpers/mount'

/** The chart library at its boundary: what it was given, so the test can read it. */
const charts = vi.hoisted(() => [] as { data: unknown; destroyed: boolean; setData: (d: unknown) => void }[])
vi.mock('uplot', () => {
  class FakePlot {
    data: unknown
    destroyed = false
    constructor(_opts: unknown, data: unknown) {
      this.data = data
      charts.push(this)
    }
    setData(data: unknown) {
      this.data = data
    }
    setSize() {}
    destroy() {
      this.destroyed = true
    }
    static tzDate = (d: Date) => d
  }
  return { default: FakePlot }
})
vi.mock('../../../src/api/studio', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/api/studio')>()),
  loadStats: vi.fn(),
  listActivities: vi.fn(),
  actOn: vi.fn(),
  loadActivity: vi.fn(),
}))
const confirm = vi.hoisted(() => vi.fn(async () => 'confirm'))
vi.mock('vant', async (importOriginal) => ({ ...(await importOriginal<typeof import('vant')>()), showConfirmDialog: confirm }))

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.useRealTimers()
  charts.length = 0
})

const counts = (views: number, participants: number, plays: number, wins: number, forms: number, redeemed: number) => ({
  views,
  participants,
  plays,
  wins,
  forms,
  redeemed,
})
const T0 = Date.UTC(2030, 0, 1, 2, 0)

/** A campaign in numbers: 200 views, 80 people, 150 plays, 30 wins, 24 forms, 12 redeemed. */
const STATS: ActivityStats = {
  code: 'spring',
  state: 'running',
  generated_at: T0 + 3_600_000,
  threshold: 0.1,
  totals: counts(200, 80, 150, 30, 24, 12),
  funnel: [
    { step: 'viewed', count: 200 },
    { step: 'played', count: 80 },
    { step: 'won', count: 28 },
    { step: 'filled', count: 24 },
    { step: 'redeemed', count: 12 },
  ],
  prizes: [
    { id: 1, name: '蓝牙耳机', type: 'physical', stock: 10, won: 10, remaining: 0, redeemed: 6, alert: 'out' },
    { id: 2, name: '十元券', type: 'coupon', stock: 100, won: 15, remaining: 5, redeemed: 6, alert: 'low' },
    { id: 3, name: '谢谢参与贴纸', type: 'physical', stock: 500, won: 5, remaining: 495, redeemed: 0, alert: null },
  ],
  windows: [
    { start: '2030-01-01 10:00:00', end: '2030-01-01 22:00:00', ...counts(120, 50, 100, 20, 16, 8) },
    { start: '2030-01-02 10:00:00', end: '2030-01-02 22:00:00', ...counts(80, 30, 50, 10, 8, 4) },
  ],
  days: [
    { day: '2030-01-01', ...counts(120, 50, 100, 20, 16, 8) },
    { day: '2030-01-02', ...counts(80, 30, 50, 10, 8, 4) },
  ],
  series: { bucket_ms: 3_600_000, points: [{ t: T0, plays: 100, wins: 20 }, { t: T0 + 3_600_000, plays: 50, wins: 10 }] },
}

const cells = (row: Element | null | undefined) => [...(row?.querySelectorAll('th, td') ?? [])].map((c) => c.textContent?.trim())

describe('StatsPanel', { timeout: TIMEOUT_MS }, () => {
  it('shows totals, funnel with step rates, stock alerts, per 场次 and per day, and hands the series to the chart', async () => {
    const wrapper = mount(StatsPanel, { props: { stats: STATS }, attachTo: document.body })
    await vi.waitFor(() => expect(charts).toHaveLength(1), WAIT)
    const $ = (test: string) => wrapper.find(`[data-test="${test}"]`)

    expect($('total-views').text()).toBe('浏览200')
    expect($('total-participants').text()).toBe('参与人数80')
    expect($('total-redeemed').text()).toBe('核销12')
    // Each step's share of the step before it.
    expect($('funnel-played').text()).toContain('40.0%')
    expect($('funnel-won').text()).toContain('35.0%')
    expect($('funnel-redeemed').text()).toContain('50.0%')
    expect($('funnel-viewed').text()).not.toContain('%')

    const banner = $('stock-alert').text()
    expect(banner).toContain('「蓝牙耳机」已抽完')
    expect(banner).toContain('「十元券」仅剩 5（低于 10%）')
    expect(banner).not.toContain('贴纸')
    expect($('prize-1').classes()).toContain('out')
    expect($('prize-2').classes()).toContain('low')
    expect($('prize-3').classes()).not.toContain('low')
    expect(cells($('prize-3').element)).toEqual(['谢谢参与贴纸', '500', '5', '495', '0'])

    const windowRows = wrapper.findAll('[data-test="windows-table"] tbody tr')
    expect(cells(windowRows[0]?.element)).toEqual(['01-01 10:00 – 01-01 22:00', '120', '50', '100', '20', '16', '8'])
    const dayRows = wrapper.findAll('[data-test="days-table"] tbody tr')
    expect(cells(dayRows[1]?.element)).toEqual(['2030-01-02', '80', '30', '50', '10', '8', '4'])

    expect(charts[0]?.data).toEqual([[T0, T0 + 3_600_000], [100, 50], [20, 10]])
    expect(wrapper.text()).toContain('每小时')
    // A new snapshot updates the same chart.
    await wrapper.setProps({ stats: { ...STATS, series: { ...STATS.series, points: [{ t: T0, plays: 7, wins: 1 }] } } })
    expect(charts[0]?.data).toEqual([[T0], [7], [1]])
    wrapper.unmount()
    expect(charts[0]?.destroyed).toBe(true)
  })

  it('no alert banner while every prize has stock', () => {
    const wrapper = mount(StatsPanel, { props: { stats: { ...STATS, prizes: [STATS.prizes[2]!] } } })
    expect(wrapper.find('[data-test="stock-alert"]').exists()).toBe(false)
  })
})

describe('useStatsPolling', { timeout: TIMEOUT_MS }, () => {
  function setVisibility(state: 'visible' | 'hidden'): void {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
    document.dispatchEvent(new Event('visibilitychange'))
  }

  it('asks every 5 s while shown and the tab is visible; stops when hidden or closed', async () => {
    vi.useFakeTimers()
    signedInStore()
    vi.mocked(api.loadStats).mockResolvedValue(STATS)
    const active = ref(true)
    const code = ref<string | null>('spring')
    let polled: ReturnType<typeof useStatsPolling> | undefined
    const wrapper = mount(defineComponent({ setup: () => ((polled = useStatsPolling(ref('key'), code, active)), () => h('div')) }))
    await flushPromises()
    expect(api.loadStats).toHaveBeenCalledTimes(1)
    expect(polled?.stats.value).toEqual(STATS)

    await vi.advanceTimersByTimeAsync(STATS_POLL_MS)
    expect(api.loadStats).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(STATS_POLL_MS)
    expect(api.loadStats).toHaveBeenCalledTimes(3)

    setVisibility('hidden')
    await vi.advanceTimersByTimeAsync(STATS_POLL_MS * 4)
    expect(api.loadStats).toHaveBeenCalledTimes(3)
    // Back in view: asked at once, then every 5 s again.
    setVisibility('visible')
    await flushPromises()
    expect(api.loadStats).toHaveBeenCalledTimes(4)

    active.value = false
    await nextTick()
    await vi.advanceTimersByTimeAsync(STATS_POLL_MS * 4)
    expect(api.loadStats).toHaveBeenCalledTimes(4)

    active.value = true
    await flushPromises()
    expect(api.loadStats).toHaveBeenCalledTimes(5)
    wrapper.unmount()
    await vi.advanceTimersByTimeAsync(STATS_POLL_MS * 4)
    expect(api.loadStats).toHaveBeenCalledTimes(5)
  })
})

describe('ActivityList', { timeout: TIMEOUT_MS }, () => {
  const row = (code: string, state: ActivityOverview['state']): ActivityOverview => ({
    code,
    active_title: `活动 ${code}`,
    template: 11,
    status: state === 'closed' ? 0 : 1,
    state,
    updated_at: T0,
    counts: counts(9, 4, 6, 2, 1, 1),
  })

  it('shows each state and count, offers the actions that fit, and closes only after confirming', async () => {
    const { pinia } = signedInStore()
    let list = [row('run1', 'running'), row('draft1', 'draft'), row('shut1', 'closed')]
    vi.mocked(api.listActivities).mockImplementation(async () => list)
    vi.mocked(api.actOn).mockImplementation(async (_auth, action, code) => {
      list = list.map((a) => (a.code === code && action === 'close' ? { ...a, state: 'closed', status: 0 } : a))
      return list.find((a) => a.code === code)!
    })
    const show = ref(false)
    mount(defineComponent({ render: () => h(ActivityList, { show: show.value, 'onUpdate:show': (v: boolean) => (show.value = v) }) }), {
      global: { plugins: [pinia] },
      attachTo: document.body,
    })
    show.value = true
    await flushPromises()
    const q = (test: string) => document.body.querySelector(`[data-test="${test}"]`)
    expect(q('activity-row-run1')?.querySelector('[data-test="state"]')?.textContent?.trim()).toBe('进行中')
    expect(q('activity-row-draft1')?.querySelector('[data-test="state"]')?.textContent?.trim()).toBe('草稿')
    expect(q('activity-row-run1')?.querySelector('[data-test="counts"]')?.textContent).toMatch(/浏览\s*9.*参与\s*4.*中奖\s*2.*核销\s*1/)
    expect(q('close-run1')).not.toBeNull()
    expect(q('publish-run1')).toBeNull()
    expect(q('publish-draft1')).not.toBeNull()
    expect(q('reopen-shut1')).not.toBeNull()
    expect(q('close-shut1')).toBeNull()

    // Declined: nothing sent.
    confirm.mockRejectedValueOnce(new Error('cancel'))
    ;(q('close-run1') as HTMLElement).click()
    await flushPromises()
    expect(api.actOn).not.toHaveBeenCalled()

    ;(q('close-run1') as HTMLElement).click()
    await flushPromises()
    expect(confirm).toHaveBeenLastCalledWith(expect.objectContaining({ title: '关闭「活动 run1」？' }))
    expect(api.actOn).toHaveBeenCalledWith('test-marketer-key', 'close', 'run1')
    expect(q('activity-row-run1')?.querySelector('[data-test="state"]')?.textContent?.trim()).toBe('已关闭')
    expect(q('reopen-run1')).not.toBeNull()

    // Duplicating asks nothing.
    const asked = confirm.mock.calls.length
    ;(q('duplicate-draft1') as HTMLElement).click()
    await flushPromises()
    expect(api.actOn).toHaveBeenLastCalledWith('test-marketer-key', 'duplicate', 'draft1')
    expect(confirm.mock.calls.length).toBe(asked)
  })

  it('closing the activity open in the editor with unsaved edits keeps them and takes the new switch, so a save cannot reopen it', async () => {
    const { pinia, store } = signedInStore()
    store.code = 'run1'
    store.draft.active_title = '改过的标题'
    await nextTick()
    expect(store.dirty).toBe(true)
    vi.mocked(api.listActivities).mockResolvedValue([row('run1', 'running')])
    vi.mocked(api.actOn).mockResolvedValue(row('run1', 'closed'))
    const show = ref(false)
    mount(defineComponent({ render: () => h(ActivityList, { show: show.value, 'onUpdate:show': (v: boolean) => (show.value = v) }) }), {
      global: { plugins: [pinia] },
      attachTo: document.body,
    })
    show.value = true
    await flushPromises()
    ;(document.body.querySelector('[data-test="close-run1"]') as HTMLElement).click()
    await flushPromises()
    expect(store.draft.status).toBe(0)
    expect(store.draft.active_title).toBe('改过的标题')
    expect(api.loadActivity).not.toHaveBeenCalled()
  })
})
