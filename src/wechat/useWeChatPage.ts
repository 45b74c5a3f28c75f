import { computed, ref, type Ref } from 'vue'
import type { ActivityConfig } from '../core/activity'
import { showToast } from '../components/vant'
import { onWeChatEntered } from './page'
import { profileAsked, shouldAskProfile, signInHref } from './signIn'

/**
 * The live page's WeChat side, kept out of GameView: the entry's follow-up
 * (the callback's report as a toast, the share card) and, for a `wechat`
 * activity's winner, the one-time nickname/avatar ask.
 */
export function useWeChatPage(code: Ref<string>, config: Ref<ActivityConfig | null>) {
  /** Declined here: hide the ask at once (storage is not reactive). */
  const declined = ref(false)

  const askProfile = computed(
    () => !declined.value && config.value?.identity === 'wechat' && shouldAskProfile(code.value, navigator.userAgent, localStorage),
  )

  return {
    askProfile,
    /** Where accepting goes: sign-in again with scope=userinfo, read when rendered (the page's URL may have changed). */
    profileHref: () => signInHref(code.value, location.href, 'userinfo'),
    declineProfile(): void {
      profileAsked(code.value, localStorage)
      declined.value = true
    },
    /** The link navigates away: only remember the answer, so the link stays in place for its own click. */
    acceptProfile(): void {
      profileAsked(code.value, localStorage)
    },
    /** Activity/index answered 200. */
    entered(): void {
      const notice = onWeChatEntered(code.value)
      if (notice) void showToast(notice)
    },
  }
}
