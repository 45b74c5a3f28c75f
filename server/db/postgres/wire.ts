import { createRequire } from 'node:module'

/**
 * The few PostgreSQL frontend messages the store's driver sends (protocol 3, extended query), each
 * batch encoded into ONE buffer so that a statement costs one socket write: node-postgres writes Bind,
 * Describe, Execute and Sync separately (two syscalls per statement, most of the driver's CPU).
 */

/** pg's own conversion of a JavaScript value to a parameter (Date, array, object → text; Buffer kept binary). */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(value: unknown): unknown }

type Param = string | Buffer | null

function toParam(value: unknown): Param {
  switch (typeof value) {
    case 'string':
      return value
    case 'number':
    case 'bigint':
      return String(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'undefined':
      return null
    default:
      return value === null ? null : (prepareValue(value) as Param)
  }
}

/** A message: its type byte and body, the length filled in by `batch`. */
export interface Part {
  readonly size: number
  write(buf: Buffer, at: number): number
}

function cstring(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf8')
}

function fixed(bytes: Buffer): Part {
  return { size: bytes.length, write: (buf, at) => at + bytes.copy(buf, at) }
}

function message(type: string, body: Buffer): Part {
  const bytes = Buffer.alloc(5 + body.length)
  bytes.write(type, 0, 'latin1')
  bytes.writeInt32BE(4 + body.length, 1)
  body.copy(bytes, 5)
  return fixed(bytes)
}

/** Parse: `text` as the prepared statement `name` ('' the unnamed one), parameter types inferred. */
export function parse(name: string, text: string): Part {
  return message('P', Buffer.concat([cstring(name), cstring(text), Buffer.from([0, 0])]))
}

/** Simple query: `text` parsed, planned and run at once (no parameters). */
export function simpleQuery(text: string): Part {
  return message('Q', cstring(text))
}

/** Close the prepared statement `name` (no error if it does not exist). */
export function closeStatement(name: string): Part {
  return message('C', Buffer.concat([Buffer.from('S', 'latin1'), cstring(name)]))
}

/** Describe the unnamed portal: the row description (or NoData) before its rows. */
export const DESCRIBE = message('D', Buffer.from('P\0', 'latin1'))
/** Execute the unnamed portal, every row. */
export const EXECUTE = message('E', Buffer.from([0, 0, 0, 0, 0]))
export const SYNC = message('S', Buffer.alloc(0))

/** Bind `values` to the prepared statement whose name is `name` (a NUL-terminated cstring), into the unnamed portal; results as text. */
export function bind(name: Buffer, values: readonly unknown[]): Part {
  const params = values.map(toParam)
  const binary = params.some((p) => p instanceof Buffer)
  // Sizes: type, length, portal '', name, format codes, count, each (length + bytes), result formats.
  let size = 1 + 4 + 1 + name.length + 2 + (binary ? 2 * params.length : 0) + 2 + 2
  const lengths = params.map((p) => (p === null ? -1 : typeof p === 'string' ? Buffer.byteLength(p) : p.length))
  for (const length of lengths) size += 4 + Math.max(length, 0)
  return {
    size,
    write(buf, at) {
      buf[at++] = 0x42 // 'B'
      buf.writeInt32BE(size - 1, at)
      at += 4
      buf[at++] = 0 // the unnamed portal
      at += name.copy(buf, at)
      if (binary) {
        buf.writeInt16BE(params.length, at)
        at += 2
        for (const p of params) at = buf.writeInt16BE(p instanceof Buffer ? 1 : 0, at)
      } else at = buf.writeInt16BE(0, at)
      at = buf.writeInt16BE(params.length, at)
      for (let i = 0; i < params.length; i++) {
        const p = params[i] as Param
        at = buf.writeInt32BE(lengths[i] as number, at)
        if (typeof p === 'string') at += buf.write(p, at, 'utf8')
        else if (p !== null) at += p.copy(buf, at)
      }
      return buf.writeInt16BE(0, at)
    },
  }
}

/** The parts as one buffer, for one write. */
export function batch(parts: readonly Part[]): Buffer {
  let size = 0
  for (const part of parts) size += part.size
  const buf = Buffer.allocUnsafe(size)
  let at = 0
  for (const part of parts) at = part.write(buf, at)
  return buf
}
