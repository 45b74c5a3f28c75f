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
  return new Bind(name, values.map(toParam))
}

/** A class, not an object literal with a closure: one is made per statement run. */
class Bind implements Part {
  readonly size: number
  private readonly binary: boolean
  private readonly lengths: number[]

  constructor(
    private readonly name: Buffer,
    private readonly params: Param[],
  ) {
    this.binary = params.some((p) => p instanceof Buffer)
    this.lengths = params.map((p) => (p === null ? -1 : typeof p === 'string' ? Buffer.byteLength(p) : p.length))
    // Type, length, portal '', name, format codes, count, each (length + bytes), result formats.
    let size = 1 + 4 + 1 + name.length + 2 + (this.binary ? 2 * params.length : 0) + 2 + 2
    for (const length of this.lengths) size += 4 + Math.max(length, 0)
    this.size = size
  }

  write(buf: Buffer, at: number): number {
    const { params, lengths } = this
    buf[at++] = 0x42 // 'B'
    at = buf.writeInt32BE(this.size - 1, at)
    buf[at++] = 0 // the unnamed portal
    at += this.name.copy(buf, at)
    if (this.binary) {
      at = buf.writeInt16BE(params.length, at)
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
