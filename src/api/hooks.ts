import type { ApiHooks } from './client'

/**
 * The app's API hooks, set once by app.ts. Kept apart from the client so the
 * entry chunk can wire them without pulling in the client (the home page never calls the API).
 */
export const apiHooks: ApiHooks = {}

/** Set (replace) the app's hooks. */
export function setApiHooks(hooks: ApiHooks): void {
  apiHooks.onReenter = hooks.onReenter
  apiHooks.onFatal = hooks.onFatal
}
