import { START_LOCATION, createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { templateFromParam } from './templateSlug'

/**
 * The route table. Every view loads on demand, home too: the entry chunk is what every
 * participant downloads first, and the demo list is not the participant's page.
 */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('../views/HomeView.vue'), meta: { title: '抽奖游戏演示' } },
  {
    path: '/preview/:template',
    name: 'preview',
    component: () => import('../views/PreviewView.vue'),
    meta: { title: '活动预览' },
    // An unknown template is a missing page, not a broken preview.
    beforeEnter: (to) =>
      templateFromParam(to.params.template) !== null || {
        name: 'not-found',
        params: { pathMatch: to.path.slice(1).split('/') },
        query: to.query,
        hash: to.hash,
      },
  },
  {
    // The participant's shared link (seed 002).
    path: '/game/lottery/index/code/:code',
    name: 'game',
    component: () => import('../views/GameView.vue'),
    meta: { title: '抽奖' },
  },
  {
    path: '/game/lottery/index/code/:code/prize',
    name: 'my-prize',
    component: () => import('../views/MyPrizeView.vue'),
    meta: { title: '我的奖品' },
  },
  {
    // 我的记录 (issue 13): plays, wins with delivery status, claim forms.
    path: '/game/lottery/index/code/:code/records',
    name: 'records',
    component: () => import('../views/RecordsView.vue'),
    meta: { title: '我的记录' },
  },
  // The marketer studio: its own lazy chunk, never loaded by participants.
  { path: '/studio', name: 'studio', component: () => import('../views/StudioView.vue'), meta: { title: '活动工作台' } },
  // Shop staff redeem prizes on a phone: its own lazy chunk, with the QR reader loaded inside it.
  { path: '/staff', name: 'staff', component: () => import('../views/StaffView.vue'), meta: { title: '门店核销' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue'), meta: { title: '页面不存在' } },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  // Not on the landing: the page is at its top already (the router turns the browser's scroll restoration off),
  // and scrolling would force a layout of the page just rendered, inside its first render's task.
  scrollBehavior: (_to, from) => (from === START_LOCATION ? false : { top: 0 }),
})

router.afterEach((to) => {
  if (typeof to.meta.title === 'string') document.title = to.meta.title
})
