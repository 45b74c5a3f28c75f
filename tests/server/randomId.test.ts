import { describe, expect, it } from 'vitest'
import { randomId } from '../../server/auth/hmac'

describe('randomId (bytes from a pool refilled by the CSPRNG)', () => {
  it('gives each id its own bytes, across many refills of the pool', () => {
    const ids = new Set<string>()
    // 16-byte ids as tokens use, with odd sizes between, so ids straddle the pool's refills.
    for (let i = 0; i < 3000; i++) {
      const id = randomId(i % 7 === 0 ? 9 : 16)
      expect(Buffer.from(id, 'base64url')).toHaveLength(i % 7 === 0 ? 9 : 16)
      ids.add(id)
    }
    expect(ids.size).toBe(3000)
  })

  it('serves a request larger than the pool', () => {
    expect(Buffer.from(randomId(5000), 'base64url')).toHaveLength(5000)
  })
})
