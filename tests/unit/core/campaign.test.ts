import { describe, expect, it } from 'vitest'
import * as v from 'valibot'
import { upgradeConfig, type StoredConfig } from '../../../src/core/activity'
import { defaultActivity } from '../../../src/core/blankActivity'
import { GUIDE_REASONS, guideReasonOf, type ClaimField } from '../../../src/core/campaign'
import { claimValuesProblems, readClaimValues } from '../../../src/core/claimValues'
import { ActivityConfigSchema, Code } from '../../../src/core/contract'
import { checkGuideLink, validateActivity } from '../../../src/core/validation'
import { makeConfig, makePrize } from '../../helpers/activity'

type Raw = Record<string, unknown>

/** A valid configuration body plus `fields`, as Activity/add receives it. */
function body(fields: Raw = {}): Raw {
  return { ...makeConfig(), ...fields }
}

function errorsOf(input: Raw): { path: string; message: string }[] {
  const result = validateActivity(input)
  return result.ok ? [] : result.errors
}

function pathsOf(input: Raw): string[] {
  return errorsOf(input).map((e) => e.path)
}

const NAME: ClaimField = { key: 'name', kind: 'name', label: '姓名', required: true }
const TEL: ClaimField = { key: 'tel', kind: 'tel', label: '手机号', required: true }
const ADDR: ClaimField = { key: 'addr', kind: 'address', label: '收货地址', required: true }
const SIZE: ClaimField = { key: 'size', kind: 'choice', label: '尺码', required: false, options: ['S', 'M', 'L'] }
const NOTE: ClaimField = { key: 'note', kind: 'text', label: '备注', required: false, max: 10 }
const ADDRESS = { province: '浙江省', city: '杭州市', district: '上城区', street: '富春路 701 号' }

describe('configuration: old configurations read as off', () => {
  it('a body without the new fields validates with them off', () => {
    const result = validateActivity(body())
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.multi_draw).toEqual([])
    expect(result.value.claim_fields).toEqual([])
    expect(result.value.guides).toEqual({})
    expect(result.value.prize[0]?.claim_fields).toEqual([])
  })

  it('a stored configuration of an older version is upgraded on read', () => {
    const { multi_draw: _m, claim_fields: _c, guides: _g, ...old } = makeConfig()
    const stored = { ...old, prize: [{ ...makePrize(1), claim_fields: undefined }] } as StoredConfig
    const upgraded = upgradeConfig(stored)
    expect(upgraded).toMatchObject({ multi_draw: [], claim_fields: [], guides: {} })
    expect(upgraded.prize[0]?.claim_fields).toEqual([])
  })

  it('the contract schema reads an older answer as off and keeps a new one', () => {
    const { multi_draw: _m, claim_fields: _c, guides: _g, ...old } = defaultActivity(11)
    const parsed = v.parse(ActivityConfigSchema, old)
    expect(parsed).toMatchObject({ multi_draw: [], claim_fields: [], guides: {} })
    const full = { ...defaultActivity(11), multi_draw: [3], claim_fields: [SIZE], guides: { no_times: { message: '明天再来' } } }
    expect(v.parse(ActivityConfigSchema, full)).toEqual(full)
  })
})

describe('configuration: multi_draw', () => {
  it('accepts up to two distinct whole numbers 2–10, ascending', () => {
    const result = validateActivity(body({ multi_draw: [10, '3'] }))
    expect(result.ok && result.value.multi_draw).toEqual([3, 10])
  })
  it.each([
    [[1], 'multi_draw.0'],
    [[11], 'multi_draw.0'],
    [[2.5], 'multi_draw.0'],
    [['x'], 'multi_draw.0'],
    [[3, 3], 'multi_draw.1'],
    [[2, 3, 4], 'multi_draw'],
    ['3', 'multi_draw'],
  ])('refuses %j', (value, path) => {
    expect(pathsOf(body({ multi_draw: value }))).toEqual([path])
  })
})

describe('configuration: claim fields', () => {
  it('accepts each kind and normalizes (trimmed labels, text max default, options kept on choice only)', () => {
    const fields = [
      { key: 'name', kind: 'name', label: ' 姓名 ', required: 1 },
      { key: 'tel', kind: 'tel', label: '手机号', required: true, options: ['ignored', 'too'] },
      { key: 'addr', kind: 'address', label: '地址', required: false },
      { key: 'note', kind: 'text', label: '备注' },
      { key: 'size', kind: 'choice', label: '尺码', required: '0', options: ['S', ' M '] },
    ]
    const result = validateActivity(body({ claim_fields: fields, prize: [{ ...makePrize(1), claim_fields: fields.slice(0, 2) }] }))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.claim_fields).toEqual([
      { key: 'name', kind: 'name', label: '姓名', required: true },
      { key: 'tel', kind: 'tel', label: '手机号', required: true },
      { key: 'addr', kind: 'address', label: '地址', required: false },
      { key: 'note', kind: 'text', label: '备注', required: false, max: 100 },
      { key: 'size', kind: 'choice', label: '尺码', required: false, options: ['S', 'M'] },
    ])
    expect(result.value.prize[0]?.claim_fields.map((f) => f.key)).toEqual(['name', 'tel'])
  })

  const ok = { key: 'a', kind: 'text', label: '备注', required: false }
  it.each([
    ['a key not well-formed', [{ ...ok, key: 'A' }], 'claim_fields.0.key'],
    ['a key too long', [{ ...ok, key: 'a'.repeat(21) }], 'claim_fields.0.key'],
    ['a duplicated key', [ok, { ...ok }], 'claim_fields.1.key'],
    ['an unknown kind', [{ ...ok, kind: 'idcard' }], 'claim_fields.0.kind'],
    ['an empty label', [{ ...ok, label: ' ' }], 'claim_fields.0.label'],
    ['a label over 20', [{ ...ok, label: '字'.repeat(21) }], 'claim_fields.0.label'],
    ['a label with a control character', [{ ...ok, label: '备\u202e注' }], 'claim_fields.0.label'],
    ['required not a yes/no', [{ ...ok, required: 'maybe' }], 'claim_fields.0.required'],
    ['text max 0', [{ ...ok, max: 0 }], 'claim_fields.0.max'],
    ['text max over 200', [{ ...ok, max: 201 }], 'claim_fields.0.max'],
    ['one choice option', [{ ...ok, kind: 'choice', options: ['A'] }], 'claim_fields.0.options'],
    ['eleven choice options', [{ ...ok, kind: 'choice', options: 'ABCDEFGHIJK'.split('') }], 'claim_fields.0.options'],
    ['choice without options', [{ ...ok, kind: 'choice' }], 'claim_fields.0.options'],
    ['duplicated options', [{ ...ok, kind: 'choice', options: ['A', ' A'] }], 'claim_fields.0.options.1'],
    ['an empty option', [{ ...ok, kind: 'choice', options: ['A', ''] }], 'claim_fields.0.options.1'],
    ['an option over 20', [{ ...ok, kind: 'choice', options: ['A', '字'.repeat(21)] }], 'claim_fields.0.options.1'],
    [
      'two addresses',
      [
        { ...ok, key: 'a1', kind: 'address' },
        { ...ok, key: 'a2', kind: 'address' },
      ],
      'claim_fields.1.kind',
    ],
    ['eleven fields', Array.from({ length: 11 }, (_, i) => ({ ...ok, key: `f${i}` })), 'claim_fields'],
    ['not a list', { a: ok }, 'claim_fields'],
    ['a field not an object', ['name'], 'claim_fields.0'],
  ])('refuses %s', (_name, fields, path) => {
    expect(pathsOf(body({ claim_fields: fields }))).toEqual([path])
  })

  it("checks a prize's form under the prize's path", () => {
    expect(pathsOf(body({ prize: [{ ...makePrize(1), claim_fields: [{ ...ok, key: '1a' }] }] }))).toEqual(['prize.0.claim_fields.0.key'])
  })
})

describe('configuration: guides', () => {
  it('accepts a message, with or without a button (https link or a plain close)', () => {
    const guides = {
      no_times: { message: ' 明天再来 ', button: { text: '去下单', link: 'https://shop.example.com/a?b=1' } },
      signin: { message: '请先登录' },
      ended: { message: '下次见', button: { text: '知道了', link: '' } },
      have_award: null,
    }
    const result = validateActivity(body({ guides }))
    expect(result.ok && result.value.guides).toEqual({
      no_times: { message: '明天再来', button: { text: '去下单', link: 'https://shop.example.com/a?b=1' } },
      signin: { message: '请先登录' },
      ended: { message: '下次见', button: { text: '知道了', link: '' } },
    })
  })

  it.each([
    ['an unknown reason', { sold_out: { message: 'x' } }, 'guides.sold_out'],
    ['no message', { no_times: { message: '' } }, 'guides.no_times.message'],
    ['a message over 100', { no_times: { message: '字'.repeat(101) } }, 'guides.no_times.message'],
    ['button text over 12', { no_times: { message: 'm', button: { text: '字'.repeat(13), link: '' } } }, 'guides.no_times.button.text'],
    ['no button text', { no_times: { message: 'm', button: { link: 'https://a.cn' } } }, 'guides.no_times.button.text'],
    ['an http link', { no_times: { message: 'm', button: { text: 'b', link: 'http://a.cn' } } }, 'guides.no_times.button.link'],
    ['a javascript: link', { no_times: { message: 'm', button: { text: 'b', link: 'javascript:alert(1)' } } }, 'guides.no_times.button.link'],
    ['a link over 500', { no_times: { message: 'm', button: { text: 'b', link: `https://a.cn/${'a'.repeat(490)}` } } }, 'guides.no_times.button.link'],
    ['a guide not an object', { no_times: 'm' }, 'guides.no_times'],
    ['guides not an object', ['m'], 'guides'],
  ])('refuses %s', (_name, guides, path) => {
    expect(pathsOf(body({ guides }))).toEqual([path])
  })

  it('checkGuideLink', () => {
    expect(checkGuideLink('')).toBeNull()
    expect(checkGuideLink('https://mp.weixin.qq.com/s/abc')).toBeNull()
    expect(checkGuideLink('https://a.cn/ b')).not.toBeNull()
    expect(checkGuideLink('https://')).not.toBeNull()
  })
})

describe('guideReasonOf', () => {
  it('maps each "cannot play" code to its reason, and each reason has a code', () => {
    expect(guideReasonOf(Code.WECHAT_SIGNIN)).toBe('signin')
    expect(guideReasonOf(Code.TICKET_REQUIRED)).toBe('not_in_group')
    expect(guideReasonOf(Code.TICKET_INVALID)).toBe('not_in_group')
    expect(guideReasonOf(Code.TICKET_EXPIRED)).toBe('not_in_group')
    expect(guideReasonOf(Code.NO_TIMES)).toBe('no_times')
    expect(guideReasonOf(Code.NOT_STARTED)).toBe('not_started')
    expect(guideReasonOf(Code.GAME_OVER)).toBe('ended')
    expect(guideReasonOf(Code.HAVE_AWARD)).toBe('have_award')
    const reached = new Set(Object.values(Code).map(guideReasonOf).filter((r) => r !== null))
    expect([...reached].sort()).toEqual([...GUIDE_REASONS].sort())
  })
  it('other codes are not a reason', () => {
    for (const code of [Code.OK, Code.NO_AWARD, Code.NEED_INFO, Code.ACTIVITY_NOT_FOUND, Code.TOKEN_EXPIRED, Code.RATE_LIMITED, 0]) {
      expect(guideReasonOf(code)).toBeNull()
    }
  })
})

describe('claimValuesProblems', () => {
  const form = [NAME, TEL, ADDR, SIZE, NOTE]
  const good = { name: ' 张三 ', tel: '13800138000', addr: ADDRESS, size: 'M', note: '下午送' }

  it('a complete form has no problems and is read trimmed', () => {
    expect(claimValuesProblems(form, good)).toEqual([])
    const read = readClaimValues(form, good)
    expect(read.ok && read.value.name).toBe('张三')
  })

  it('optional fields may be left out or empty; they are then not stored', () => {
    const read = readClaimValues(form, { name: '张三', tel: '13800138000', addr: ADDRESS, size: '', note: '  ' })
    expect(read.ok && read.value).toEqual({ name: '张三', tel: '13800138000', addr: ADDRESS })
    const optionalAddress = { ...ADDR, required: false }
    expect(readClaimValues([optionalAddress], { addr: { province: '', city: '', district: '', street: '' } })).toEqual({ ok: true, value: {} })
  })

  it.each([
    ['a required name missing', { ...good, name: '' }, ['name']],
    ['a name over 20', { ...good, name: '字'.repeat(21) }, ['name']],
    ['a name with a direction override', { ...good, name: '张\u202e三' }, ['name']],
    ['a tel not a mobile number', { ...good, tel: '12345' }, ['tel']],
    ['a tel as a number', { ...good, tel: 13800138000 }, ['tel']],
    ['a choice not offered', { ...good, size: 'XL' }, ['size']],
    ['a text over its max', { ...good, note: '字'.repeat(11) }, ['note']],
    ['an address not an object', { ...good, addr: '杭州' }, ['addr']],
    ['an address part missing', { ...good, addr: { ...ADDRESS, city: '' } }, ['addr.city']],
    ['an address part too long', { ...good, addr: { ...ADDRESS, district: '区'.repeat(21) } }, ['addr.district']],
    ['a street over 100', { ...good, addr: { ...ADDRESS, street: '路'.repeat(101) } }, ['addr.street']],
    ['a street not text', { ...good, addr: { ...ADDRESS, street: 7 } }, ['addr.street']],
    ['a required address missing', { ...good, addr: undefined }, ['addr']],
    ['an unknown key', { ...good, idcard: '110' }, ['idcard']],
  ])('refuses %s', (_name, values, paths) => {
    expect(claimValuesProblems(form, values).map((e) => e.path)).toEqual(paths)
  })

  it('values that are not an object, and the prefix', () => {
    expect(claimValuesProblems(form, null, 'values')).toEqual([{ path: 'values', message: '请填写表单' }])
    expect(claimValuesProblems(form, [], '')[0]?.path).toBe('')
    expect(claimValuesProblems(form, { ...good, tel: '1' }, 'values').map((e) => e.path)).toEqual(['values.tel'])
  })

  it('an empty form accepts only {}', () => {
    expect(claimValuesProblems([], {})).toEqual([])
    expect(claimValuesProblems([], { a: 'x' }).map((e) => e.path)).toEqual(['a'])
  })

  it('inherited keys are not answers', () => {
    expect(claimValuesProblems([NAME], JSON.parse('{"__proto__": {"name": "x"}}')).map((e) => e.path)).toEqual(['__proto__', 'name'])
  })
})
