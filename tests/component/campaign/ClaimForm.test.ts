import { afterEach, describe, expect, it } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ClaimForm from '../../../src/components/claim/ClaimForm.vue'
import type { ClaimField, ClaimValues } from '../../../src/core/campaign'
import { dt } from '../../helpers/mount'

enableAutoUnmount(afterEach)

const FIELDS: ClaimField[] = [
  { key: 'name', kind: 'name', label: '收货人', required: true },
  { key: 'tel', kind: 'tel', label: '手机号', required: true },
  { key: 'addr', kind: 'address', label: '收货地址', required: true },
  { key: 'note', kind: 'text', label: '备注', required: false, max: 30 },
  { key: 'size', kind: 'choice', label: '尺码', required: true, options: ['S', 'M', 'L'] },
]

function mountForm(props: Partial<InstanceType<typeof ClaimForm>['$props']> = {}) {
  return mount(ClaimForm, { props: { fields: FIELDS, ...props } })
}
const input = (w: ReturnType<typeof mountForm>, key: string, tag = 'input') => w.find(`${dt(`claim-${key}`)} ${tag}`)
const errorOf = (w: ReturnType<typeof mountForm>, key: string) => w.find(`${dt(`claim-${key}`)} .van-field__error-message`).text()

async function fillValid(w: ReturnType<typeof mountForm>) {
  await input(w, 'name').setValue(' 张三 ')
  await input(w, 'tel').setValue('13800138000')
  await input(w, 'addr-street', 'textarea').setValue('幸福路 1 号')
  await w.find(`${dt('claim-size')} input[value="M"]`).setValue(true)
}

describe('ClaimForm', () => {
  it('renders each kind: text inputs, the area picker field, the street, the choice as radios', () => {
    const w = mountForm()
    expect(input(w, 'name').attributes('autocomplete')).toBe('name')
    expect(input(w, 'tel').attributes('type')).toBe('tel')
    expect(w.find(dt('claim-addr-area')).exists()).toBe(true)
    expect(input(w, 'addr-street', 'textarea').exists()).toBe(true)
    // A text's longest answer is the marketer's.
    const note = w.findAllComponents({ name: 'VanField' }).find((c) => c.attributes('data-test') === 'claim-note')
    expect(note?.props('maxlength')).toBe(30)
    expect(w.findAll(`${dt('claim-size')} input[type="radio"]`).map((r) => r.attributes('value'))).toEqual(['S', 'M', 'L'])
    // Marketer text as text: a label is never parsed as HTML.
    const html = mount(ClaimForm, { props: { fields: [{ key: 'x', kind: 'text', label: '<b>粗</b>', required: false }] } })
    expect(html.find('b').exists()).toBe(false)
    expect(html.text()).toContain('<b>粗</b>')
  })

  it('checks with the shared reader before sending: required, tel, choice, the address parts', async () => {
    const w = mountForm()
    await input(w, 'tel').setValue('12345')
    await w.find('form').trigger('submit')
    expect(w.emitted('submit')).toBeUndefined()
    expect(errorOf(w, 'name')).toBe('请填写收货人')
    expect(errorOf(w, 'tel')).toBe('请填写正确的手机号')
    expect(errorOf(w, 'addr-area')).toBe('请填写收货地址')
    expect(w.find(`${dt('claim-size')} [role="alert"]`).text()).toBe('请填写尺码')
    // A street alone is not an address: the picker's parts are asked for.
    await input(w, 'addr-street', 'textarea').setValue('幸福路 1 号')
    await w.find('form').trigger('submit')
    expect(errorOf(w, 'addr-area')).toBe('请选择省份')
  })

  it('sends the trimmed answers once every part is there, leaving an empty optional answer out', async () => {
    const w = mountForm({ initial: { addr: { province: '广东省', city: '深圳市', district: '南山区', street: '' } } })
    await fillValid(w)
    await w.find('form').trigger('submit')
    const sent = w.emitted('submit')?.[0]?.[0] as ClaimValues
    expect(sent).toEqual({
      name: '张三',
      tel: '13800138000',
      addr: { province: '广东省', city: '深圳市', district: '南山区', street: '幸福路 1 号' },
      size: 'M',
    })
  })

  it('starts from what was sent before (correcting)', () => {
    const w = mountForm({ initial: { name: '李四', tel: '13900139000', size: 'L', addr: { province: '北京市', city: '北京市', district: '东城区', street: '长安街 1 号' } } })
    expect((input(w, 'name').element as HTMLInputElement).value).toBe('李四')
    expect(w.find(`${dt('claim-addr-area')} button`).text()).toBe('北京市 / 北京市 / 东城区')
    expect((input(w, 'addr-street', 'textarea').element as HTMLTextAreaElement).value).toBe('长安街 1 号')
    expect((w.find(`${dt('claim-size')} input[value="L"]`).element as HTMLInputElement).checked).toBe(true)
  })

  it("shows the server's field errors under their fields (values.* paths)", async () => {
    const w = mountForm({ errors: [{ path: 'values.tel', message: '该手机号不可用' }, { path: 'values.addr.street', message: '详细地址最多 100 个字' }] })
    await flushPromises()
    expect(errorOf(w, 'tel')).toBe('该手机号不可用')
    expect(errorOf(w, 'addr-street')).toBe('详细地址最多 100 个字')
  })
})
