import { describe, expect, it } from 'vitest'
import { playsLeft } from '../../../src/core/limits'

describe('playsLeft', () => {
  it('is null when neither limit is set', () => {
    expect(playsLeft({ max_play: 0, max_eplay: 0 }, { plays: 9, playsInWindow: 9 }, true)).toBeNull()
  })

  it('takes the smaller of both limits in an open window, never below 0', () => {
    expect(playsLeft({ max_play: 5, max_eplay: 3 }, { plays: 1, playsInWindow: 1 }, true)).toBe(2)
    expect(playsLeft({ max_play: 5, max_eplay: 3 }, { plays: 4, playsInWindow: 0 }, true)).toBe(1)
    expect(playsLeft({ max_play: 2, max_eplay: 0 }, { plays: 7, playsInWindow: 0 }, true)).toBe(0)
  })

  it('counts max_eplay only while a window is open', () => {
    expect(playsLeft({ max_play: 5, max_eplay: 3 }, { plays: 1, playsInWindow: 0 }, false)).toBe(4)
    expect(playsLeft({ max_play: 0, max_eplay: 3 }, { plays: 1, playsInWindow: 0 }, false)).toBeNull()
  })
})
