import { computed, ref, shallowRef, type Ref } from 'vue'
import type { ActivityConfig } from '../core/activity'
import { isWeChatBrowser } from '../core/wechatBrowser'
import { showToast } from '../components/vant'

/** The page's WeChat side (./page): fetched once entered, only where it can matter. */
type WeChatSide = typeof import('./page')

/**
 * The live page's WeChat side, kept out of GameView: the entry's follow-up
 * (the callback's report as a toast, the share card) and, for a `wechat`
 * activity's winner, the one-time nickname/avatar ask.
 *
 * Only a `wechat` activity (sign-in, its report, the profile ask) or a page inside WeChat (the share card)
 * has any of this to do: elsewhere none of it is downloaded.
 */
export function useWeChatPage(code: Ref<string>, config: Ref<ActivityConfig | null>) {
  /** Declined here: hide the ask at once (storage is not reactive). */
  const declined = ref(false)
  const side = shallowRef<WeChatSide | null>(null)

  const askProfile = computed(
    () =>
      !declined.value &&
      config.value?.identity === 'wechat' &&
      side.value !== null &&
      side.value.shouldAskProfile(code.value, navigator.userAgent, localStorage),
  )

  return {
    askProfile,
    /** Where accepting goes: sign-in again with scope=userinfo, read when rendered (the page's URL may have changed). */
    profileHref: () => side.value?.signInHref(code.value, location.href, 'userinfo') ?? '',
    declineProfile(): void {
      side.value?.profileAsked(code.value, localStorage)
      declined.value = true
    },
    /** The link navigates away: only remember the answer, so the link stays in place for its own click. */
    acceptProfile(): void {
      side.value?.profileAsked(code.value, localStorage)
    },
    /** Activity/index answered 200. */
    entered(): void {
      if (config.value?.identity !== 'wechat' && !isWeChatBrowser(navigator.userAgent)) return
      const forCode = code.value
      import('./page')
        .then((page) => {
          side.value = page
          const notice = page.onWeChatEntered(forCode)
          if (notice) showToast(notice)
        })
        // A failed download (offline) loses the share card and the ask, never the page.
        .catch(() => undefined)
    },
  }
}
