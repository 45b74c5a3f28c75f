import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { AxiosError, AxiosHeaders, type InternalAxiosRequestConfig } from 'axios'
import * as api from '../../../src/api/studio'
import { download, filenameFrom, http, StudioApiError } from '../../../src/api/http'
import type { RedemptionEntry } from '../../../src/core/ops'
import { REDEMPTIONS_PAGE } from '../../../src/core/ops'
import RedemptionLog from '../../../src/studio/RedemptionLog.vue'
import ExportBar from '../../../src/studio/ExportBar.vue'
import KeysPanel from '../../../src/studio/KeysPanel.vue'
import { TIMEOUT_MS, signedInStore } from './setup'

vi.mock('../../../src/api/studio', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/api/studio')>()),
  loadRedemptions: vi.fn(),
  exportCsv: vi.fn(),
  listKeys: vi.fn(async () => []),
  createKey: vi.fn(),
  listActivities: vi.fn(),
}))

enableAutoUnmount(afterEach)

const entry = (i: number): RedemptionEntry => ({
  awardcode: `1234****${String(i).padStart(4, '0')}`,
  prize_name: '蓝牙耳机',
  redeemed_at: 2_000_000_000_000 - i * 1000,
  by: { label: i % 2 ? '门店 A' : '商家', role: i % 2 ? 'staff' : 'marketer' },
})

describe('RedemptionLog', { timeout: TIMEOUT_MS }, () => {
  it('shows the newest page, then pages back from the oldest shown with 加载更多', async () => {
    const first = Array.from({ length: REDEMPTIONS_PAGE }, (_, i) => entry(i))
    vi.mocked(api.loadRedemptions).mockResolvedValueOnce(first).mockResolvedValueOnce([entry(100), entry(101)])
    const wrapper = mount(RedemptionLog, { props: { auth: 'k', code: 'spring' } })
    await flushPromises()
    expect(api.loadRedemptions).toHaveBeenLastCalledWith('k', 'spring', undefined)
    expect(wrapper.findAll('[data-test="redemption-log"] li')).toHaveLength(100)
    expect(wrapper.find('[data-test="redemption-log"] li').text()).toContain('商家')
    await wrapper.find('[data-test="log-more"]').trigger('click')
    await flushPromises()
    expect(api.loadRedemptions).toHaveBeenLastCalledWith('k', 'spring', first[99]!.redeemed_at)
    expect(wrapper.findAll('[data-test="redemption-log"] li')).toHaveLength(102)
    // A short page is the last one.
    expect(wrapper.find('[data-test="log-more"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-test="redemption-log"] li')[101]?.text()).toContain('门店 A店员')
  })
})

describe('ExportBar', { timeout: TIMEOUT_MS }, () => {
  it('saves the file with its name, shows progress, then a refusal clearly', async () => {
    const clicks: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download)
    })
    URL.createObjectURL = vi.fn(() => 'blob:csv')
    URL.revokeObjectURL = vi.fn()
    vi.mocked(api.exportCsv).mockImplementationOnce(async (_auth, _kind, _code, onProgress) => {
      onProgress?.(2048)
      return { blob: new Blob(['\ufeffa,b\r\n']), filename: '春节-中奖名单.csv' }
    })
    const wrapper = mount(ExportBar, { props: { auth: 'k', code: 'spring' }, attachTo: document.body })
    await wrapper.find('[data-test="export-winners"]').trigger('click')
    await flushPromises()
    expect(api.exportCsv).toHaveBeenCalledWith('k', 'winners', 'spring', expect.any(Function))
    expect(clicks).toEqual(['春节-中奖名单.csv'])
    expect(wrapper.find('[data-test="export-status"]').text()).toContain('已导出 春节-中奖名单.csv')

    vi.mocked(api.exportCsv).mockRejectedValueOnce(new StudioApiError('商家密钥无效', 2020))
    await wrapper.find('[data-test="export-participants"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="export-error"]').text()).toBe('商家密钥无效')
    expect(clicks).toHaveLength(1)
  })
})

describe('download (api/http)', () => {
  const config = { headers: new AxiosHeaders() } as InternalAxiosRequestConfig
  afterEach(() => {
    http.defaults.adapter = undefined
  })

  it('takes the file and its RFC 5987 name; a JSON refusal instead of the file is thrown as one', async () => {
    http.defaults.adapter = async () => ({
      data: new Blob(['\ufeff奖品,核销码\r\n']),
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="winners.csv"; filename*=UTF-8''${encodeURIComponent('春节-中奖名单.csv')}` },
      config,
    })
    const file = await download('/export/winners', { code: 'spring' }, {}, 'fallback.csv')
    expect(file.filename).toBe('春节-中奖名单.csv')
    expect(await file.blob.text()).toContain('奖品,核销码')

    // An envelope in place of the file, whatever its HTTP status, is a refusal.
    http.defaults.adapter = async () => ({
      data: new Blob([JSON.stringify({ status: 0, code: 1005, msg: '活动不存在', data: null })]),
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      config,
    })
    await expect(download('/export/winners', { code: 'gone' }, {}, 'x.csv')).rejects.toMatchObject({ code: 1005, message: '活动不存在' })

    const refusal = new Blob([JSON.stringify({ status: 0, code: 2020, msg: '商家密钥无效', data: null })], { type: 'application/json' })
    http.defaults.adapter = async () => {
      throw new AxiosError('403', 'ERR_BAD_REQUEST', config, null, { data: refusal, status: 403, statusText: '', headers: {}, config })
    }
    await expect(download('/export/winners', { code: 'spring' }, {}, 'x.csv')).rejects.toMatchObject({ code: 2020, message: '商家密钥无效' })

    http.defaults.adapter = async () => {
      throw new AxiosError('Network Error', 'ERR_NETWORK', config)
    }
    await expect(download('/export/winners', { code: 'spring' }, {}, 'x.csv')).rejects.toMatchObject({ code: 0 })
  })

  it('reads file names', () => {
    expect(filenameFrom(undefined, 'a.csv')).toBe('a.csv')
    expect(filenameFrom('attachment; filename="w.csv"', 'a.csv')).toBe('w.csv')
    expect(filenameFrom(`attachment; filename*=UTF-8''%E4%B8%AD.csv`, 'a.csv')).toBe('中.csv')
    expect(filenameFrom(`attachment; filename="w.csv"; filename*=UTF-8''%E0%A4%A`, 'a.csv')).toBe('w.csv')
  })
})

describe('KeysPanel: staff keys', { timeout: TIMEOUT_MS }, () => {
  it('creates a staff key limited to the chosen activity, or a marketer key without activities', async () => {
    const { pinia } = signedInStore()
    vi.mocked(api.listActivities).mockResolvedValue([
      { code: 'a1', active_title: '春节', template: 11, status: 1, state: 'running', updated_at: 0, counts: { views: 0, participants: 0, plays: 0, wins: 0, forms: 0, redeemed: 0 } },
      { code: 'a2', active_title: '中秋', template: 10, status: 1, state: 'running', updated_at: 0, counts: { views: 0, participants: 0, plays: 0, wins: 0, forms: 0, redeemed: 0 } },
    ])
    vi.mocked(api.createKey).mockResolvedValue({
      key: 'sk_new_staff_key',
      info: { id: 5, prefix: 'sk_new', label: '门店', source: 'created', created_at: 0, expires_at: null, last_used_at: null, revoked_at: null, current: false, role: 'staff', activities: ['a2'] },
    })
    const show = ref(false)
    mount(defineComponent({ render: () => h(KeysPanel, { show: show.value, 'onUpdate:show': (v: boolean) => (show.value = v) }) }), {
      global: { plugins: [pinia] },
      attachTo: document.body,
    })
    show.value = true
    await flushPromises()
    const q = (test: string) => document.body.querySelector(`[data-test="${test}"]`) as HTMLElement
    const label = q('key-label') as HTMLInputElement
    label.value = '门店'
    label.dispatchEvent(new Event('input'))
    q('key-scope-a2').click()
    await flushPromises()
    q('key-create').closest('form')?.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(api.createKey).toHaveBeenLastCalledWith('test-marketer-key', '门店', 'staff', ['a2'])
    expect(q('key-created').textContent).toContain('sk_new_staff_key')
    expect(q('key-created').textContent).toContain('/staff')

    label.value = '总部'
    label.dispatchEvent(new Event('input'))
    q('key-role-marketer').click()
    await flushPromises()
    expect(q('key-scope')).toBeNull()
    q('key-create').closest('form')?.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(api.createKey).toHaveBeenLastCalledWith('test-marketer-key', '总部', 'marketer', [])
  })
})
