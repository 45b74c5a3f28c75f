import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import PrizeList from '../../src/components/PrizeList.vue'
import { makePrize as prize } from '../helpers/activity'

enableAutoUnmount(afterEach)

describe('PrizeList', () => {
  it('lists each prize with its name, stock and amount for red packets', () => {
    const wrapper = mount(PrizeList, {
      props: {
        prizes: [
          prize(1, { name: '精美保温杯', sum: 50, info: '到店领取' }),
          prize(2, { type: 'redpacket', name: '8.88元红包', sum: 100, money: 8.88 }),
          prize(3, { type: 'redpacket', name: '随机红包', sum: 0, money: 200, min: 0.5, max: 20 }),
        ],
      },
    })
    const rows = wrapper.findAll('[data-test="prize"]')
    expect(rows).toHaveLength(3)
    expect(rows[0]!.text()).toContain('精美保温杯')
    expect(rows[0]!.text()).toContain('共 50 份')
    expect(rows[0]!.text()).toContain('到店领取')
    expect(rows[0]!.find('[data-test="amount"]').exists()).toBe(false)
    expect(rows[1]!.find('[data-test="amount"]').text()).toBe('¥8.88')
    expect(rows[2]!.find('[data-test="amount"]').text()).toBe('¥0.50~¥20.00')
    expect(rows[2]!.text()).toContain('随机金额')
  })

  it('shows the marketer image, and the built-in icon when it fails', async () => {
    const wrapper = mount(PrizeList, { props: { prizes: [prize(1, { name: 'A', img: 'https://example.com/a.png' })] } })
    const img = wrapper.find('img')
    expect(img.attributes('src')).toBe('https://example.com/a.png')
    await img.trigger('error')
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.find('svg').exists()).toBe(true)
  })

  it('shows names as text', () => {
    const wrapper = mount(PrizeList, { props: { prizes: [prize(1, { name: '<img src=x onerror=alert(1)>' })] } })
    expect(wrapper.find('.prize-list__name').text()).toBe('<img src=x onerror=alert(1)>')
    expect(wrapper.find('.prize-list__name img').exists()).toBe(false)
  })

  it('says when there are no prizes', () => {
    const wrapper = mount(PrizeList, { props: { prizes: [] } })
    expect(wrapper.text()).toContain('暂无奖品')
  })
})
