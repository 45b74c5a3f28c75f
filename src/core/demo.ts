import type { ActivityConfig, Prize, Template } from './activity'
import { defaultActivity } from './blankActivity'
import { DAY_MS, startOfCstDay, windowOfDays } from './windows'

/**
 * One polished demo activity per template, open at `now`: the home page's
 * “try it” links and the studio's starting points. Windows are computed from
 * `now` so a demo never goes stale.
 */

/** The codes under which the demos are served (no real activity uses them). */
export const DEMO_CODES = { wheel: 'demo-wheel', scratch: 'demo-scratch', redpacket: 'demo-redpacket' } as const

export type DemoKind = keyof typeof DEMO_CODES

/** Two 场次 from today 00:00 to today+30 23:59 (UTC+8), split after day 14. */
function demoWindows(now: number): ActivityConfig['active_time'] {
  const today = startOfCstDay(now)
  return [windowOfDays(today, 15), windowOfDays(today + 15 * DAY_MS, 16)]
}

function prize(id: number, fields: Partial<Prize> & Pick<Prize, 'type' | 'name' | 'chance'>): Prize {
  return { id, sum: 0, money: 0, max: 0, min: 0, img: '', info: '', claim_fields: [], ...fields }
}

const ACTINFO: ActivityConfig['actinfo'] = {
  name: '鲜果时光 · 万象城店',
  tel: '0571-8888 6666',
  address: '杭州市上城区富春路 701 号万象城 B1 层',
  desc: '营业时间 10:00–22:00，凭核销码到店领取奖品。',
}

function base(template: Template, now: number): ActivityConfig {
  return {
    ...defaultActivity(template),
    virtual: 1200,
    active_time: demoWindows(now),
    max_play: 5,
    max_eplay: 3,
    max_share: 3,
    actinfo: { ...ACTINFO },
  }
}

function wheel(now: number): ActivityConfig {
  return {
    ...base(11, now),
    active_title: '幸运大转盘 · 双十二狂欢',
    prize: [
      prize(1, { type: 'physical', name: 'iPhone 16', sum: 1, chance: 0.5, info: '工作人员将电话联系您确认收货地址' }),
      prize(2, { type: 'virtual', name: '50元代金券', sum: 100, chance: 5, info: '全场满 200 元可用，有效期 30 天' }),
      prize(3, { type: 'physical', name: '精美保温杯', sum: 50, chance: 10, info: '到店出示核销码领取' }),
      prize(4, { type: 'virtual', name: '20元话费', sum: 200, chance: 8, info: '3 个工作日内充值到预留手机号' }),
      prize(5, { type: 'physical', name: '品牌帆布袋', sum: 300, chance: 12, info: '到店出示核销码领取' }),
      prize(6, { type: 'points', name: '积分100', sum: 5000, chance: 40, info: '积分自动存入会员账户' }),
    ],
    tips: {
      have_award: '这一场您已经中过奖啦，把好运留给朋友吧~',
      no_times: '今天的机会用完啦，明天再来转一转！',
      no_award: '差一点点！再转一次试试手气~',
      game_over: '本场活动已结束，下一场马上开始，敬请期待',
      default: '感谢参与双十二狂欢！',
    },
    rule: [
      '1. 活动时间内，每人共有 5 次抽奖机会，每场最多 3 次；',
      '2. 每个场次每人最多中奖 1 次；',
      '3. 实物奖品请凭核销码到店领取，虚拟奖品自动发放；',
      '4. 奖品数量有限，先到先得，抽完即止；',
      '5. 如有疑问请拨打商家电话咨询，本活动最终解释权归主办方所有。',
    ].join('\n'),
    share_title: '双十二幸运大转盘，iPhone 16 等你来拿！',
    share_desc: '每天都有机会，好礼转不停～',
  }
}

function scratch(now: number): ActivityConfig {
  return {
    ...base(10, now),
    active_title: '刮刮乐 · 新店开业惊喜',
    prize: [
      prize(1, { type: 'physical', name: '华为 FreeBuds', sum: 2, chance: 1, info: '工作人员将电话联系您' }),
      prize(2, { type: 'virtual', name: '100元购物卡', sum: 20, chance: 3, info: '到店消费直接抵扣' }),
      prize(3, { type: 'virtual', name: '电影票一张', sum: 80, chance: 8, info: '兑换码 3 日内发送至预留手机号' }),
      prize(4, { type: 'virtual', name: '20元代金券', sum: 500, chance: 15, info: '满 100 元可用' }),
      prize(5, { type: 'points', name: '积分50', sum: 5000, chance: 35, info: '积分自动存入会员账户' }),
    ],
    // No custom tips (base leaves them empty): this demo shows the seed's default texts.
    rule: [
      '1. 用手指刮开涂层即可查看结果；',
      '2. 每人共有 5 次机会，每场最多 3 次，每场最多中奖 1 次；',
      '3. 奖品请在活动结束后 7 天内领取，逾期视为放弃。',
    ].join('\n'),
    share_title: '新店开业刮刮乐，百分百惊喜等你刮！',
    share_desc: '华为耳机、购物卡、电影票，刮开就知道～',
  }
}

function redpacket(now: number): ActivityConfig {
  return {
    ...base(12, now),
    active_title: '红包雨 · 新春好运来',
    prize: [
      prize(1, { type: 'redpacket', name: '8.88元红包', sum: 100, money: 8.88, chance: 20, info: '红包将在 24 小时内发放' }),
      prize(2, { type: 'redpacket', name: '随机现金红包', sum: 0, money: 200, min: 0.5, max: 20, chance: 40, info: '金额随机，最高 20 元' }),
    ],
    tips: {
      have_award: '红包已到手，这一场就先歇歇吧~',
      no_times: '',
      no_award: '红包擦肩而过，再抢一次！',
      game_over: '',
      default: '',
    },
    rule: [
      '1. 点击红包即可开抢，每人共 5 次机会，每场最多 3 次；',
      '2. 每个场次每人最多抢到 1 个红包；',
      '3. 定额红包每个 8.88 元，随机红包 0.5–20 元不等；',
      '4. 红包总额有限，抢完即止。',
    ].join('\n'),
    share_title: '新春红包雨来啦，手慢无！',
    share_desc: '8.88 元定额红包 + 随机现金红包，快来抢～',
  }
}

/** The three demos, open at `now` (epoch ms). */
export function demoActivities(now: number = Date.now()): Record<DemoKind, ActivityConfig> {
  return { wheel: wheel(now), scratch: scratch(now), redpacket: redpacket(now) }
}

/** The demo for one template, open at `now` (epoch ms). */
export function demoForTemplate(template: Template, now: number = Date.now()): ActivityConfig {
  switch (template) {
    case 10:
      return scratch(now)
    case 11:
      return wheel(now)
    case 12:
      return redpacket(now)
  }
}
