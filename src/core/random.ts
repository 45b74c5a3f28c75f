/** A source of uniform numbers in [0, 1). The draw takes one so tests can seed it. */
export type Random = () => number

/** A fast deterministic generator (mulberry32) for tests and reproducible previews; not for real draws. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** CSPRNG words fetched a batch at a time, each used once: a call into the platform per draw was 3 % of an award's CPU. */
const cryptoWords = new Uint32Array(256)
let wordsUsed = cryptoWords.length

/** Uniform numbers from the platform CSPRNG (Web Crypto: Node ≥ 20 and browsers); use for real draws. */
export const cryptoRandom: Random = () => {
  if (wordsUsed === cryptoWords.length) {
    globalThis.crypto.getRandomValues(cryptoWords)
    wordsUsed = 0
  }
  return (cryptoWords[wordsUsed++] ?? 0) / 4294967296
}
