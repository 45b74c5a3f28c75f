import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import NotEligibleGuide from '../../../src/components/NotEligibleGuide.vue'
import { GUIDE_REASONS, guideReasonOf } from '../../../src/core/campaign'
import { dt } from '../../helpers/mount'

enableAutoUnmount(afterEach)

describe('NotEligibleGuide', () => {
  it.each(GUIDE_REASONS)('says why for %s, with no guide configured', (reason) => {
    const w = mount(NotEligibleGuide, { props: { reason } })
    expect(w.find(dt('guide-why')).text()).not.toBe('')
    expect(w.find(dt('guide-message')).exists()).toBe(false)
    expect(w.find(dt('guide-button')).exists()).toBe(false)
  })

  it('shows the message as text and a button that opens an https link', () => {
    const w = mount(NotEligibleGuide, {
      props: { reason: 'no_times', guide: { message: '<img src=x onerror=alert(1)>关注公众号', button: { text: '去关注', link: 'https://example.com/follow' } } },
    })
    expect(w.find('img').exists()).toBe(false)
    expect(w.find(dt('guide-message')).text()).toBe('<img src=x onerror=alert(1)>关注公众号')
    const a = w.find(`a${dt('guide-button')}`)
    expect(a.attributes('href')).toBe('https://example.com/follow')
    expect(a.attributes('rel')).toContain('noopener')
  })

  it("a button without a link (or with one that is not https) closes the guide instead", async () => {
    for (const link of ['', 'javascript:alert(1)', 'http://example.com']) {
      const w = mount(NotEligibleGuide, { props: { reason: 'have_award', guide: { message: '明天再来', button: { text: '知道了', link } } } })
      expect(w.find('a').exists()).toBe(false)
      await w.find(`button${dt('guide-button')}`).trigger('click')
      expect(w.find(dt('guide')).exists()).toBe(false)
      w.unmount()
    }
  })

  it('comes back when the reason changes', async () => {
    const w = mount(NotEligibleGuide, { props: { reason: 'have_award', guide: { message: 'x', button: { text: '关闭', link: '' } } } })
    await w.find(dt('guide-button')).trigger('click')
    await w.setProps({ reason: 'no_times' })
    expect(w.find(dt('guide')).exists()).toBe(true)
  })

  it('maps the codes the page receives to reasons', () => {
    expect([2040, 2010, 2011, 2012, 1001, 1004, 1003, 1002, 202].map(guideReasonOf)).toEqual([
      'signin', 'not_in_group', 'not_in_group', 'not_in_group', 'no_times', 'not_started', 'ended', 'have_award', null,
    ])
  })
})
