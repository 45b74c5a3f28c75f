/**
 * Reads QR codes from video frames with qr-scanner, downloaded only by the staff
 * page (its own chunk, never the participant's page): the browser's
 * BarcodeDetector where it knows QR (Android Chrome, Safari 17+), else its
 * jsQR-based decoder in a Web Worker (about 10 KB gzip, fetched only then), so
 * decoding never stalls the page. jsQR itself is 45 KB gzip on the main thread.
 */

/** Reads the current frame → the QR's text, or null when none is seen; `dispose` ends the decoder (its worker). */
export interface FrameReader {
  read(video: HTMLVideoElement): Promise<string | null>
  dispose(): void
}

/** The best reader this browser has. */
export async function createFrameReader(): Promise<FrameReader> {
  const { default: QrScanner } = await import('qr-scanner')
  const engine = await QrScanner.createQrEngine()
  // One canvas reused for every frame (qr-scanner draws the frame on it before decoding).
  const canvas = document.createElement('canvas')
  return {
    async read(video) {
      if (!video.videoWidth) return null
      try {
        return (await QrScanner.scanImage(video, { qrEngine: engine, canvas, returnDetailedScanResult: true })).data || null
      } catch {
        // No QR code in this frame (qr-scanner rejects): the next frame may have one.
        return null
      }
    },
    dispose() {
      if (engine instanceof Worker) engine.terminate()
    },
  }
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
