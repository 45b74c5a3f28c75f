import { describe, expect, it } from 'vitest'
import { TapGuard } from '../../../src/games/shared/TapGuard'

describe('TapGuard', () => {
  it('a first tap becomes a request', () => {
    const guard = new TapGuard()
    expect(guard.tap(1, 10)).toBe(true)
    expect(guard.state).toBe('pending')
  })

  it('two taps in the same frame give one request', () => {
    const guard = new TapGuard()
    expect(guard.tap(1, 10)).toBe(true)
    guard.lift(1)
    expect(guard.tap(1, 10)).toBe(false)
  })

  it('two fingers give one request, whatever the frames', () => {
    const guard = new TapGuard()
    expect(guard.tap(1, 10)).toBe(true)
    expect(guard.tap(2, 10)).toBe(false)
    guard.frame(11)
    expect(guard.tap(2, 11)).toBe(false)
    // The second finger lifting does not release the first finger's request.
    guard.lift(2)
    guard.frame(12)
    expect(guard.tap(2, 12)).toBe(false)
  })

  it('after a play starts every tap is refused until reset', () => {
    const guard = new TapGuard()
    expect(guard.tap(1, 10)).toBe(true)
    guard.lock()
    guard.lift(1)
    for (let frame = 11; frame < 100; frame++) {
      guard.frame(frame)
      expect(guard.tap(1, frame)).toBe(false)
      expect(guard.tap(frame, frame)).toBe(false)
    }
    guard.reset()
    expect(guard.tap(3, 100)).toBe(true)
  })

  it('a double tap with the play started gives one request', () => {
    const guard = new TapGuard()
    const requests = [guard.tap(1, 10)]
    guard.lock() // the host calls play() synchronously inside the request handler
    guard.lift(1)
    guard.frame(11)
    guard.frame(12)
    requests.push(guard.tap(1, 12))
    expect(requests.filter(Boolean)).toHaveLength(1)
  })

  it('a request the host declined re-arms once the finger is up and a frame has passed', () => {
    const guard = new TapGuard()
    expect(guard.tap(1, 10)).toBe(true)
    guard.frame(11)
    expect(guard.state).toBe('pending') // finger still down
    guard.lift(1)
    // Lifted, but no new frame yet: a quick second tap is still refused.
    expect(guard.tap(1, 11)).toBe(false)
    guard.frame(12)
    expect(guard.state).toBe('armed')
    expect(guard.tap(1, 12)).toBe(true)
  })

  it('re-arms on the next frame after the lift', () => {
    const guard = new TapGuard()
    expect(guard.tap(1, 10)).toBe(true)
    guard.lift(1)
    guard.frame(10)
    expect(guard.state).toBe('pending')
    guard.frame(11)
    expect(guard.state).toBe('armed')
    expect(guard.tap(1, 11)).toBe(true)
  })
})
