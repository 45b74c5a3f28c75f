import { TEMPLATES, type Template } from '../core/activity'

/** The readable names the preview URL uses for each template (/preview/wheel). */
export type TemplateSlug = 'wheel' | 'scratch' | 'redpacket'

export const SLUG_BY_TEMPLATE: Readonly<Record<Template, TemplateSlug>> = { 10: 'scratch', 11: 'wheel', 12: 'redpacket' }

/** A route param ('wheel' | 'scratch' | 'redpacket' | '10' | '11' | '12') → its template, or null. */
export function templateFromParam(param: unknown): Template | null {
  if (typeof param !== 'string') return null
  return TEMPLATES.find((t) => SLUG_BY_TEMPLATE[t] === param || String(t) === param) ?? null
}
