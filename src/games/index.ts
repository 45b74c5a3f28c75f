import type { Template } from '../core/activity'
import type { LotteryGame } from './shared/Game'

/**
 * Build the game for a template. Each game's module (and pixi.js with it) is a
 * lazy chunk: nothing of Pixi is downloaded before a game is asked for.
 */
export async function loadGame(template: Template): Promise<LotteryGame> {
  switch (template) {
    case 10: {
      const { ScratchCardGame } = await import('./scratch-card/ScratchCardGame')
      return new ScratchCardGame()
    }
    case 11: {
      const { WheelGame } = await import('./wheel/WheelGame')
      return new WheelGame()
    }
    case 12: {
      const { RedPacketGame } = await import('./red-packet/RedPacketGame')
      return new RedPacketGame()
    }
  }
}
