import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, ref } from 'vue'
import type { ClaimField } from '../../../src/core/campaign'
import { validateActivity } from '../../../src/core/validation'
import { demoForTemplate } from '../../../src/core/demo'
import ClaimFieldsEditor from '../../../src/studio/ClaimFieldsEditor.vue'
import { TIMEOUT_MS } from './setup'

/** The studio's claim form builder: what it makes passes the core validation. */

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

function mountEditor(initial: ClaimField[] = [], suggestPhysical = false) {
  const fields = ref<ClaimField[]>(initial)
  const Host = defineComponent(() => () =>
    h(ClaimFieldsEditor, { modelValue: fields.value, 'onUpdate:modelValue': (v: ClaimField[]) => (fields.value = v), path: 'claim_fields', errors: {}, suggestPhysical }),
  )
  wrapper = mount(Host)
  return fields
}
const click = (selector: string) => wrapper!.get(`[data-test="${selector}"]`).trigger('click')

describe('ClaimFieldsEditor', { timeout: TIMEOUT_MS }, () => {
  it('a physical prize gets name + tel + address in one tap, with unique keys the validation accepts', async () => {
    const fields = mountEditor([], true)
    await click('claim-add-shipping')
    expect(fields.value.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['name', 'name', true],
      ['tel', 'tel', true],
      ['address', 'address', true],
    ])
    // A second address is not offered.
    expect(wrapper!.get('[data-test="claim-add-address"]').attributes('disabled')).toBeDefined()
    await click('claim-add-text')
    await click('claim-add-choice')
    await click('claim-add-text')
    expect(fields.value.map((f) => f.key)).toEqual(['name', 'tel', 'address', 'f1', 'f2', 'f3'])
    const config = { ...demoForTemplate(11), claim_fields: fields.value }
    const checked = validateActivity(config)
    expect(checked.ok ? [] : checked.errors).toEqual([])
  })

  it('edits a field (kind, label, required, options), reorders and removes', async () => {
    const fields = mountEditor([
      { key: 'name', kind: 'name', label: '姓名', required: true },
      { key: 'f1', kind: 'text', label: '备注', required: false, max: 100 },
    ])
    await wrapper!.get('[data-test="claim-kind-1"]').setValue('choice')
    expect(fields.value[1]).toMatchObject({ kind: 'choice', options: ['选项一', '选项二'] })
    expect(fields.value[1]?.max).toBeUndefined()
    await wrapper!.get('[data-test="claim-options-1"]').setValue('S，M, L')
    expect(fields.value[1]?.options).toEqual(['S', 'M', 'L'])
    await wrapper!.get('[data-test="claim-label-1"]').setValue('尺码')
    expect(fields.value[1]?.label).toBe('尺码')
    await wrapper!.findAll('[data-test="claim-field-1"] button').find((b) => b.text() === '上移')!.trigger('click')
    expect(fields.value.map((f) => f.key)).toEqual(['f1', 'name'])
    await click('claim-remove-0')
    expect(fields.value.map((f) => f.key)).toEqual(['name'])
  })

  it('shows the validation’s errors at their fields', () => {
    const fields = ref<ClaimField[]>([{ key: 'f1', kind: 'choice', label: '尺码', required: true, options: ['S'] }])
    wrapper = mount(ClaimFieldsEditor, { props: { modelValue: fields.value, path: 'prize.0.claim_fields', errors: { 'prize.0.claim_fields.0.options': '选项应有 2–10 个' } } })
    expect(wrapper.text()).toContain('选项应有 2–10 个')
  })
})
