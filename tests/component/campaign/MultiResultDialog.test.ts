import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import MultiResultDialog from '../../../src/components/MultiResultDialog.vue'
import type { BatchResult } from '../../../src/core/multiDraw'
import { batchFromMulti } from '../../../src/core/multiDraw'
import { bodyQuery, dt } from '../../helpers/mount'

enableAutoUnmount(afterEach)

const all = (selector: string) => [...document.body.querySelectorAll(dt(selector))].map((e) => e.textContent?.trim())

async function show(batch: BatchResult, count = 3, tips = {}) {
  const wrapper = mount(MultiResultDialog, { props: { show: true, batch, count, tips }, slots: { 'win-actions': '<button class="result-action" data-test="claim-open">填写领奖信息</button>' } })
  await flushPromises()
  return wrapper
}

describe('MultiResultDialog', () => {
  it('lists each draw in order: a prize with its code and amount, 谢谢参与 for a miss', async () => {
    const batch = batchFromMulti({
      results: [
        { code: 202, win: null },
        { code: 200, win: { prize_id: 2, prize_name: '8.88元红包', prize_type: 'redpacket', money: '8.88', secret: '20481234', amount_cents: 888 } },
        { code: 202, win: null },
      ],
      stopped: null,
      plays_left: 2,
    })
    await show(batch)
    expect(all('multi-row')).toHaveLength(3)
    expect(all('multi-prize')).toEqual(['8.88元红包'])
    expect(all('multi-secret')).toEqual(['20481234'])
    expect(all('multi-miss')).toEqual(['谢谢参与', '谢谢参与'])
    expect(bodyQuery(dt('multi-summary'))?.textContent).toContain('中奖 1 个')
    expect(bodyQuery(dt('multi-stopped'))).toBeNull()
    // A win gets its own actions (填写领奖信息).
    expect(all('claim-open')).toHaveLength(1)
    expect(bodyQuery(dt('headline'))?.textContent).toBe('恭喜中奖')
  })

  it("says why a batch ended early, with the marketer's tips text for that refusal", async () => {
    const batch = batchFromMulti({ results: [{ code: 202, win: null }], stopped: { code: 1001, msg: '可次数已用完了！' }, plays_left: 0 })
    await show(batch, 3, { no_times: '机会用完啦，明天再来' })
    expect(bodyQuery(dt('multi-stopped'))?.textContent?.trim()).toBe('其余 2 次未抽：机会用完啦，明天再来')
    expect(bodyQuery(dt('headline'))?.textContent).toBe('连抽结果')
  })

  it('is a modal dialog whose result is announced once it has opened', async () => {
    const batch = batchFromMulti({ results: [{ code: 202, win: null }, { code: 202, win: null }], stopped: null, plays_left: null })
    const w = await show(batch, 2)
    const popup = bodyQuery('.multi-popup')
    expect(popup?.getAttribute('aria-modal')).toBe('true')
    expect(popup?.getAttribute('aria-label')).toBe('连抽结果')
    w.findComponent({ name: 'VanPopup' }).vm.$emit('opened')
    await flushPromises()
    const live = bodyQuery(dt('result-announcement'))
    expect(live?.getAttribute('aria-live')).toBe('polite')
    expect(live?.textContent).toContain('第1抽 谢谢参与，第2抽 谢谢参与')
  })

  it('closes from its button', async () => {
    const w = await show({ outcomes: [{ kind: 'no_award' }], stopped: null }, 3)
    ;(bodyQuery(dt('ok')) as HTMLButtonElement).click()
    expect(w.emitted('update:show')?.[0]).toEqual([false])
  })
})
