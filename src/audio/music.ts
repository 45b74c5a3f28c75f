/**
 * The activity's background music (ActivityConfig.bgm): one <audio> element, looped. It is created only
 * when it is to play (never before the participant's first tap, so a page nobody touches downloads none
 * of it) and streams the file rather than decoding it whole. src/audio/index.ts says when it may play.
 */
let source = ''
let element: HTMLAudioElement | null = null

/** The music to play ('' = none); a new source replaces the element (and its download). */
export function setMusicSource(url: string): void {
  if (url === source) return
  source = url
  element?.pause()
  element?.removeAttribute('src')
  element?.load() // drops the old download
  element = null
}

/**
 * Play or pause. Playing creates the element on first use; call it from a gesture's handler the first time
 * (iOS lets an <audio> start only there). A refused or failed play (autoplay rules, a broken URL) stays silent.
 */
export function playMusic(on: boolean): void {
  if (!on || source === '') {
    element?.pause()
    return
  }
  if (!element) {
    element = new Audio(source)
    element.loop = true
  }
  if (element.paused) element.play().catch(() => undefined)
}
