/** Tunables of the red packet game; pass a Partial to the constructor to override any of them. */
export const RED_PACKET_DEFAULTS = {
  /** Packets in the pool = the most on screen at once. */
  poolSize: 12,
  /** Mean time between two spawns, ms (at full rain speed). */
  spawnIntervalMs: 430,
  /** Spawn interval jitter, fraction of spawnIntervalMs (0.4 → ±40%). */
  spawnJitter: 0.4,
  /** Packets already falling when a round starts (so the screen is never empty). */
  prefillCount: 7,
  /** Rain packet width at scale 1, CSS px. */
  packetWidth: 56,
  /** Rain packet height at scale 1, CSS px. */
  packetHeight: 74,
  /** Smallest packet scale (far away: smaller, slower, behind). */
  minScale: 0.78,
  /** Largest packet scale (near: bigger, faster, in front). */
  maxScale: 1.18,
  /** Fall speed of the farthest packets, CSS px/ms. */
  minSpeed: 0.12,
  /** Fall speed of the nearest packets, CSS px/ms. */
  maxSpeed: 0.22,
  /** Largest sideways sway, CSS px. */
  swayAmplitude: 16,
  /** Shortest sway period, ms. */
  minSwayPeriodMs: 1800,
  /** Longest sway period, ms. */
  maxSwayPeriodMs: 3400,
  /** Largest tilt while swaying, radians. */
  maxTilt: 0.22,
  /** Extra touch area around each packet for thumbs, CSS px on each side. */
  hitSlop: 12,

  /** Rain speed at rest, fraction of full speed; 0 = still packets, dealt afresh between plays (reduced motion). */
  rainSpeed: 1,
  /** Rain speed while a packet is played, fraction of full speed. */
  playRainSpeed: 0.22,
  /** Darkness of the veil over the rain while a packet is played (0–1). */
  dimAlpha: 0.6,
  /** The scene dims (or brightens) fully around a play in this long, ms. */
  focusMs: 300,
  /** Longest frame the motion steps by, ms: after a stall the scene resumes instead of jumping. */
  maxFrameMs: 100,
  /** The hint's font size, CSS px. */
  hintSize: 15,
  /** Height of the hint's pill, CSS px. */
  hintHeight: 38,
  /** Space left and right of the hint's text inside its pill, CSS px. */
  hintPadding: 22,
  /** The hint's centre above the bottom edge, CSS px. */
  hintBottom: 34,
  /** Largest width of the opened packet, CSS px. */
  heroMaxWidth: 270,
  /** Width of the opened packet, fraction of the scene's width (capped by heroMaxWidth). */
  heroWidthRatio: 0.7,
  /** The opened packet with its risen card fills at most this fraction of the scene's height. */
  heroHeightRatio: 0.86,
  /** The closed packet's centre while held, fraction of the scene's height from the top. */
  heldY: 0.48,
  /** Size of a packet dropped in from the top when play() finds none falling, fraction of the hero's. */
  dropInScale: 0.25,
  /** Flight of the tapped packet to the centre, ms. */
  flyMs: 460,
  /** One turn of the seal's coin-flip while waiting for the outcome, ms. */
  sealSpinMs: 720,
  /** Wobble of the held packet while waiting, radians. */
  shakeAngle: 0.05,
  /** Period of the wobble, ms. */
  shakePeriodMs: 160,
  /** The wobble comes in bursts, one every this many ms. */
  shakeBurstMs: 1100,
  /** The held packet swells by this fraction at the height of a burst. */
  shakeSwell: 0.015,
  /** The seal pops and the flap flips open, ms. */
  openMs: 380,
  /** Share of openMs the seal takes to pop (0–1). */
  sealPopShare: 0.35,
  /** Share of openMs before the lid starts to flip (0–1). */
  lidDelayShare: 0.15,
  /** The card's texts grow in from this scale to 1 as it rises. */
  cardPopFrom: 0.6,
  /** Turn of the rays behind a won card, radians per ms. */
  raysSpin: 0.0002,
  /** The card slides up out of the packet, ms. */
  cardMs: 620,
  /** Pause after the card lands before `settled`, ms. */
  settleDelayMs: 250,
  /** The held packet shrinks back after abort(), ms. */
  abortMs: 420,
  /** The opened packet fades out on reset(), ms. */
  resetMs: 280,
  /** An opened packet leaving drops this far, fraction of the scene's height (fading would show the card through the pocket). */
  leaveDrop: 0.9,
  /** …and shrinks to this scale, fraction of its own. */
  leaveScale: 0.8,
  /** A closed packet leaving sinks this far while it fades, CSS px. */
  fadeDrop: 40,
  /** …and shrinks to this scale, fraction of its own. */
  fadeScale: 0.35,
  /** Coins bursting out of a winning packet (pooled sprites). */
  coinCount: 40,
  /** Initial coin speed range, CSS px/ms. */
  coinSpeed: 0.95,
  /** Gravity on coins, CSS px/ms². */
  coinGravity: 0.0016,
  /** Coin life, ms. */
  coinLifeMs: 1300,
  /** Coin radius, CSS px. */
  coinRadius: 11,
  /** Coins fade out over this last share of their life (0–1). */
  coinFadeShare: 0.25,
  /** Draw the festive background (off if the host draws its own). */
  background: true,
  /** Hint under the rain while idle; '' for none. */
  hint: '点击红包 · 拆开好运',
}

export type RedPacketDefaults = typeof RED_PACKET_DEFAULTS

/**
 * prefers-reduced-motion: no rain (still packets), no coins, no wobble; the packet
 * flies, opens and shows its card in a few hundred ms.
 */
export const RED_PACKET_REDUCED_MOTION: Partial<RedPacketDefaults> = {
  rainSpeed: 0,
  playRainSpeed: 0,
  focusMs: 120,
  flyMs: 160,
  shakeAngle: 0,
  shakeSwell: 0,
  openMs: 160,
  cardMs: 220,
  settleDelayMs: 100,
  raysSpin: 0,
  coinCount: 0,
  abortMs: 160,
  resetMs: 140,
}

/** One packet of a multi-draw (连抽): the nearest falling packet flies in and opens quickly, one after another. */
export const RED_PACKET_BRISK: Partial<RedPacketDefaults> = {
  flyMs: 260,
  openMs: 240,
  cardMs: 380,
  settleDelayMs: 150,
  resetMs: 160,
}
