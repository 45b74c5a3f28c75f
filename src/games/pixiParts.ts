/**
 * The build's pixi.js chunks before the last, as imports to run in order (vite.config.ts, PIXI_SPLIT): the build
 * replaces this list. Importing one evaluates one chunk, so the page evaluates pixi.js in several tasks instead of
 * one long one (GameCanvas hands the main thread back between them). Empty in the dev server and the tests, where
 * pixi.js comes whole with the stage's import.
 */
export const PIXI_PARTS: readonly (() => Promise<unknown>)[] = []
