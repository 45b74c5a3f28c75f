import type { FieldError } from './validation'

/**
 * Field error paths ('prize.2.chance', 'active_time.0.start', 'tips.no_award')
 * as the core validation and the server both name them, mapped onto the studio's form.
 */

/** path → the first message for it. */
export type ErrorMap = Readonly<Record<string, string>>

/** The first message per path; earlier lists win (local validation before the server's). */
export function toErrorMap(...lists: readonly (readonly FieldError[])[]): ErrorMap {
  const map: Record<string, string> = {}
  for (const list of lists) {
    for (const { path, message } of list) {
      if (!(path in map)) map[path] = message
    }
  }
  return map
}

/** The form section a path belongs to: its first segment ('prize.2.chance' → 'prize'). */
export function sectionOf(path: string): string {
  const dot = path.indexOf('.')
  return dot < 0 ? path : path.slice(0, dot)
}

/**
 * Messages at `prefix` itself or below it whose exact path no visible field
 * shows — e.g. a whole-window overlap at 'active_time.1', or 'prize.0.min'
 * while the red packet is in fixed mode — so no error is ever invisible.
 */
export function leftoverErrors(errors: ErrorMap, prefix: string, shown: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([path]) => (path === prefix || path.startsWith(`${prefix}.`)) && !shown.includes(path))
    .map(([, message]) => message)
}

/** The value at a dotted path, or undefined when the path leads nowhere. */
export function valueAt(root: unknown, path: string): unknown {
  let node = root
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}
