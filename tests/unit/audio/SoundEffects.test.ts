import { afterEach, describe, expect, it, vi } from 'vitest'
import { CUE_RATE, MIN_GAP_S, SoundEffects } from '../../../src/audio/SoundEffects'
import type { CueRenderer } from '../../../src/audio/SoundEffects'

/** An AudioParam that records its automation events. */
function fakeParam(events: string[], name: string) {
  const log = (kind: string) => (value: number, at?: number) => events.push(`${name}.${kind}(${+value.toFixed(5)}${at === undefined ? '' : `, ${+at.toFixed(5)}`})`)
  return {
    value: 0,
    cancelScheduledValues: (at: number) => events.push(`${name}.cancel(${+at.toFixed(5)})`),
    setValueAtTime: log('set'),
    linearRampToValueAtTime: log('linear'),
    exponentialRampToValueAtTime: log('exp'),
  }
}

/** Just enough of an AudioContext: records buffers made, sources started, oscillators and automation, on a clock the test moves. */
function fakeContext() {
  const started: { at: number; buffer: unknown; rate: number }[] = []
  const events: string[] = []
  let buffers = 0
  let nodes = 0
  const ctx = {
    state: 'running' as AudioContextState,
    currentTime: 0,
    sampleRate: 8000,
    destination: {},
    createGain: () => {
      nodes += 1
      return { gain: fakeParam(events, 'gain'), connect: () => undefined, disconnect: () => undefined }
    },
    createOscillator: () => {
      nodes += 1
      return { frequency: fakeParam(events, 'freq'), connect: () => undefined, disconnect: () => undefined, start: () => events.push('osc.start'), stop: () => events.push('osc.stop') }
    },
    createBuffer: (_channels: number, length: number) => {
      buffers += 1
      const data = new Float32Array(length)
      return { length, getChannelData: () => data }
    },
    createBufferSource: () => {
      nodes += 1
      const source = {
        buffer: null as unknown,
        playbackRate: { value: 1 },
        connect: () => undefined,
        start: (at: number) => started.push({ at, buffer: source.buffer, rate: source.playbackRate.value }),
      }
      return source
    },
  }
  return { ctx, started, events, buffers: () => buffers, nodes: () => nodes }
}

describe('SoundEffects', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('renders each cue once (on first need if before its turn ahead); a play then only starts a source on the audio clock', () => {
    const { ctx, started, buffers } = fakeContext()
    const fx = new SoundEffects(ctx as unknown as BaseAudioContext)
    expect(buffers()).toBe(0)
    ctx.currentTime = 1.5
    fx.play('open')
    fx.play('win')
    expect(buffers()).toBe(2)
    ctx.currentTime = 3
    fx.play('open')
    expect(buffers()).toBe(2)
    expect(started.map((s) => s.at)).toEqual([1.5, 1.5, 3])
    expect(started[0]!.buffer).not.toBe(started[1]!.buffer)
    fx.destroy()
  })

  it("builds the tick's voice at once (silent, not started); without a worker renders the game's cues ahead, one per idle moment", async () => {
    vi.useFakeTimers()
    const { ctx, buffers, nodes, events } = fakeContext()
    const fx = new SoundEffects(ctx as unknown as BaseAudioContext, Math.random, ['segment', 'win', 'lose'], () => null)
    // The output, and the tick's oscillator and gain: not in a spin's first frame (they were its longest work).
    expect(nodes()).toBe(3)
    expect(events).not.toContain('osc.start')
    expect(buffers()).toBe(0)
    await vi.advanceTimersByTimeAsync(60)
    expect(buffers()).toBe(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(buffers()).toBe(2) // win and lose: not the other games' cues
    fx.renderAhead(['scratch', 'win'])
    await vi.advanceTimersByTimeAsync(1000)
    expect(buffers()).toBe(3)
    fx.destroy()
    // Never started, so not stopped (stop() before start() throws).
    expect(events).not.toContain('osc.stop')
  })

  it('with a worker, asks it for the cues ahead and keeps what it sends back; a cue needed first renders at once, once', () => {
    const { ctx, buffers, started } = fakeContext()
    const asked: unknown[] = []
    const worker = { postMessage: (m: unknown) => asked.push(m), terminate: vi.fn(), onmessage: null as null | ((e: MessageEvent) => void), onerror: null as null | ((e: ErrorEvent) => void) }
    const fx = new SoundEffects(ctx as unknown as BaseAudioContext, Math.random, ['segment', 'win', 'lose'], () => worker as unknown as CueRenderer)
    expect(asked).toEqual([
      { cue: 'win', rate: CUE_RATE },
      { cue: 'lose', rate: CUE_RATE },
    ])
    expect(buffers()).toBe(0)
    worker.onmessage!({ data: { cue: 'win', samples: new Float32Array(100) } } as MessageEvent)
    expect(buffers()).toBe(1)
    fx.play('win')
    expect(buffers()).toBe(1)
    // Needed before the worker sent it: rendered here, and the worker's copy is not kept.
    fx.play('lose')
    expect(buffers()).toBe(2)
    worker.onmessage!({ data: { cue: 'lose', samples: new Float32Array(100) } } as MessageEvent)
    expect(buffers()).toBe(2)
    expect(started).toHaveLength(2)
    fx.destroy()
    expect(worker.terminate).toHaveBeenCalled()
  })

  it('a worker that fails leaves what it owed to the idle moments', async () => {
    vi.useFakeTimers()
    const { ctx, buffers } = fakeContext()
    const worker = { postMessage: vi.fn(), terminate: vi.fn(), onmessage: null, onerror: null as null | ((e: ErrorEvent) => void) }
    const fx = new SoundEffects(ctx as unknown as BaseAudioContext, Math.random, ['win', 'lose'], () => worker as unknown as CueRenderer)
    await vi.advanceTimersByTimeAsync(2000)
    expect(buffers()).toBe(0)
    worker.onerror!({} as ErrorEvent)
    expect(worker.terminate).toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(2000)
    expect(buffers()).toBe(2)
    fx.destroy()
  })

  it('schedules a cue told ahead at its moment on the audio clock; silence() drops what is still to come', () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    const { ctx, events } = fakeContext()
    const fx = new SoundEffects(ctx as unknown as BaseAudioContext, Math.random, [])
    ctx.currentTime = 2
    const now = performance.now()
    fx.play('segment', now + 100)
    fx.play('segment', now + 150)
    // Within the least gap of the one before: dropped.
    fx.play('segment', now + 160)
    fx.play('segment', now - 50) // past: now
    expect(events.filter((e) => e.startsWith('gain.linear'))).toEqual(['gain.linear(0.28, 2.101)', 'gain.linear(0.28, 2.151)'])
    fx.silence()
    expect(events.slice(-2)).toEqual(['gain.cancel(2)', 'gain.set(0, 2)'])
    // After silence, a tick is told again from now on.
    fx.play('segment', now + 10)
    expect(events.filter((e) => e.startsWith('gain.linear')).at(-1)).toBe('gain.linear(0.28, 2.011)')
    fx.destroy()
  })

  it('ticks on one kept oscillator: a tick schedules its envelope and glide, and makes no node', () => {
    const { ctx, started, events, nodes } = fakeContext()
    const fx = new SoundEffects(ctx as unknown as BaseAudioContext)
    ctx.currentTime = 2
    fx.play('segment')
    const built = nodes()
    expect(events).toEqual([
      'osc.start',
      'gain.cancel(2)',
      'gain.set(0, 2)',
      'gain.linear(0.28, 2.001)',
      'gain.exp(0.00028, 2.035)',
      'gain.set(0, 2.035)',
      'freq.cancel(2)',
      'freq.set(1800, 2)',
      'freq.linear(1200, 2.035)',
    ])
    for (let i = 1; i <= 20; i++) {
      ctx.currentTime = 2 + i * 0.05
      fx.play('segment')
    }
    expect(nodes()).toBe(built)
    expect(started).toHaveLength(0)
    expect(events.filter((e) => e === 'gain.set(0, 3)')).toHaveLength(1)
    fx.destroy()
    expect(events.at(-1)).toBe('osc.stop')
  })

  it('drops a repeat of the same cue within its least gap, plays it after', () => {
    const { ctx, started } = fakeContext()
    const fx = new SoundEffects(ctx as unknown as BaseAudioContext)
    fx.play('open')
    ctx.currentTime = MIN_GAP_S.open / 2
    fx.play('open')
    expect(started).toHaveLength(1)
    ctx.currentTime = MIN_GAP_S.open + 0.001
    fx.play('open')
    expect(started).toHaveLength(2)
    fx.destroy()
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
