import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import UserFormPopup from '../../src/components/UserFormPopup.vue'
import { bodyQuery, dt, fillUserForm as fill, submitUserForm as submit } from '../helpers/mount'

enableAutoUnmount(afterEach)

async function open() {
  const wrapper = mount(UserFormPopup, { props: { show: true } })
  await flushPromises()
  return wrapper
}

describe('UserFormPopup', () => {
  it('refuses a bad phone number and says why', async () => {
    const wrapper = await open()
    await fill({ name: '张三', tel: '12345678901' })
    await submit()
    expect(wrapper.emitted('submit')).toBeUndefined()
    expect(bodyQuery(dt('user-form'))!.textContent).toContain('请填写正确的 11 位手机号')
  })

  it('refuses a missing name', async () => {
    const wrapper = await open()
    await fill({ tel: '13812345678' })
    await submit()
    expect(wrapper.emitted('submit')).toBeUndefined()
    expect(bodyQuery(dt('user-form'))!.textContent).toContain('请填写姓名')
  })

  it('emits the trimmed values for a good form', async () => {
    const wrapper = await open()
    await fill({ name: ' 张三 ', tel: '13812345678', address: '杭州市 ', other_info: '' })
    await submit()
    expect(wrapper.emitted('submit')).toEqual([[{ name: '张三', tel: '13812345678', address: '杭州市', other_info: '' }]])
  })

  it('emits cancel when closed without submitting', async () => {
    const wrapper = await open()
    bodyQuery<HTMLElement>(dt('user-form-close'))!.click()
    await flushPromises()
    expect(wrapper.emitted('update:show')).toEqual([[false]])
    expect(wrapper.emitted('cancel')).toHaveLength(1)
  })
})
