/**
 * The red packet rain as pure state: a fixed pool of packets that spawn above
 * the top, fall with a sway and are recycled below the bottom. No Pixi: the game
 * copies these numbers into its pooled sprites each frame. Deterministic for a
 * given Random, and nothing is allocated after construction.
 */
import type { Random } from '../../core/random'

/** One slot of the pool. Positions in CSS px, the packet's centre. */
export interface Packet {
  /** Falling (visible); false = free slot. */
  active: boolean
  x: number
  y: number
  /** Centre of the sway, CSS px. */
  baseX: number
  /** Fall speed, CSS px/ms. */
  vy: number
  /** Size factor; also the depth (bigger = nearer = faster = in front). */
  scale: number
  /** Half of the drawn width / height, CSS px (scale applied). */
  halfWidth: number
  halfHeight: number
  /** Sway amplitude, CSS px. */
  swayAmp: number
  /** Sway angular speed, radians/ms. */
  swayFreq: number
  /** Sway phase, radians. */
  phase: number
  /** Tilt, radians. */
  rotation: number
  /** Draw order: higher is in front (0–1, from the scale). */
  z: number
  /** Which of the packet textures (0 or 1). */
  variant: number
}

/** What shapes the rain; a subset of RedPacketDefaults. */
export interface RainParams {
  poolSize: number
  spawnIntervalMs: number
  spawnJitter: number
  packetWidth: number
  packetHeight: number
  minScale: number
  maxScale: number
  minSpeed: number
  maxSpeed: number
  swayAmplitude: number
  minSwayPeriodMs: number
  maxSwayPeriodMs: number
  maxTilt: number
}

/** Longest step simulated at once, ms: a frame after a stall must not teleport packets. */
export const MAX_STEP_MS = 64

/** Fixed-size packet rain. */
export class Rain {
  /** The pool; its length never changes. */
  readonly packets: readonly Packet[]
  private readonly params: RainParams
  private readonly random: Random
  private untilSpawn = 0
  private lastLane = -1

  constructor(params: RainParams, random: Random) {
    this.params = params
    this.random = random
    const packets: Packet[] = []
    for (let i = 0; i < params.poolSize; i++) {
      packets.push({
        active: false,
        x: 0,
        y: 0,
        baseX: 0,
        vy: 0,
        scale: 1,
        halfWidth: 0,
        halfHeight: 0,
        swayAmp: 0,
        swayFreq: 0,
        phase: 0,
        rotation: 0,
        z: 0,
        variant: 0,
      })
    }
    this.packets = packets
  }

  /** How many packets are falling. */
  activeCount(): number {
    let n = 0
    for (const p of this.packets) if (p.active) n++
    return n
  }

  /**
   * Advance by `dtMs` (clamped to MAX_STEP_MS) in a `width`×`height` area (CSS px).
   * `speed` scales time for the whole rain (1 = normal, 0.2 = slow motion);
   * with `spawning` false no new packet appears.
   */
  step(dtMs: number, width: number, height: number, speed = 1, spawning = true): void {
    const dt = Math.min(Math.max(dtMs, 0), MAX_STEP_MS) * speed
    for (const p of this.packets) {
      if (!p.active) continue
      this.move(p, dt)
      if (p.y - p.halfHeight - p.halfWidth > height) p.active = false
    }
    if (!spawning) return
    this.untilSpawn -= dt
    if (this.untilSpawn > 0) return
    const { spawnIntervalMs, spawnJitter } = this.params
    this.untilSpawn = spawnIntervalMs * (1 + spawnJitter * (2 * this.random() - 1))
    this.spawn(width, -1)
  }

  /**
   * Start a round with `count` packets already spread over the area's height,
   * so the first frame is not empty. Frees every slot first.
   */
  fill(count: number, width: number, height: number): void {
    for (const p of this.packets) p.active = false
    this.lastLane = -1
    const n = Math.min(count, this.packets.length)
    for (let i = 0; i < n; i++) {
      // Evenly down the screen (with jitter), so they do not leave in one clump.
      const band = height / n
      this.spawn(width, band * (i + 0.15 + 0.7 * this.random()))
    }
    this.untilSpawn = this.params.spawnIntervalMs * this.random()
  }

  /** Free a slot (its packet was tapped and taken over by the game). */
  release(index: number): void {
    const p = this.packets[index]
    if (p) p.active = false
  }

  /**
   * Activate a free slot: at `y` (CSS px, centre) or just above the top if y < 0.
   * Returns its index, or -1 if the pool is full.
   */
  spawn(width: number, y: number): number {
    let index = 0
    while (index < this.packets.length && this.packets[index]?.active) index++
    const p = this.packets[index]
    if (!p) return -1
    const r = this.random
    const prm = this.params
    const depth = r()
    p.scale = prm.minScale + (prm.maxScale - prm.minScale) * depth
    p.z = depth
    p.halfWidth = (prm.packetWidth * p.scale) / 2
    p.halfHeight = (prm.packetHeight * p.scale) / 2
    p.vy = (prm.minSpeed + (prm.maxSpeed - prm.minSpeed) * depth) * (0.9 + 0.2 * r())
    p.swayAmp = prm.swayAmplitude * (0.35 + 0.65 * r())
    const period = prm.minSwayPeriodMs + (prm.maxSwayPeriodMs - prm.minSwayPeriodMs) * r()
    p.swayFreq = (2 * Math.PI) / period
    p.phase = 2 * Math.PI * r()
    p.variant = r() < 0.5 ? 0 : 1
    p.baseX = this.laneX(width, p.halfWidth + p.swayAmp)
    p.y = y >= 0 ? y : -p.halfHeight - p.halfWidth
    p.active = true
    this.move(p, 0)
    return index
  }

  private move(p: Packet, dt: number): void {
    p.y += p.vy * dt
    p.phase += p.swayFreq * dt
    p.x = p.baseX + p.swayAmp * Math.sin(p.phase)
    // Tilt into the sway like a falling leaf: steepest where the sideways motion is fastest.
    p.rotation = this.params.maxTilt * (p.swayAmp / Math.max(1, this.params.swayAmplitude)) * Math.cos(p.phase)
  }

  /** A sway centre in a lane other than the previous spawn's, kept `margin` CSS px inside the edges. */
  private laneX(width: number, margin: number): number {
    const usable = Math.max(0, width - 2 * margin)
    const lanes = Math.max(2, Math.floor(usable / (this.params.packetWidth * 1.1)))
    let lane: number
    if (this.lastLane < 0 || this.lastLane >= lanes) lane = Math.floor(this.random() * lanes)
    else {
      lane = Math.floor(this.random() * (lanes - 1))
      if (lane >= this.lastLane) lane++
    }
    this.lastLane = lane
    const laneWidth = usable / lanes
    return margin + laneWidth * (lane + 0.5 + 0.5 * (this.random() - 0.5))
  }
}
