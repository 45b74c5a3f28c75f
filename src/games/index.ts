import type { Template } from '../core/activity'
import type { LotteryGame } from './shared/Game'

/** How the host wants the game played. */
export interface GameOptions {
  /** The participant asked for less motion (prefers-reduced-motion): brief animations that still land on the outcome. */
  reducedMotion?: boolean
}

/**
 * Build the game for a template. Each game's module (and pixi.js with it) is a
 * lazy chunk: nothing of Pixi is downloaded before a game is asked for.
 */
export async function loadGame(template: Template, options: GameOptions = {}): Promise<LotteryGame> {
  const reduced = options.reducedMotion === true
  switch (template) {
    case 10: {
      const [{ ScratchCardGame }, { SCRATCH_REDUCED_MOTION }] = await Promise.all([import('./scratch-card/ScratchCardGame'), import('./scratch-card/defaults')])
      return new ScratchCardGame(reduced ? SCRATCH_REDUCED_MOTION : {})
    }
    case 11: {
      const [{ WheelGame }, { WHEEL_REDUCED_MOTION }] = await Promise.all([import('./wheel/WheelGame'), import('./wheel/defaults')])
      return new WheelGame(reduced ? WHEEL_REDUCED_MOTION : {})
    }
    case 12: {
      const [{ RedPacketGame }, { RED_PACKET_REDUCED_MOTION }] = await Promise.all([import('./red-packet/RedPacketGame'), import('./red-packet/defaults')])
      return new RedPacketGame(reduced ? RED_PACKET_REDUCED_MOTION : {})
    }
  }
}
