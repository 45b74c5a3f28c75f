import { Hono } from 'hono'
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Deps } from '../context'
import { API_BASE, Code, PATHS } from '../../src/core/contract'
import { BODY_LIMITS } from '../context'
import { badRequest, fail, send } from '../http'

/** Accepted images, told apart by their first bytes (never by the file name or the declared type). */
const IMAGE_TYPES = [
  { ext: 'png', mime: 'image/png', test: (b: Uint8Array) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { ext: 'jpg', mime: 'image/jpeg', test: (b: Uint8Array) => startsWith(b, [0xff, 0xd8, 0xff]) },
  {
    ext: 'webp',
    mime: 'image/webp',
    // 'RIFF' <size> 'WEBP'
    test: (b: Uint8Array) => startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b.subarray(8), [0x57, 0x45, 0x42, 0x50]),
  },
] as const

const FILE_RE = /^([0-9a-f]{64})\.(png|jpg|webp)$/

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte)
}

/** img/*: upload (marketers) and serve. Files are named by their SHA-256, so a URL never changes content. */
export function imgRoutes(deps: Deps): Hono {
  const app = new Hono()

  // The key was checked by marketerHeader (server/app.ts) before the body was read.
  app.post('/add', async (c) => {
    const type = c.req.header('content-type') ?? ''
    if (!type.toLowerCase().startsWith('multipart/form-data')) {
      return fail(c, Code.UNSUPPORTED_MEDIA, null, '请以 multipart/form-data 上传图片（file）')
    }
    let body: Record<string, string | File | (string | File)[]>
    try {
      body = await c.req.parseBody({ all: true })
    } catch {
      return badRequest(c, [{ path: '', message: '上传内容无法解析' }])
    }
    const file = body.file
    if (!(file instanceof File)) return badRequest(c, [{ path: 'file', message: '请上传一个图片文件（file）' }])
    if (file.size > BODY_LIMITS.image) return fail(c, Code.PAYLOAD_TOO_LARGE, null, '图片不能超过 2 MB')
    const bytes = new Uint8Array(await file.arrayBuffer())
    const kind = IMAGE_TYPES.find((t) => t.test(bytes))
    if (!kind) return fail(c, Code.UNSUPPORTED_MEDIA, null, '只支持 PNG、JPEG 或 WebP 图片')

    const name = `${createHash('sha256').update(bytes).digest('hex')}.${kind.ext}`
    const path = join(deps.uploadDir, name)
    const exists = await stat(path).then(
      () => true,
      () => false,
    )
    if (!exists) {
      await mkdir(deps.uploadDir, { recursive: true })
      // Write then rename: a reader never sees half a file.
      const temp = `${path}.${process.pid}.${Date.now()}.tmp`
      await writeFile(temp, bytes)
      await rename(temp, path)
    }
    return send(c, { code: Code.OK, data: { url: `${API_BASE}${PATHS.img}/${name}` } })
  })

  app.get('/:file', async (c) => {
    const match = FILE_RE.exec(c.req.param('file'))
    if (!match) return fail(c, Code.NOT_FOUND, null, '图片不存在')
    let bytes: Buffer
    try {
      bytes = await readFile(join(deps.uploadDir, match[0]))
    } catch {
      return fail(c, Code.NOT_FOUND, null, '图片不存在')
    }
    const mime = IMAGE_TYPES.find((t) => t.ext === match[2])?.mime ?? 'application/octet-stream'
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': mime,
      'cache-control': 'public, max-age=31536000, immutable',
    })
  })

  return app
}
