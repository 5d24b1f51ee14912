import type { FileHandle } from 'node:fs/promises'
import { openRegular } from './transfer.ts'

// A zip's member names, read from its central directory in-process: Windows runners have no
// unzip to list them with, and the check must judge the same names on every OS.

const END = 0x06054b50
const END_SIZE = 22
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_LOCATOR_SIZE = 20
const ZIP64_END = 0x06064b50
const ZIP64_END_SIZE = 56
const MEMBER = 0x02014b50
const MEMBER_SIZE = 46
/** Info-ZIP's Unicode Path extra field: unzip writes a member under this name, not the header's. */
const UNICODE_PATH = 0x7075
/** General-purpose flag bit 11: the name is UTF-8. */
const UTF8_FLAG = 0x800
/** The central directory is read this much at a time, so that no listing is held whole. */
const CHUNK = 1 << 20

const UTF8 = new TextDecoder('utf-8', { fatal: true })

const NOT_ZIP = 'the file is not a zip archive'
const DAMAGED = 'the zip archive is damaged'

/**
 * Hands each name a member of the zip archive at `path` may be written under to `each` (a
 * member with a Unicode Path field gives both of its names), in the order of the central
 * directory. Throws an Error that says why when the file is not a zip archive or its directory
 * does not add up, or what `each` threw.
 *
 * unzip finds the directory from where it ends, just before the end record (or the zip64 one,
 * when the plain record's fields are full); .NET's ZipFile (on Windows) at the offset a record
 * states. A hostile archive can make them different directories: every other one the records
 * point to is read too, as far as it reads as one.
 */
export async function zipNames(path: string, each: (name: string) => void, signal?: AbortSignal): Promise<void> {
  const { file, size } = await openRegular(path)
  try {
    const { found, others } = await directories(file, size)
    await walk(file, found.start, found.end, Infinity, true, each, signal)
    for (const other of others) if (other.start !== found.start && other.start < size) await walk(file, other.start, size, other.count, false, each, signal)
  } finally {
    await file.close()
  }
}

/** A stretch of central directory: where it starts and, when known, where it ends, and how many records it says it holds. */
interface Range {
  start: number
  end: number
  count: number
}

/**
 * Reads central-directory records from `from` to `to`, at most `count` of them, handing their
 * names to `each`. Strict: every byte up to `to` must be a whole record. Else: it stops at the
 * first thing that is not one, as a reader that trusts the stated offset would fail there.
 */
async function walk(file: FileHandle, from: number, to: number, count: number, strict: boolean, each: (name: string) => void, signal?: AbortSignal): Promise<void> {
  for (let at = from, buffer = Buffer.alloc(0), records = 0; records < count && (at < to || buffer.length > 0); ) {
    signal?.throwIfAborted()
    const needed = buffer.length < MEMBER_SIZE ? MEMBER_SIZE : recordSize(buffer, strict)
    if (needed === 0) return
    if (buffer.length < needed) {
      if (at >= to) {
        if (strict) throw new Error(DAMAGED)
        return
      }
      const more = await read(file, at, Math.min(CHUNK, to - at))
      at += more.length
      buffer = Buffer.concat([buffer, more])
      continue
    }
    for (const name of namesOf(buffer.subarray(0, needed))) each(name)
    buffer = buffer.subarray(needed)
    records++
  }
}

/** The whole size of the central-directory record at the start of `buffer` (which holds its fixed part); 0 for none, when not strict. */
function recordSize(buffer: Buffer, strict: boolean): number {
  if (buffer.readUInt32LE(0) !== MEMBER) {
    if (strict) throw new Error(DAMAGED)
    return 0
  }
  return MEMBER_SIZE + buffer.readUInt16LE(28) + buffer.readUInt16LE(30) + buffer.readUInt16LE(32)
}

/** The names of one central-directory record: its own, and its Unicode Path when it has one. */
function namesOf(record: Buffer): string[] {
  const nameEnd = MEMBER_SIZE + record.readUInt16LE(28)
  const raw = record.subarray(MEMBER_SIZE, nameEnd)
  const names = [record.readUInt16LE(8) & UTF8_FLAG ? raw.toString('utf8') : unflagged(raw)]
  const extra = record.subarray(nameEnd, nameEnd + record.readUInt16LE(30))
  for (let at = 0; at + 4 <= extra.length; at += 4 + extra.readUInt16LE(at + 2)) {
    const field = extra.subarray(at + 4, at + 4 + extra.readUInt16LE(at + 2))
    // A version byte and the CRC of the header's name come before the UTF-8 name.
    if (extra.readUInt16LE(at) === UNICODE_PATH && field.length >= 5) names.push(field.subarray(5).toString('utf8'))
  }
  return names
}

/**
 * A name without the UTF-8 flag: Info-ZIP's zip on Linux and macOS writes UTF-8 so, and
 * Windows archivers their code page, whose ASCII, which is all the check reads, is the same.
 */
function unflagged(raw: Buffer): string {
  try {
    return UTF8.decode(raw)
  } catch {
    return raw.toString('latin1')
  }
}

/**
 * Where unzip finds the central directory: from where it ends, just before the end record (the
 * zip64 one when the plain record's fields are full and a locator is there), as its stated offset
 * is counted from the archive's start, which a self-extractor's stub puts further on. And the
 * other places the records point to, for readers that trust them.
 */
async function directories(file: FileHandle, size: number): Promise<{ found: Range; others: Range[] }> {
  const tailStart = Math.max(0, size - END_SIZE - 0xffff - ZIP64_LOCATOR_SIZE)
  const tail = await read(file, tailStart, size - tailStart)
  const at = endRecord(tail)
  if (at === undefined) throw new Error(NOT_ZIP)
  if (tail.readUInt16LE(at + 4) !== 0 || tail.readUInt16LE(at + 6) !== 0) throw new Error('the zip archive spans several disks, which is not supported')
  const length = tail.readUInt32LE(at + 12)
  const plain = { start: tailStart + at - length, end: tailStart + at, count: tail.readUInt16LE(at + 10) }
  const others = [{ ...plain, start: tail.readUInt32LE(at + 16) }]
  const full = plain.count === 0xffff || length === 0xffffffff || tail.readUInt32LE(at + 16) === 0xffffffff
  const locator = at - ZIP64_LOCATOR_SIZE
  const zip64 = locator >= 0 && tail.readUInt32LE(locator) === ZIP64_LOCATOR ? await zip64End(file, size, [safe(tail.readBigUInt64LE(locator + 8)), tailStart + locator - ZIP64_END_SIZE]) : undefined
  if (zip64 !== undefined) {
    const count = safe(zip64.bytes.readBigUInt64LE(32))
    const found = { start: zip64.at - safe(zip64.bytes.readBigUInt64LE(40)), end: zip64.at, count }
    others.push(found, { ...found, start: safe(zip64.bytes.readBigUInt64LE(48)) })
    // A plain count of 65 535 with no zip64 record is a plain archive of that many members.
    if (full) return check(found, [plain, ...others])
  } else if (full && plain.count !== 0xffff) throw new Error(DAMAGED)
  return check(plain, others)
}

function check(found: Range, others: Range[]): { found: Range; others: Range[] } {
  if (found.start < 0) throw new Error(DAMAGED)
  return { found, others: others.filter((other) => other.start >= 0) }
}

/** The zip64 end record at the first of `places` that holds one. */
async function zip64End(file: FileHandle, size: number, places: number[]): Promise<{ at: number; bytes: Buffer }> {
  for (const at of places) {
    if (at < 0 || at + ZIP64_END_SIZE > size) continue
    const bytes = await read(file, at, ZIP64_END_SIZE)
    if (bytes.readUInt32LE(0) === ZIP64_END) return { at, bytes }
  }
  throw new Error(DAMAGED)
}

/**
 * The end record's offset in `tail`: the last signature with room for a record after it, as
 * unzip and .NET find it, so that the names checked are the ones they unpack.
 */
function endRecord(tail: Buffer): number | undefined {
  for (let at = tail.length - END_SIZE; at >= 0; at--) if (tail.readUInt32LE(at) === END) return at
  return undefined
}

function safe(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(DAMAGED)
  return Number(value)
}

async function read(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  let got = 0
  while (got < length) {
    const { bytesRead } = await file.read(buffer, got, length - got, position + got)
    if (bytesRead === 0) throw new Error(DAMAGED)
    got += bytesRead
  }
  return buffer
}
