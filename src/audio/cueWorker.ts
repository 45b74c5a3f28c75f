/**
 * The synthesiser's worker: renders the cues SoundEffects asks for off the page's main thread (a win's fanfare is
 * tens of thousands of samples of sines), and hands each back as its samples' buffer (transferred, not copied).
 */
import { renderCue } from './cues'
import type { Cue } from './cues'

/** What the page asks: a cue at a sample rate. */
export interface CueRequest {
  cue: Cue
  rate: number
}

/** What comes back. */
export interface CueRendered {
  cue: Cue
  samples: Float32Array
}

// The worker's own global (typed as the page's `self` here: the project's lib is the DOM's).
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<CueRequest>) => void) | null
  postMessage(message: CueRendered, transfer: Transferable[]): void
}

scope.onmessage = ({ data }) => {
  const samples = renderCue(data.cue, data.rate)
  scope.postMessage({ cue: data.cue, samples }, [samples.buffer])
}
