import { defineComponent, h } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import type { Component } from 'vue'
import type { Template } from '../../../src/core/activity'
import { useStudioStore } from '../../../src/stores/studio'

/** Test helpers for the studio: a signed-in store on a demo draft, and a mount with that pinia. */

/**
 * Per-test limit for studio tests: mounting the whole form takes a few hundred
 * ms alone but several seconds on a loaded CI box. A hang guard, not a speed check.
 */
export const TIMEOUT_MS = 30_000

/** A fresh pinia with a signed-in studio store editing `template`'s demo (valid, saveable). */
export function signedInStore(template: Template = 11) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const store = useStudioStore()
  store.auth = 'test-marketer-key'
  store.startNew(template, 'demo')
  return { pinia, store }
}

/** Mount the given components side by side, as the view arranges them. */
export function mountWith(pinia: ReturnType<typeof createPinia>, ...components: Component[]) {
  const Harness = defineComponent({ render: () => h('div', components.map((c) => h(c))) })
  return mount(Harness, { global: { plugins: [pinia] }, attachTo: document.body })
}

export { flushPromises }
