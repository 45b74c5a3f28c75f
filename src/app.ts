/** The app, started by src/main.ts once the page's frame has painted. */
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { setApiHooks } from './api/hooks'
import { rememberLanding } from './wechat/landing'
import { yieldToMain } from './games/startup'
import './styles/theme.css'
import './components/vantStyles'
import './styles/base.css'

// WeChat on iOS signs the JS-SDK against the URL the page landed on: keep it before the router rewrites anything
// (src/main.ts changes nothing before it starts this module).
rememberLanding()

const pinia = createPinia()

// The API client's callbacks. The activity store is imported on demand: it pulls in the
// client and the contract, which the entry chunk does without; a live page has loaded them already.
const activityStore = () => import('./stores/activity').then(({ useActivityStore }) => useActivityStore(pinia))
setApiHooks({
  // A dead token chain was re-entered through Activity/index: show the fresh state.
  onReenter: (code, data) => void activityStore().then((store) => store.applyIndex(code, data)),
  // Re-entering did not help: the participant must open the link again.
  onFatal: (error) => void activityStore().then((store) => store.setFatal(error.message)),
})

// The first navigation (the router starts it when installed) and the first render each in a task of their own, after
// this chunk's evaluation: three shorter tasks instead of one long one that would block a tap (Lighthouse's Total
// Blocking Time). A failed first navigation mounts all the same, as it did when both ran together.
// src/main.ts waits for it: a failed start shows the upgrade notice, as a chunk that does not load does.
export const started = yieldToMain().then(async () => {
  const app = createApp(App).use(pinia).use(router)
  await router.isReady().catch(() => undefined)
  await yieldToMain()
  app.mount('#app')
})
