import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ResultDialog from '../../src/components/ResultDialog.vue'
import { DEFAULT_TIPS, type Prize, type Tips } from '../../src/core/activity'
import type { Outcome } from '../../src/core/outcome'
import { makePrize } from '../helpers/activity'
import { bodyQuery, dt } from '../helpers/mount'

enableAutoUnmount(afterEach)

const PRIZES: Prize[] = [
  makePrize(1, { sum: 5, name: '精美保温杯', info: '到店出示核销码领取' }),
  makePrize(2, { type: 'redpacket', name: '8.88元红包', money: 8.88 }),
]
const CUSTOM: Tips = {
  have_award: '这一场已中过啦',
  no_times: '机会用光啦',
  no_award: '差一点点',
  game_over: '下次再来',
  default: '谢谢参与',
}

async function show(outcome: Outcome, tips: Partial<Tips> = {}) {
  const wrapper = mount(ResultDialog, { props: { show: true, outcome, tips, prizes: PRIZES } })
  await flushPromises()
  const root = bodyQuery(dt('result'))
  if (!root) throw new Error('result dialog not rendered')
  return { wrapper, root }
}

const text = (selector: string) => bodyQuery(dt(selector))?.textContent?.trim()

describe('ResultDialog', () => {
  it('shows the won prize with its notes and no tips text', async () => {
    await show({ kind: 'win', prizeId: 1, prizeName: '精美保温杯', prizeType: 'physical', amountCents: 0, secret: '' })
    expect(text('headline')).toBe('恭喜中奖')
    expect(text('prize-name')).toBe('精美保温杯')
    expect(text('prize-info')).toBe('到店出示核销码领取')
    expect(bodyQuery(dt('amount'))).toBeNull()
    expect(bodyQuery(dt('tips'))).toBeNull()
  })

  it('shows a red packet amount in yuan and the redemption code', async () => {
    await show({ kind: 'win', prizeId: 2, prizeName: '8.88元红包', prizeType: 'redpacket', amountCents: 888, secret: '20481234' })
    expect(text('amount')).toBe('¥8.88')
    expect(text('secret')).toBe('20481234')
  })

  const cases: [Outcome, keyof Tips][] = [
    [{ kind: 'no_award' }, 'no_award'],
    [{ kind: 'have_award' }, 'have_award'],
    [{ kind: 'no_times' }, 'no_times'],
    [{ kind: 'game_over' }, 'game_over'],
  ]
  it.each(cases)('shows the custom tip for %o', async (outcome, key) => {
    await show(outcome, CUSTOM)
    expect(text('tips')).toBe(CUSTOM[key])
    expect(bodyQuery(dt('prize-name'))).toBeNull()
  })

  it.each(cases)('falls back to the seed default tip for %o', async (outcome, key) => {
    await show(outcome, { ...CUSTOM, [key]: '   ' })
    expect(text('tips')).toBe(DEFAULT_TIPS[key])
  })

  it('says when the activity has not started, with the marketer\'s default tip', async () => {
    await show({ kind: 'not_started', startsAt: null }, CUSTOM)
    expect(text('headline')).toBe('活动未开始')
    expect(text('tips')).toBe(CUSTOM.default)
  })

  it('falls back to the seed default text when not started and the default tip is empty', async () => {
    await show({ kind: 'not_started', startsAt: null })
    expect(text('tips')).toBe(DEFAULT_TIPS.default)
  })

  it('renders marketer text as text, never HTML', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">中奖了'
    const { root } = await show({ kind: 'no_award' }, { no_award: evil })
    expect(text('tips')).toBe(evil)
    expect(root.querySelector('img')).toBeNull()
    expect((window as { __pwned?: number }).__pwned).toBeUndefined()
  })

  it('escapes a prize name too', async () => {
    const { root } = await show({ kind: 'win', prizeId: 9, prizeName: '<b>大奖</b>', prizeType: 'virtual', amountCents: 0, secret: '' })
    expect(text('prize-name')).toBe('<b>大奖</b>')
    expect(root.querySelector('b')).toBeNull()
  })

  it('renders the win-actions slot on a win only, and closes with its button', async () => {
    const outcome: Outcome = { kind: 'win', prizeId: 1, prizeName: '精美保温杯', prizeType: 'physical', amountCents: 0, secret: '' }
    const wrapper = mount(ResultDialog, {
      props: { show: true, outcome, prizes: PRIZES },
      slots: { 'win-actions': '<button class="result-action" data-test="mine">查看我的奖品</button>' },
    })
    await flushPromises()
    expect(text('mine')).toBe('查看我的奖品')
    bodyQuery<HTMLButtonElement>(dt('ok'))!.click()
    expect(wrapper.emitted('update:show')).toEqual([[false]])

    await wrapper.setProps({ outcome: { kind: 'no_award' } })
    expect(bodyQuery(dt('mine'))).toBeNull()
  })
})

describe('ResultDialog for screen readers', () => {
  const announced = () => bodyQuery(dt('result-announcement'))
  const opened = async (wrapper: Awaited<ReturnType<typeof show>>['wrapper']) => {
    wrapper.findComponent({ name: 'van-popup' }).vm.$emit('opened')
    await flushPromises()
  }

  it('announces a loss with its tips text in a polite live region inside the dialog, once it has opened', async () => {
    const { wrapper, root } = await show({ kind: 'no_times' }, CUSTOM)
    const region = announced()!
    expect(region.getAttribute('aria-live')).toBe('polite')
    expect(region.getAttribute('role')).toBe('status')
    expect(root.contains(region)).toBe(true)
    // Empty at first: text a live region is created with is not announced.
    expect(region.textContent?.trim()).toBe('')
    await opened(wrapper)
    expect(announced()!.textContent?.trim()).toBe(`${text('headline')}，${CUSTOM.no_times}`)
  })

  it('announces a win with the prize, the amount and the redemption code', async () => {
    const { wrapper } = await show({ kind: 'win', prizeId: 2, prizeName: '8.88元红包', prizeType: 'redpacket', amountCents: 888, secret: '20481234' })
    await opened(wrapper)
    expect(announced()!.textContent?.trim()).toBe('恭喜中奖，8.88元红包，¥8.88，核销码 20481234')
  })
})

describe('ResultDialog names', () => {
  it("names Vant's dialog after the headline and its closing overlay 关闭", async () => {
    await show({ kind: 'no_award' })
    expect(bodyQuery('.van-popup')!.getAttribute('aria-label')).toBe(text('headline'))
    const overlay = bodyQuery('.van-overlay')!
    expect(overlay.getAttribute('role')).toBe('button')
    expect(overlay.getAttribute('aria-label')).toBe('关闭')
  })
})
