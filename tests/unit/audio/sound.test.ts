// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const fx = vi.hoisted(() => ({ played: [] as string[], made: 0, silenced: 0, ahead: [] as string[][] }))
vi.mock('../../../src/audio/SoundEffects', () => ({
  SoundEffects: class {
    constructor(_ctx: unknown, _random: unknown, ahead: string[]) {
      fx.made += 1
      fx.ahead.push([...ahead])
    }
    play(cue: string, at?: number) {
      fx.played.push(at === undefined ? cue : `${cue}@${Math.round(at)}`)
    }
    renderAhead(cues: string[]) {
      fx.ahead.push([...cues])
    }
    silence() {
      fx.silenced += 1
    }
    destroy() {}
  },
}))

import { MUTE_KEY, WIN_VIBRATION, armSound, isSoundMuted, playCue, playOutcome, prepareCues, resetSoundForTests, setMusic, setSoundMuted, silenceCues } from '../../../src/audio'

/** An AudioContext stand-in that records what the module asks of it. */
class FakeContext {
  static all: FakeContext[] = []
  state: AudioContextState = 'suspended'
  calls: string[] = []
  destination = {}
  constructor() {
    FakeContext.all.push(this)
  }
  resume() {
    this.calls.push('resume')
    this.state = 'running'
    return Promise.resolve()
  }
  suspend() {
    this.calls.push('suspend')
    this.state = 'suspended'
    return Promise.resolve()
  }
  close() {
    return Promise.resolve()
  }
  createBuffer() {
    return {}
  }
  createBufferSource() {
    return { buffer: null, connect: () => undefined, start: () => this.calls.push('silent') }
  }
}

const win = window as unknown as Window & { AudioContext: typeof AudioContext; WeixinJSBridge?: unknown }
let disarm: () => void = () => undefined

beforeEach(() => {
  localStorage.clear()
  resetSoundForTests()
  FakeContext.all = []
  fx.played = []
  fx.made = 0
  fx.silenced = 0
  fx.ahead = []
  win.AudioContext = FakeContext as unknown as typeof AudioContext
  delete win.WeixinJSBridge
})
afterEach(() => disarm())

const tap = () => window.dispatchEvent(new Event('pointerdown'))
const settle = () => new Promise((r) => setTimeout(r, 0))

describe('sound', () => {
  it('creates nothing and plays nothing before the first tap', async () => {
    disarm = armSound(win)
    playCue('segment')
    playOutcome(false)
    await settle()
    expect(FakeContext.all).toHaveLength(0)
    expect(fx.made).toBe(0)
    expect(fx.played).toEqual([])
  })

  it('the first tap creates and resumes the context inside the gesture, then loads the effects', async () => {
    disarm = armSound(win)
    tap()
    const ctx = FakeContext.all[0]!
    expect(ctx.calls).toEqual(['resume', 'silent'])
    await vi.waitFor(() => expect(fx.made).toBe(1))
    playCue('segment')
    expect(fx.played).toEqual(['segment'])
    // Once running, later taps cost nothing.
    tap()
    expect(FakeContext.all).toHaveLength(1)
    expect(ctx.calls).toEqual(['resume', 'silent'])
  })

  it('inside WeChat, WeixinJSBridgeReady unlocks the context without loading the effects', async () => {
    disarm = armSound(win)
    document.dispatchEvent(new Event('WeixinJSBridgeReady'))
    expect(FakeContext.all[0]?.calls).toContain('resume')
    await settle()
    expect(fx.made).toBe(0)
  })

  it('unlocks at once when the WeChat bridge was ready before', () => {
    win.WeixinJSBridge = {}
    disarm = armSound(win)
    expect(FakeContext.all[0]?.state).toBe('running')
  })

  it('mute is remembered on the device, silences cues and suspends the context', async () => {
    disarm = armSound(win)
    tap()
    await vi.waitFor(() => expect(fx.made).toBe(1))
    setSoundMuted(true)
    expect(localStorage.getItem(MUTE_KEY)).toBe('1')
    expect(FakeContext.all[0]!.state).toBe('suspended')
    // What was told ahead would sound late once the context's clock runs again.
    expect(fx.silenced).toBe(1)
    playCue('scratch')
    expect(fx.played).toEqual([])
    resetSoundForTests()
    expect(isSoundMuted()).toBe(true)
    setSoundMuted(false)
    expect(isSoundMuted()).toBe(false)
    expect(localStorage.getItem(MUTE_KEY)).toBe('0')
  })

  it('a keyboard play (a click, no pointer event) unlocks audio too', async () => {
    disarm = armSound(win)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab' }))
    expect(FakeContext.all).toHaveLength(0) // moving the focus is not a play
    window.dispatchEvent(new MouseEvent('click'))
    expect(FakeContext.all).toHaveLength(1)
    expect(FakeContext.all[0]!.state).toBe('running')
    await vi.waitFor(() => expect(fx.made).toBe(1))
  })

  it('a muted participant opens no audio context; turning sound on (a click) unlocks it and loads the synthesiser', async () => {
    setSoundMuted(true)
    disarm = armSound(win)
    tap()
    tap()
    document.dispatchEvent(new Event('WeixinJSBridgeReady'))
    await settle()
    expect(FakeContext.all).toHaveLength(0)
    expect(fx.made).toBe(0)
    setSoundMuted(false)
    expect(FakeContext.all).toHaveLength(1)
    expect(FakeContext.all[0]!.state).toBe('running')
    await vi.waitFor(() => expect(fx.made).toBe(1))
    setSoundMuted(true)
    expect(FakeContext.all[0]!.state).toBe('suspended')
    tap() // muted again: the context stays suspended, and no second one is made
    expect(FakeContext.all).toHaveLength(1)
    expect(FakeContext.all[0]!.state).toBe('suspended')
  })

  it("renders the page's game's cues ahead; ticks told ahead while the synthesiser loads are played on time once it is there", async () => {
    disarm = armSound(win)
    prepareCues(['segment', 'win', 'lose'])
    playCue('segment', performance.now() + 50) // before a tap: nothing
    tap()
    const now = performance.now()
    playCue('segment', now + 100_000)
    playCue('segment', now - 10_000) // past by the time it loads: dropped
    playCue('win') // now, and nothing to play it: dropped
    await vi.waitFor(() => expect(fx.made).toBe(1))
    expect(fx.ahead).toEqual([['segment', 'win', 'lose']])
    expect(fx.played).toEqual([`segment@${Math.round(now + 100_000)}`])
    prepareCues(['scratch', 'win', 'lose'])
    expect(fx.ahead.at(-1)).toEqual(['scratch', 'win', 'lose'])
    silenceCues()
    expect(fx.silenced).toBe(1)
  })

  it('pauses while the page is hidden (dropping what was told ahead), resumes when it shows', async () => {
    disarm = armSound(win)
    tap()
    const ctx = FakeContext.all[0]!
    await vi.waitFor(() => expect(fx.made).toBe(1))
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true)
    document.dispatchEvent(new Event('visibilitychange'))
    expect(ctx.state).toBe('suspended')
    expect(fx.silenced).toBe(1)
    hidden.mockReturnValue(false)
    document.dispatchEvent(new Event('visibilitychange'))
    expect(ctx.state).toBe('running')
    hidden.mockRestore()
  })

  it('vibrates on a win where the Vibration API exists, not on a loss', () => {
    const vibrate = vi.fn()
    Object.defineProperty(navigator, 'vibrate', { value: vibrate, configurable: true })
    playOutcome(false)
    expect(vibrate).not.toHaveBeenCalled()
    playOutcome(true)
    expect(vibrate).toHaveBeenCalledWith(WIN_VIBRATION)
  })

  it('background music: none before a tap; then looped, following mute and the page being hidden', () => {
    const played: string[] = []
    const created: string[] = []
    const play = vi.spyOn(window.HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
      played.push(`play ${this.src} loop=${this.loop}`)
      Object.defineProperty(this, 'paused', { value: false, configurable: true })
      return Promise.resolve()
    })
    const pause = vi.spyOn(window.HTMLMediaElement.prototype, 'pause').mockImplementation(function (this: HTMLMediaElement) {
      played.push('pause')
      Object.defineProperty(this, 'paused', { value: true, configurable: true })
    })
    const RealAudio = globalThis.Audio
    vi.stubGlobal('Audio', function (src?: string) {
      created.push(src ?? '')
      return new RealAudio(src)
    })
    try {
      disarm = armSound(win)
      setMusic('https://cdn.example.com/bgm.mp3')
      expect(created).toEqual([]) // nothing downloads before the first tap
      window.dispatchEvent(new Event('pointerup'))
      expect(created).toEqual(['https://cdn.example.com/bgm.mp3'])
      expect(played).toEqual(['play https://cdn.example.com/bgm.mp3 loop=true'])

      setSoundMuted(true)
      expect(played.at(-1)).toBe('pause')
      window.dispatchEvent(new Event('pointerup')) // a tap while muted plays nothing
      expect(played.at(-1)).toBe('pause')
      setSoundMuted(false)
      expect(played.at(-1)).toBe('play https://cdn.example.com/bgm.mp3 loop=true')

      const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true)
      document.dispatchEvent(new Event('visibilitychange'))
      expect(played.at(-1)).toBe('pause')
      hidden.mockReturnValue(false)
      document.dispatchEvent(new Event('visibilitychange'))
      expect(played.at(-1)).toBe('play https://cdn.example.com/bgm.mp3 loop=true')
      hidden.mockRestore()

      setMusic('') // the page goes
      expect(played.at(-1)).toBe('pause')
      window.dispatchEvent(new Event('pointerup'))
      expect(played.at(-1)).toBe('pause')
      expect(created).toHaveLength(1)
    } finally {
      play.mockRestore()
      pause.mockRestore()
      vi.unstubAllGlobals()
    }
  })

  it('disarming removes the listeners', () => {
    armSound(win)()
    tap()
    document.dispatchEvent(new Event('WeixinJSBridgeReady'))
    expect(FakeContext.all).toHaveLength(0)
  })
})
