import { flushPromises, mount, type ComponentMountingOptions } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { Component } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { routes } from '../../src/router'

/** vi.waitFor's limit in component tests: its 1 s default is short on a shared 2-core CI box running every suite. */
export const WAIT = { timeout: 5000 }

/** A router on the app's route table with in-memory history, already at `path`. */
export async function createTestRouter(path = '/'): Promise<Router> {
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  return router
}

export interface AppMountOptions {
  /** Where the router starts. */
  path?: string
  /** A pinia to share with the test (e.g. to tune a store before mounting); fresh by default. */
  pinia?: Pinia
}

/**
 * Mount a component with a fresh pinia and a memory router at `path`: the
 * app's plugins without the app. Returns the wrapper plus both, for assertions.
 */
export async function mountWithApp<C extends Component>(
  component: C,
  options: AppMountOptions & ComponentMountingOptions<C> = {},
) {
  const { path = '/', pinia = freshPinia(), ...mountOptions } = options
  const router = await createTestRouter(path)
  const wrapper = mount(component, {
    ...mountOptions,
    global: { ...mountOptions.global, plugins: [...(mountOptions.global?.plugins ?? []), pinia, router] },
  } as ComponentMountingOptions<C>)
  await flushPromises()
  return { wrapper, router, pinia }
}

/** A new pinia, made active so stores can be used before mounting. */
export function freshPinia(): Pinia {
  const pinia = createPinia()
  setActivePinia(pinia)
  return pinia
}

/** Wait `ms` of real time, then let promises settle. */
export async function later(ms = 0): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
}

/** Teleported content (Vant popups) lives in document.body, outside the wrapper. */
export function bodyQuery<E extends Element = HTMLElement>(selector: string): E | null {
  return document.body.querySelector<E>(selector)
}

/** `[data-test="name"]` */
export function dt(name: string): string {
  return `[data-test="${name}"]`
}

/** Type into the info form's fields (UserFormPopup, teleported), by input name. */
export async function fillUserForm(values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const input = bodyQuery<HTMLInputElement>(`${dt('user-form')} [name="${name}"]`)
    if (!input) throw new Error(`no field ${name}`)
    input.value = value
    input.dispatchEvent(new Event('input'))
  }
  await flushPromises()
}

/** Submit the info form as its button would. */
export async function submitUserForm(): Promise<void> {
  bodyQuery<HTMLFormElement>(`${dt('user-form')} form`)!.dispatchEvent(new Event('submit', { cancelable: true }))
  await flushPromises()
}
