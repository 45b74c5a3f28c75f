import { Texture } from 'pixi.js'

/** How long a prize image may take before the built-in art is used instead, ms. */
export const IMAGE_TIMEOUT_MS = 4000

/**
 * Load a marketer's image (prize.img) as a texture, or null if it fails, is not
 * CORS-enabled (WebGL could not upload it) or is slower than `timeoutMs`: the
 * caller then draws its built-in icon. Never rejects. The caller owns the
 * texture: destroy it with `texture.destroy(true)`.
 */
export function loadImageTexture(url: string, timeoutMs = IMAGE_TIMEOUT_MS): Promise<Texture | null> {
  if (!url) return Promise.resolve(null)
  return new Promise((resolve) => {
    const img = new Image()
    const done = (texture: Texture | null): void => {
      clearTimeout(timer)
      img.onload = img.onerror = null
      resolve(texture)
    }
    const timer = setTimeout(() => {
      img.src = ''
      done(null)
    }, timeoutMs)
    img.crossOrigin = 'anonymous'
    img.decoding = 'async'
    img.onload = () => done(img.naturalWidth > 0 ? Texture.from(img, true) : null)
    img.onerror = () => done(null)
    img.src = url
  })
}
