import type { Server } from 'node:http'
import type { Http2SecureServer, Http2Server } from 'node:http2'
import type { Duplex } from 'node:stream'
import type { CodeValue } from '../src/core/contract'
import { CODE_INFO, Code } from '../src/core/contract'
import { envelope } from './http'

/**
 * What Node's HTTP parser refuses never reaches Hono (headers over 16 KB, a
 * broken request line): its default answer is a bare status line. Every answer
 * of the API is the JSON envelope, so these get one too, then the connection closes.
 */
export function answerParseErrors(server: Server | Http2Server | Http2SecureServer): void {
  ;(server as Server).on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return socket.destroy()
    // ECONNRESET etc.: the client is gone, nothing to answer.
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return socket.destroy()
    const code: CodeValue = err.code === 'HPE_HEADER_OVERFLOW' ? Code.HEADERS_TOO_LARGE : Code.BAD_REQUEST
    const { http } = CODE_INFO[code]
    const body = JSON.stringify(envelope({ code, data: null }))
    socket.end(
      `HTTP/1.1 ${http} ${http === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        'content-type: application/json; charset=UTF-8\r\n' +
        'cache-control: no-store\r\n' +
        'x-content-type-options: nosniff\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        'connection: close\r\n\r\n' +
        body,
    )
  })
}
