import { easeInCubic, easeInOutCubic, easeOutBack, easeOutCubic, lerp } from '../shared/easing'
import type { RedPacketDefaults } from './defaults'

/** Where the held packet is in its story. */
export type HeroPhase = 'fly' | 'wait' | 'open' | 'card' | 'hold' | 'done' | 'abort' | 'leave'

/** Where a packet is drawn: position in CSS px, rotation in radians, scale of the hero art. */
export interface Placement {
  x: number
  y: number
  rotation: number
  scale: number
}

export interface Pose extends Placement {
  /** Opacity, 0–1. */
  alpha: number
}

/** What the pose depends on besides the phase and its clock. */
export interface HeroStage {
  /** The scene's size, CSS px. */
  width: number
  height: number
  /** The hero's scale once held. */
  heroScale: number
  /** The hero's centre y once opened, CSS px. */
  openY: number
  /** Where the packet was when the phase began (the tapped packet, or the hero when it leaves). */
  from: Placement
  /** The lid is up: a leaving packet drops instead of fading (a fade would show the card through the pocket). */
  open: boolean
}

export type HeroPoseOptions = Pick<
  RedPacketDefaults,
  | 'flyMs'
  | 'openMs'
  | 'abortMs'
  | 'resetMs'
  | 'heldY'
  | 'shakeAngle'
  | 'shakePeriodMs'
  | 'shakeBurstMs'
  | 'shakeSwell'
  | 'leaveDrop'
  | 'leaveScale'
  | 'fadeDrop'
  | 'fadeScale'
>

/** The held packet's pose `ms` into `phase`: pure, so every phase's motion is testable without Pixi. */
export function heroPose(phase: HeroPhase, ms: number, stage: HeroStage, o: HeroPoseOptions): Pose {
  const { from, heroScale: s } = stage
  const cx = stage.width / 2
  const heldY = stage.height * o.heldY
  switch (phase) {
    case 'fly': {
      const k = ms / o.flyMs
      const e = easeOutCubic(k)
      return { x: lerp(from.x, cx, e), y: lerp(from.y, heldY, e), rotation: lerp(from.rotation, 0, e), scale: lerp(from.scale, s, easeOutBack(k)), alpha: 1 }
    }
    case 'wait': {
      // Wobble in bursts, like a packet that wants to open.
      const burst = Math.max(0, Math.sin((2 * Math.PI * ms) / o.shakeBurstMs)) ** 2
      const rotation = o.shakeAngle * burst * Math.sin((2 * Math.PI * ms) / o.shakePeriodMs)
      return { x: cx, y: heldY, rotation, scale: s * (1 + o.shakeSwell * burst), alpha: 1 }
    }
    case 'open':
      return { x: cx, y: lerp(heldY, stage.openY, easeInOutCubic(ms / o.openMs)), rotation: 0, scale: s, alpha: 1 }
    case 'card':
    case 'hold':
    case 'done':
      return { x: cx, y: stage.openY, rotation: 0, scale: s, alpha: 1 }
    case 'abort':
    case 'leave': {
      const e = easeInCubic(ms / (phase === 'abort' ? o.abortMs : o.resetMs))
      const rotation = from.rotation * (1 - e)
      if (stage.open) return { x: from.x, y: from.y + stage.height * o.leaveDrop * e, rotation, scale: from.scale * lerp(1, o.leaveScale, e), alpha: 1 }
      return { x: from.x, y: from.y + o.fadeDrop * e, rotation, scale: from.scale * lerp(1, o.fadeScale, e), alpha: 1 - e }
    }
  }
}

