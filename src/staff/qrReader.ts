/**
 * Reads a QR code from a video frame: the browser's BarcodeDetector where it has
 * one that knows QR (Android Chrome, Safari 17+), else jsQR, downloaded only
 * then (it lives in its own chunk, never in the participant's page).
 */

/** One read of the current frame → the QR's text, or null when none is seen. */
export type FrameReader = (video: HTMLVideoElement) => Promise<string | null>

/** The part of the Barcode Detection API used here (TypeScript's DOM library does not declare it). */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike
  getSupportedFormats?: () => Promise<string[]>
}

/** Frames are scaled down to at most this width before jsQR reads them (CSS px of the video's own size). */
const MAX_READ_WIDTH = 640

async function nativeReader(): Promise<FrameReader | null> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector
  if (!Detector) return null
  try {
    const formats = (await Detector.getSupportedFormats?.()) ?? []
    if (!formats.includes('qr_code')) return null
    const detector = new Detector({ formats: ['qr_code'] })
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null
  } catch {
    return null
  }
}

async function jsqrReader(): Promise<FrameReader> {
  const { default: jsQR } = await import('jsqr')
  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (!context) throw new Error('no 2d canvas')
  return async (video) => {
    const w = video.videoWidth
    const h = video.videoHeight
    if (!w || !h) return null
    const scale = Math.min(1, MAX_READ_WIDTH / w)
    canvas.width = Math.round(w * scale)
    canvas.height = Math.round(h * scale)
    context.drawImage(video, 0, 0, canvas.width, canvas.height)
    const image = context.getImageData(0, 0, canvas.width, canvas.height)
    return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null
  }
}

/** The best reader this browser has. */
export async function createFrameReader(): Promise<FrameReader> {
  return (await nativeReader()) ?? jsqrReader()
}

/** Why the camera cannot be used, in words for the shop assistant. */
export function cameraProblem(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : ''
  if (name === 'NotAllowedError' || name === 'SecurityError') return '未获得相机权限，请在浏览器设置中允许使用相机，或直接输入核销码'
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return '没有找到可用的相机，请直接输入核销码'
  if (name === 'NotReadableError') return '相机正被其他应用占用，请关闭后重试，或直接输入核销码'
  if (name === 'Unsupported') return '当前浏览器不支持调用相机（需 HTTPS），请直接输入核销码'
  return '相机无法启动，请直接输入核销码'
}
