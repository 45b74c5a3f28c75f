import type { Store } from '../db/queries'
import { maskName } from '../../src/core/names'

/**
 * How a winner appears on the public list (info/userlist's wxname,
 * headimgurl): the WeChat nickname, masked, and avatar when the person shared
 * them; else the form's name, masked, and no avatar.
 */

/** WeChat's avatar hosts. */
const AVATAR_HOSTS = /^(?:thirdwx|wx)\.qlogo\.cn$/
/** WeChat's avatar sizes are the last path segment (0 = 640 px); 132 px is plenty for a list row. */
const AVATAR_SIZE = '132'

/** An avatar URL fit for the page: https, a WeChat image host, the /132 size; anything else ''. */
export function wechatAvatar(url: string | null): string {
  if (!url) return ''
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return ''
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || !AVATAR_HOSTS.test(parsed.hostname) || parsed.port !== '') return ''
  const segments = parsed.pathname.split('/')
  if (segments.length < 3 || !/^(?:0|46|64|96|132)$/.test(segments[segments.length - 1] ?? '')) return ''
  segments[segments.length - 1] = AVATAR_SIZE
  return `https://${parsed.hostname}${segments.join('/')}`
}

/** The list's name and avatar for the winner `pid`; `formName` is what they typed in the info form, if anything. */
export async function winnerDisplay(store: Store, pid: string, formName: string | null): Promise<{ wxname: string; headimgurl: string }> {
  const person = pid.startsWith('w:') ? await store.wechat.person(pid.slice(2)) : null
  if (person?.nickname) return { wxname: maskName(person.nickname), headimgurl: wechatAvatar(person.headimgurl) }
  return { wxname: maskName(formName), headimgurl: '' }
}
