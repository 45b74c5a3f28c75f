import { describe, expect, it } from 'vitest'
import {
  LIMITS,
  checkChance,
  checkChanceSum,
  checkCount,
  checkLength,
  checkMoney,
  checkPrizeName,
  checkRedPacket,
  checkTitle,
  checkWindows,
  validateActivity,
  validatePrize,
} from '../../../src/core/validation'
import { defaultActivity } from '../../../src/core/blankActivity'

type Raw = Record<string, unknown>

/** A valid Activity/add body as a PHP-ish client might send it. */
function body(): Raw {
  return {
    active_title: '幸运大转盘',
    active_type: 1,
    template: 11,
    virtual: 100,
    active_time: [
      { start: '2025-06-01 00:00', end: '2025-06-01 23:59' },
      { start: '2025-06-02 00:00', end: '2025-06-02 23:59' },
    ],
    prize: [
      { type: 'physical', sum: 5, name: '保温杯', chance: 10.5, img: '', info: '到店领取' },
      { type: 'redpacket', sum: 10, name: '定额红包', money: 8.88, chance: 20 },
      { type: 'redpacket', sum: 0, name: '随机红包', money: 200, min: 0.5, max: 20, chance: 30 },
    ],
    tips: { have_award: '', no_times: '', no_award: '再来一次', game_over: '', default: '' },
    rule: '规则一\n规则二',
    max_play: 5,
    max_eplay: 3,
    max_share: 1,
    status: 1,
    isshare: 1,
    share_title: '分享',
    share_desc: '描述',
    share_link: 'https://example.com/s',
    actinfo: { name: '商家', tel: '0571-1234567', address: '杭州', desc: '说明' },
  }
}

/** Set a dotted path on a fresh body ('prize.1.money'); undefined deletes it. */
function withField(path: string, value: unknown): Raw {
  const root = body()
  const keys = path.split('.')
  const last = keys.pop() as string
  let node = root as Record<string, unknown>
  for (const key of keys) node = node[key] as Record<string, unknown>
  if (value === undefined) delete node[last]
  else node[last] = value
  return root
}

function errorsOf(input: unknown) {
  const result = validateActivity(input)
  return result.ok ? [] : result.errors
}

describe('validateActivity: the valid body', () => {
  it('passes and is normalized', () => {
    const result = validateActivity(body())
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.prize.map((p) => p.id)).toEqual([1, 2, 3])
    expect(result.value.prize[0]).toEqual({
      id: 1,
      type: 'physical',
      sum: 5,
      name: '保温杯',
      money: 0,
      max: 0,
      min: 0,
      img: '',
      info: '到店领取',
      chance: 10.5,
      claim_fields: [],
    })
    expect(result.value.actinfo).toEqual({ name: '商家', tel: '0571-1234567', address: '杭州', desc: '说明' })
  })

  it('keeps the marketer\'s line breaks and tabs in texts, and emoji with joiners', () => {
    const result = validateActivity({ ...body(), rule: '第一条\r\n第二条\t说明', active_title: '家庭👨‍👩‍👧抽奖' })
    expect(result.ok).toBe(true)
  })

  it('takes background music as a trimmed http(s) URL, none when absent or empty', () => {
    const music = (bgm: unknown) => {
      const result = validateActivity(withField('bgm', bgm))
      return result.ok ? result.value.bgm : result.errors
    }
    expect(music(undefined)).toBe('')
    expect(music('')).toBe('')
    expect(music('  https://cdn.example.com/bgm.mp3  ')).toBe('https://cdn.example.com/bgm.mp3')
    expect(music('http://example.com/a.mp3?v=2')).toBe('http://example.com/a.mp3?v=2')
  })

  it('accepts numeric strings and converts them', () => {
    const input = body()
    Object.assign(input, { template: '12', active_type: '2', virtual: '10', max_play: '5', status: '0', isshare: '0' })
    ;(input.prize as Raw[])[0] = { type: 'physical', sum: '5', name: '杯', chance: '10.5', id: '7' }
    ;(input.prize as Raw[])[1] = { type: 'redpacket', sum: '10', money: '8.88', chance: '20' }
    const result = validateActivity(input)
    expect(result.ok ? [] : result.errors).toEqual([])
    if (!result.ok) return
    expect(result.value).toMatchObject({ template: 12, active_type: 2, virtual: 10, max_play: 5, status: 0, isshare: 0 })
    expect(result.value.prize[0]).toMatchObject({ id: 7, sum: 5, chance: 10.5 })
    expect(result.value.prize[1]).toMatchObject({ id: 2, sum: 10, money: 8.88, name: '8.88元红包' })
  })

  it('fills defaults for absent optional fields and drops unknown ones', () => {
    const minimal = {
      active_title: '  标题  ',
      template: 10,
      active_time: [{ start: '2025-06-01 00:00', end: '2025-06-01 23:59' }],
      prize: [{ type: 'points', sum: 100, name: '积分' }],
      hacker: '<script>',
      max_play: '',
    }
    const result = validateActivity(minimal)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value).toEqual({
      ...defaultActivity(10),
      active_title: '标题',
      active_time: [{ start: '2025-06-01 00:00', end: '2025-06-01 23:59' }],
      prize: [{ id: 1, type: 'points', sum: 100, name: '积分', money: 0, max: 0, min: 0, img: '', info: '', chance: 0, claim_fields: [] }],
    })
    expect('hacker' in result.value).toBe(false)
  })

  it('names a random red packet without a name', () => {
    const result = validateActivity(withField('prize.2.name', ''))
    expect(result.ok && result.value.prize[2]?.name).toBe('随机红包')
  })

  it('accepts chances summing to exactly 100 (in tenths: 33.3 × 3 + 0.1)', () => {
    const input = withField('prize', [
      { type: 'virtual', sum: 1, name: 'a', chance: 33.3 },
      { type: 'virtual', sum: 1, name: 'b', chance: 33.3 },
      { type: 'virtual', sum: 1, name: 'c', chance: 33.3 },
      { type: 'virtual', sum: 1, name: 'd', chance: 0.1 },
    ])
    expect(errorsOf(input)).toEqual([])
  })

  it.each([
    ['need_info 1', 'actinfo.need_info', 1, true],
    ['need_info "0"', 'actinfo.need_info', '0', false],
    ['need_info true', 'actinfo.need_info', true, true],
  ])('reads %s', (_name, path, value, expected) => {
    const result = validateActivity(withField(path, value))
    expect(result.ok && result.value.actinfo.need_info).toBe(expected)
  })

  it.each([
    ['title of 60 characters', 'active_title', '题'.repeat(60)],
    ['chance 0', 'prize.0.chance', 0],
    ['chance 100 alone', 'prize', [{ type: 'physical', sum: 1, name: '大奖', chance: 100 }]],
    ['stock 0', 'prize.0.sum', 0],
    ['money with 2 decimals', 'prize.1.money', 0.01],
    ['min equal to max', 'prize.2.min', 20],
    ['max equal to the total', 'prize.2.max', 200],
    ['12 prizes', 'prize', Array.from({ length: 12 }, (_, i) => ({ type: 'virtual', sum: 1, name: `p${i}`, chance: 1 }))],
    ['adjacent windows', 'active_time.1.start', '2025-06-02 00:00'],
    ['limits at 1e6', 'max_play', 1_000_000],
    ['rule of 2000 characters', 'rule', '字'.repeat(2000)],
    ['tips of 100 characters', 'tips.no_award', '字'.repeat(100)],
    ['share title of 200 characters', 'share_title', '字'.repeat(200)],
    ['explicit distinct ids', 'prize.0.id', 9],
    ['tips absent', 'tips', undefined],
    ['actinfo absent', 'actinfo', null],
  ])('accepts %s', (_name, path, value) => {
    expect(errorsOf(withField(path, value))).toEqual([])
  })
})

describe('validateActivity: each rule refuses', () => {
  // [what, field to set, value, expected error path, part of the message]
  const rows: [string, string, unknown, string, string][] = [
    ['missing title', 'active_title', undefined, 'active_title', '请填写活动标题'],
    ['blank title', 'active_title', '   ', 'active_title', '请填写活动标题'],
    ['title over 60', 'active_title', '题'.repeat(61), 'active_title', '最多 60 个字'],
    ['title not text', 'active_title', { a: 1 }, 'active_title', '应为文字'],
    ['title with a lone surrogate', 'active_title', '春节\ud800抽奖', 'active_title', '含有无效字符'],
    ['title with a direction override', 'active_title', '春节\u202e抽奖', 'active_title', '不可见的控制字符'],
    ['rule with a NUL', 'rule', '第一条\u0000', 'rule', '不可见的控制字符'],
    ['missing template', 'template', undefined, 'template', '请填写活动模板'],
    ['template 13', 'template', 13, 'template', '10（刮刮卡）'],
    ['template "abc"', 'template', 'abc', 'template', '应为数字'],
    ['active_type 3', 'active_type', 3, 'active_type', '1（普通活动）'],
    ['status 2', 'status', 2, 'status', '活动状态'],
    ['isshare "yes"', 'isshare', 'yes', 'isshare', '应为数字'],
    ['virtual negative', 'virtual', -1, 'virtual', '不能小于 0'],
    ['virtual fractional', 'virtual', 1.5, 'virtual', '应为整数'],
    ['max_play "abc"', 'max_play', 'abc', 'max_play', '应为数字'],
    ['max_play over 1e6', 'max_play', 1_000_001, 'max_play', '不能大于 1000000'],
    ['max_eplay "1.5"', 'max_eplay', '1.5', 'max_eplay', '应为整数'],
    ['max_share negative', 'max_share', '-2', 'max_share', '不能小于 0'],
    ['max_play boolean', 'max_play', true, 'max_play', '应为数字'],
    ['rule over 2000', 'rule', '字'.repeat(2001), 'rule', '最多 2000 个字'],
    ['tip over 100', 'tips.have_award', '字'.repeat(101), 'tips.have_award', '最多 100 个字'],
    ['tips not an object', 'tips', 'hello', 'tips', '提示语应为对象'],
    ['share_desc over 200', 'share_desc', '字'.repeat(201), 'share_desc', '最多 200 个字'],
    ['share_link over 200', 'share_link', 'h'.repeat(201), 'share_link', '最多 200 个字'],
    ['actinfo not an object', 'actinfo', [1], 'actinfo', '商家信息应为对象'],
    ['bgm not a URL', 'bgm', 'music.mp3', 'bgm', 'http:// 或 https://'],
    ['bgm javascript:', 'bgm', 'javascript:alert(1)', 'bgm', 'http:// 或 https://'],
    ['bgm data:', 'bgm', 'data:audio/mp3;base64,AAAA', 'bgm', 'http:// 或 https://'],
    ['bgm ftp', 'bgm', 'ftp://example.com/a.mp3', 'bgm', 'http:// 或 https://'],
    ['bgm over 1000', 'bgm', `https://example.com/${'a'.repeat(1000)}.mp3`, 'bgm', '最多 1000 个字'],
    ['bgm not text', 'bgm', { url: 'https://example.com/a.mp3' }, 'bgm', '应为文字'],
    ['actinfo tel too long', 'actinfo.tel', '1'.repeat(31), 'actinfo.tel', '最多 30 个字'],
    ['need_info "maybe"', 'actinfo.need_info', 'maybe', 'actinfo.need_info', '是或否'],
    // windows
    ['no windows', 'active_time', [], 'active_time', '至少设置一个活动场次'],
    ['windows missing', 'active_time', undefined, 'active_time', '至少设置一个活动场次'],
    ['windows not a list', 'active_time', { start: 'x' }, 'active_time', '场次列表'],
    ['window not an object', 'active_time.0', 'x', 'active_time.0', '开始和结束时间'],
    ['start malformed', 'active_time.1.start', '2025/06/02 00:00', 'active_time.1.start', 'YYYY-MM-DD HH:mm'],
    ['end impossible date', 'active_time.0.end', '2025-02-30 10:00', 'active_time.0.end', 'YYYY-MM-DD HH:mm'],
    ['end not a string', 'active_time.0.end', 5, 'active_time.0.end', 'YYYY-MM-DD HH:mm'],
    ['end before start', 'active_time.0.end', '2025-05-31 23:00', 'active_time.0.end', '结束时间须晚于开始时间'],
    ['end equal to start', 'active_time.0.end', '2025-06-01 00:00', 'active_time.0.end', '结束时间须晚于开始时间'],
    ['overlapping windows', 'active_time.1.start', '2025-06-01 23:59', 'active_time.1.start', '第 1 场结束之后'],
    ['windows out of order', 'active_time.1', { start: '2025-05-01 00:00', end: '2025-05-01 23:59' }, 'active_time.1.start', '第 1 场结束之后'],
    ['too many windows', 'active_time', Array.from({ length: 367 }, () => ({ start: 'x', end: 'y' })), 'active_time', '最多 366 个'],
    // prizes
    ['no prizes', 'prize', [], 'prize', '至少添加一个奖品'],
    ['prizes not a list', 'prize', 'abc', 'prize', '奖品应为列表'],
    ['13 prizes', 'prize', Array.from({ length: 13 }, () => ({})), 'prize', '奖品最多 12 个（当前 13 个）'],
    ['prize not an object', 'prize.0', 7, 'prize.0', '应为对象'],
    ['prize type missing', 'prize.0.type', undefined, 'prize.0.type', '请选择奖品类型'],
    ['prize type unknown', 'prize.0.type', '1', 'prize.0.type', 'physical（实物）'],
    ['prize name missing', 'prize.0.name', undefined, 'prize.0.name', '请填写奖品名称'],
    ['prize name over 40', 'prize.0.name', '名'.repeat(41), 'prize.0.name', '最多 40 个字'],
    ['prize sum missing', 'prize.0.sum', undefined, 'prize.0.sum', '请填写奖品数量'],
    ['prize sum negative', 'prize.0.sum', -1, 'prize.0.sum', '不能小于 0'],
    ['prize sum fractional', 'prize.0.sum', 1.5, 'prize.0.sum', '应为整数'],
    ['prize sum "abc"', 'prize.0.sum', 'abc', 'prize.0.sum', '应为数字'],
    ['chance over 100', 'prize.0.chance', 100.5, 'prize.0.chance', '0–100%'],
    ['chance negative', 'prize.0.chance', -1, 'prize.0.chance', '0–100%'],
    ['chance with 2 decimals', 'prize.0.chance', 10.25, 'prize.0.chance', '最多 1 位小数'],
    ['chance NaN', 'prize.0.chance', Number.NaN, 'prize.0.chance', '应为数字'],
    ['chance "1e1"', 'prize.0.chance', '1e1', 'prize.0.chance', '应为数字'],
    ['chances over 100 in sum', 'prize.0.chance', 55, 'prize', '中奖概率合计 105% 超过 100%'],
    ['money with 3 decimals', 'prize.1.money', 8.885, 'prize.1.money', '最多 2 位小数'],
    ['money negative', 'prize.0.money', -1, 'prize.0.money', '不能小于 0'],
    ['money absurd', 'prize.0.money', 1e12, 'prize.0.money', '不能大于'],
    ['duplicate ids', 'prize.1.id', 1, 'prize.1.id', '奖品编号 1 重复'],
    ['id 0', 'prize.0.id', 0, 'prize.0.id', '须大于 0'],
    ['img too long', 'prize.0.img', 'x'.repeat(1001), 'prize.0.img', '最多 1000 个字'],
    ['info too long', 'prize.0.info', 'x'.repeat(201), 'prize.0.info', '最多 200 个字'],
    // red packets
    ['fixed packet without money', 'prize.1.money', 0, 'prize.1.money', '定额红包的单个金额须大于 0'],
    ['random packet without total', 'prize.2.money', 0, 'prize.2.money', '随机红包的总金额须大于 0'],
    ['random packet without min', 'prize.2.min', 0, 'prize.2.min', '最小金额须大于 0'],
    ['random packet without max', 'prize.2.max', undefined, 'prize.2.max', '最大金额须大于 0'],
    ['random packet min over max', 'prize.2.min', 25, 'prize.2.min', '最小金额不能大于最大金额'],
    ['random packet max over total', 'prize.2.max', 250, 'prize.2.max', '最大金额不能超过总金额'],
    ['random packet min 3 decimals', 'prize.2.min', 0.505, 'prize.2.min', '最多 2 位小数'],
  ]

  it.each(rows)('%s', (_what, field, value, path, message) => {
    const errors = errorsOf(withField(field, value))
    const match = errors.find((e) => e.path === path)
    expect(match, JSON.stringify(errors)).toBeDefined()
    expect(match?.message).toContain(message)
  })

  it('reports every problem at once', () => {
    const input = withField('max_play', 'abc')
    input.template = 99
    ;(input.prize as Raw[])[0] = { type: 'physical', sum: -1, name: '', chance: 101 }
    const paths = errorsOf(input).map((e) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['max_play', 'template', 'prize.0.sum', 'prize.0.name', 'prize.0.chance']))
  })

  it.each([null, undefined, 42, 'config', [], true])('refuses a non-object (%j) without throwing', (input) => {
    expect(errorsOf(input)).toEqual([{ path: '', message: '活动配置应为对象' }])
  })

  it('never throws on absurd input', () => {
    const absurd: unknown[] = [
      { active_title: 1e308, template: Number.POSITIVE_INFINITY, prize: [null, [], 'x'], active_time: [null, 1, []] },
      { prize: { length: 5 }, active_time: 'today', tips: [], actinfo: 'x', max_play: { valueOf: () => 1 } },
      { prize: Array.from({ length: 100_000 }, () => ({})), active_time: Array.from({ length: 100_000 }, () => ({})) },
      Object.create(null) as object,
    ]
    for (const input of absurd) {
      const result = validateActivity(input)
      expect(result.ok).toBe(false)
    }
  })
})

describe('validatePrize', () => {
  it('uses the given index for paths and the default id', () => {
    const bad = validatePrize({ type: 'physical', sum: 1, name: '', chance: 5 }, 4)
    expect(bad).toEqual({ ok: false, errors: [{ path: 'prize.4.name', message: '请填写奖品名称' }] })
    const good = validatePrize({ type: 'virtual', sum: 1, name: '券' }, 4)
    expect(good.ok && good.value.id).toBe(5)
  })
})

describe('rule helpers for the studio form', () => {
  it('checkTitle', () => {
    expect(checkTitle('活动')).toBeNull()
    expect(checkTitle('')).toBe('请填写活动标题')
    expect(checkTitle('a'.repeat(LIMITS.titleMax + 1))).toContain('最多 60 个字')
  })

  it('checkLength counts characters, not UTF-16 units', () => {
    expect(checkLength('😀'.repeat(10), 10, '提示语')).toBeNull()
    expect(checkLength('😀'.repeat(11), 10, '提示语')).toBe('提示语最多 10 个字')
  })

  it('checkPrizeName', () => {
    expect(checkPrizeName(' ')).toBe('请填写奖品名称')
    expect(checkPrizeName('杯子')).toBeNull()
  })

  it('checkChance and checkChanceSum', () => {
    expect(checkChance(0.1)).toBeNull()
    expect(checkChance(0.15)).toBe('中奖概率最多 1 位小数')
    expect(checkChanceSum([{ chance: 50 }, { chance: 50 }])).toBeNull()
    expect(checkChanceSum([{ chance: 50 }, { chance: 50.1 }])).toBe('中奖概率合计 100.1% 超过 100%')
  })

  it('checkMoney and checkCount', () => {
    expect(checkMoney(0.29)).toBeNull()
    expect(checkMoney(19.99, '总金额')).toBeNull()
    expect(checkMoney(1.001, '总金额')).toBe('总金额最多 2 位小数')
    expect(checkCount(3, '次数')).toBeNull()
    expect(checkCount(3.5, '次数')).toBe('次数应为整数')
  })

  it('checkRedPacket', () => {
    expect(checkRedPacket({ sum: 5, money: 8.88, min: 0, max: 0 })).toEqual([])
    expect(checkRedPacket({ sum: 0, money: 200, min: 0.5, max: 20 })).toEqual([])
    expect(checkRedPacket({ sum: 0, money: 10, min: 5, max: 2 })).toEqual([{ path: 'min', message: '最小金额不能大于最大金额' }])
  })

  it('checkWindows', () => {
    expect(checkWindows([{ start: '2025-06-01 00:00', end: '2025-06-01 00:01' }])).toEqual([])
    expect(
      checkWindows([
        { start: '2025-06-01 00:00', end: '2025-06-01 10:00' },
        { start: 'bad', end: '2025-06-01 11:00' },
        { start: '2025-06-01 09:00', end: '2025-06-01 12:00' },
      ]).map((e) => e.path),
    ).toEqual(['active_time.1.start', 'active_time.2.start'])
  })
})
