import { writeFileSync } from 'node:fs'
import { chromium, expect, request as playwrightRequest, type APIRequestContext, type Browser } from '@playwright/test'
import QRCode from 'qrcode'
import { E2E_PORT } from '../../../playwright.config'
import { MARKETER_KEY } from './live'

/**
 * Helpers for running a campaign in the browser tests (staff.spec.ts,
 * ops-studio.spec.ts): wins made through the real API as fresh participants, a
 * staff key, a camera fed with a QR code, and a browser launched with that camera.
 */

export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`

interface Envelope<T = unknown> {
  code: number
  msg: string
  data: T
}

async function post<T>(api: APIRequestContext, path: string, data: object, headers: Record<string, string> = {}): Promise<Envelope<T>> {
  const response = await api.post(`/lottery${path}`, { data, headers })
  return (await response.json()) as Envelope<T>
}

/** One play by a new participant (own cookies) through Activity/index and Activity/award; resolves to the 核销码 when it won, else null. */
export async function playOnce(code: string): Promise<string | null> {
  const participant = await playwrightRequest.newContext({ baseURL: BASE_URL })
  try {
    const entered = await post(participant, '/Activity/index', { code })
    expect(entered.code, entered.msg).toBe(200)
    const requestId = `e2e${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`
    const award = await post<{ secret?: string }>(participant, '/Activity/award', { code, request_id: requestId })
    expect([200, 202], award.msg).toContain(award.code)
    return award.code === 200 ? (award.data.secret ?? null) : null
  } finally {
    await participant.dispose()
  }
}

/** A won 核销码 of `code` (the activity must make every play win). */
export async function winCode(code: string): Promise<string> {
  const secret = await playOnce(code)
  if (!secret) throw new Error(`no win in ${code}`)
  return secret
}

/** A staff key made through keys/create with the marketer key, limited to `activities`. */
export async function createStaffKey(api: APIRequestContext, label: string, activities: string[]): Promise<string> {
  const created = await post<{ key: string }>(api, '/keys/create', { auth: MARKETER_KEY, label, role: 'staff', activities })
  expect(created.code, created.msg).toBe(200)
  return created.data.key
}

/**
 * A Y4M video (YUV4MPEG2, 4:2:0) of `frames` identical frames showing the QR
 * code of `text`, black on white with a quiet zone, as Chromium's fake camera
 * reads it (--use-file-for-fake-video-capture). Written by hand: no ffmpeg.
 */
export function writeQrVideo(text: string, file: string, width = 640, height = 480, frames = 2): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const quiet = 4
  const cell = Math.floor((Math.min(width, height) * 0.8) / (modules.size + quiet * 2))
  const side = cell * modules.size
  const left = Math.floor((width - side) / 2)
  const top = Math.floor((height - side) / 2)
  const luma = new Uint8Array(width * height).fill(235)
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue
      for (let y = 0; y < cell; y++) luma.fill(16, (top + row * cell + y) * width + left + col * cell, (top + row * cell + y) * width + left + (col + 1) * cell)
    }
  }
  const chroma = new Uint8Array((width / 2) * (height / 2) * 2).fill(128)
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma])
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]))
}

/** A separate Chromium whose camera shows `video`, or Chromium's own test pattern (no QR code) without one; the other specs' browsers are untouched. */
export function launchWithCamera(video?: string): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-webgl',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      ...(video ? [`--use-file-for-fake-video-capture=${video}`] : []),
    ],
  })
}
