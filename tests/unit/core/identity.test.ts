import { describe, expect, it } from 'vitest'
import { defaultActivity } from '../../../src/core/blankActivity'
import { demoActivities } from '../../../src/core/demo'
import { validateActivity } from '../../../src/core/validation'
import { makeConfig } from '../../helpers/activity'

/** The identity mode and share image fields of the activity configuration. */

/** A valid body that names no identity (as Activity/add clients from before the field send it). */
function validBody(): Record<string, unknown> {
  const { identity: _, ...rest } = makeConfig()
  return rest
}

const identityOf = (input: Record<string, unknown>, defaultIdentity?: 'wechat' | 'anonymous') => {
  const result = validateActivity({ ...validBody(), ...input }, { defaultIdentity })
  return result.ok ? result.value.identity : result.errors.map((e) => e.path)
}

describe('identity', () => {
  it('defaults to the server’s choice for active_type 1 and to ticket for active_type 2', () => {
    expect(identityOf({ active_type: 1 })).toBe('anonymous')
    expect(identityOf({ active_type: 1 }, 'wechat')).toBe('wechat')
    expect(identityOf({ active_type: 2 }, 'wechat')).toBe('ticket')
  })

  it('keeps an explicit choice', () => {
    expect(identityOf({ identity: 'wechat' })).toBe('wechat')
    expect(identityOf({ identity: 'anonymous' }, 'wechat')).toBe('anonymous')
    expect(identityOf({ active_type: 2, identity: 'ticket' })).toBe('ticket')
  })

  it('is ticket for every reward activity (active_type 2), and refuses a ticket on active_type 1 and unknown modes', () => {
    expect(identityOf({ active_type: 2, identity: 'wechat' })).toBe('ticket')
    expect(identityOf({ active_type: 1, identity: 'ticket' })).toEqual(['identity'])
    expect(identityOf({ identity: 'phone' })).toEqual(['identity'])
  })

  it('is anonymous in a blank configuration and in the three demos (playable with no WeChat credentials)', () => {
    expect(defaultActivity().identity).toBe('anonymous')
    for (const demo of Object.values(demoActivities(Date.UTC(2030, 0, 1)))) expect(demo.identity).toBe('anonymous')
  })
})

describe('share_img', () => {
  it('is kept, empty by default, and capped', () => {
    const read = (share_img: unknown) => validateActivity({ ...validBody(), share_img })
    expect(read(undefined)).toMatchObject({ ok: true, value: { share_img: '' } })
    expect(read('/lottery/img/a.png')).toMatchObject({ ok: true, value: { share_img: '/lottery/img/a.png' } })
    expect(read('x'.repeat(1001))).toMatchObject({ ok: false, errors: [{ path: 'share_img' }] })
  })
})
