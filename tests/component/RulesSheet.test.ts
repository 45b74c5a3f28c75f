import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import RulesSheet from '../../src/components/RulesSheet.vue'
import { bodyQuery, dt } from '../helpers/mount'

enableAutoUnmount(afterEach)

describe('RulesSheet', () => {
  it('keeps the rule text newlines, as text', async () => {
    const rule = '1. 每人 3 次机会；\n2. 每场最多中奖 1 次；\n3. <b>最终解释权</b>归主办方'
    mount(RulesSheet, { props: { show: true, rule } })
    await flushPromises()
    const el = bodyQuery(dt('rule-text'))!
    expect(el.textContent).toBe(rule)
    expect(el.querySelector('b')).toBeNull()
    expect(el.querySelector('br')).toBeNull()
    // The newlines are shown by CSS (pre-wrap), so they must survive in the text node.
    expect(el.textContent!.split('\n')).toHaveLength(3)
  })

  it('shows the windows and the merchant info, with a safe tel: link', async () => {
    mount(RulesSheet, {
      props: {
        show: true,
        rule: '规则',
        windows: [{ start: '2025-01-01 00:00', end: '2025-01-01 23:59' }],
        actinfo: { name: '鲜果时光', tel: 'javascript:alert(1)//0571-8888 6666', address: '万象城 B1', desc: '' },
      },
    })
    await flushPromises()
    const rules = bodyQuery(dt('rules'))!
    expect(rules.textContent).toContain('第 1 场')
    expect(rules.textContent).toContain('2025-01-01 00:00 至 2025-01-01 23:59')
    const merchant = bodyQuery(dt('merchant'))!
    expect(merchant.textContent).toContain('鲜果时光')
    expect(merchant.textContent).toContain('万象城 B1')
    expect(merchant.textContent).not.toContain('说明')
    expect(merchant.querySelector('a')!.getAttribute('href')).toBe('tel:10571-88886666')
  })

  it('says so when there is no rule and hides empty merchant info', async () => {
    mount(RulesSheet, { props: { show: true, rule: '  ' } })
    await flushPromises()
    expect(bodyQuery(dt('rule-text'))!.textContent).toBe('暂无规则说明')
    expect(bodyQuery(dt('merchant'))).toBeNull()
  })

  it('closes with its own close button', async () => {
    const wrapper = mount(RulesSheet, { props: { show: true, rule: '规则' } })
    await flushPromises()
    bodyQuery<HTMLButtonElement>(dt('rules-close'))!.click()
    expect(wrapper.emitted('update:show')).toEqual([[false]])
  })
})
