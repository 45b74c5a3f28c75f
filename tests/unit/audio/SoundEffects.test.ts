import { describe, expect, it } from 'vitest'
import { MIN_GAP_S, SoundEffects } from '../../../src/audio/SoundEffects'

/** Just enough of an AudioContext: records buffers made and sources started, on a clock the test moves. */
function fakeContext() {
  const started: { at: number; buffer: unknown; rate: number }[] = []
  let buffers = 0
  const ctx = {
    state: 'running' as AudioContextState,
    currentTime: 0,
    sampleRate: 8000,
    destination: {},
    createGain: () => ({ gain: { value: 1 }, connect: () => undefined, disconnect: () => undefined }),
    createBuffer: (_channels: number, length: number) => {
      buffers += 1
      const data = new Float32Array(length)
      return { length, getChannelData: () => data }
    },
    createBufferSource: () => {
      const source = {
        buffer: null as unknown,
        playbackRate: { value: 1 },
        connect: () => undefined,
        start: (at: number) => started.push({ at, buffer: source.buffer, rate: source.playbackRate.value }),
      }
      return source
    },
  }
  return { ctx, started, buffers: () => buffers }
}

describe('SoundEffects', () => {
  it('renders each cue once, on first need; a play then only starts a source on the audio clock', () => {
    const { ctx, started, buffers } = fakeContext()
    const fx = new SoundEffects(ctx as unknown as BaseAudioContext)
    expect(buffers()).toBe(0)
    ctx.currentTime = 1.5
    fx.play('segment')
    fx.play('win')
    expect(buffers()).toBe(2)
    ctx.currentTime = 3
    fx.play('segment')
    expect(buffers()).toBe(2)
    expect(started.map((s) => s.at)).toEqual([1.5, 1.5, 3])
    expect(started[0]!.buffer).not.toBe(started[1]!.buffer)
  })

  it('drops a repeat of the same cue within its least gap, plays it after', () => {
    const { ctx, started } = fakeContext()
    const fx = new SoundEffects(ctx as unknown as BaseAudioContext)
    fx.play('segment')
    ctx.currentTime = MIN_GAP_S.segment / 2
    fx.play('segment')
    expect(started).toHaveLength(1)
    ctx.currentTime = MIN_GAP_S.segment + 0.001
    fx.play('segment')
    expect(started).toHaveLength(2)
  })

  it('plays nothing while the context is suspended (hidden page, not yet unlocked)', () => {
    const { ctx, started } = fakeContext()
    const fx = new SoundEffects(ctx as unknown as BaseAudioContext)
    ctx.state = 'suspended'
    fx.play('open')
    expect(started).toHaveLength(0)
  })

  it('varies the scratch pitch a little', () => {
    const { ctx, started } = fakeContext()
    const fx = new SoundEffects(ctx as unknown as BaseAudioContext, () => 0)
    fx.play('scratch')
    expect(started[0]!.rate).toBeCloseTo(0.85)
  })
})
