import type { Template } from '../core/activity'

/** The readable names the preview URL uses for each template (/preview/wheel). */
export type TemplateSlug = 'wheel' | 'scratch' | 'redpacket'

export const SLUG_BY_TEMPLATE: Readonly<Record<Template, TemplateSlug>> = { 10: 'scratch', 11: 'wheel', 12: 'redpacket' }

const TEMPLATE_BY_PARAM: Readonly<Record<string, Template>> = {
  scratch: 10,
  wheel: 11,
  redpacket: 12,
  '10': 10,
  '11': 11,
  '12': 12,
}

/** A route param ('wheel' | 'scratch' | 'redpacket' | '10' | '11' | '12') → its template, or null. */
export function templateFromParam(param: unknown): Template | null {
  return typeof param === 'string' ? (TEMPLATE_BY_PARAM[param] ?? null) : null
}
