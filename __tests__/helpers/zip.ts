import { crc32 } from 'node:zlib'

// Writes zip archives member by member, stored (not compressed), as a hostile one would be made:
// names and fields exactly as given, which zip tools would refuse or rewrite, and on any OS
// (Windows runners have no zip tool).
export interface ZipMember {
  /** As written in the header: a string is written as UTF-8 (with the UTF-8 flag unless `utf8: false`). */
  name: string | Buffer
  data?: string | Buffer
  utf8?: boolean
  /** An Info-ZIP Unicode Path extra field, the name unzip then writes the member under. */
  unicodePath?: string
  /** Unix mode (type and permission bits), as unzip restores it: 0o120777 makes a symlink whose target is `data`. */
  mode?: number
}

export interface ZipOptions {
  /** Bytes before the archive, as a self-extractor's stub; offsets stay counted from the archive's start. */
  prefix?: Buffer
  /** Write zip64 end records, and saturate the plain end record's fields. */
  zip64?: boolean
  comment?: string | Buffer
}

export function zipOf(members: ZipMember[], options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const member of members) {
    const name = Buffer.isBuffer(member.name) ? member.name : Buffer.from(member.name)
    const data = Buffer.from(member.data ?? '')
    const flags = member.utf8 === false || Buffer.isBuffer(member.name) ? 0 : 0x800
    const extra = member.unicodePath === undefined ? Buffer.alloc(0) : unicodePathField(name, member.unicodePath)
    const crc = crc32(data)
    const local = fields(30, [[0, 4, 0x04034b50], [4, 2, 20], [6, 2, flags], [14, 4, crc], [18, 4, data.length], [22, 4, data.length], [26, 2, name.length], [28, 2, extra.length]])
    locals.push(local, name, extra, data)
    // Made on Unix (3), so that unzip reads the mode in the high bits of the external attributes.
    const made = (3 << 8) | 20
    const attributes = ((member.mode ?? 0o100644) << 16) >>> 0
    const record = fields(46, [[0, 4, 0x02014b50], [4, 2, made], [6, 2, 20], [8, 2, flags], [16, 4, crc], [20, 4, data.length], [24, 4, data.length], [28, 2, name.length], [30, 2, extra.length], [38, 4, attributes], [42, 4, offset]])
    central.push(record, name, extra)
    offset += 30 + name.length + extra.length + data.length
  }
  const directory = Buffer.concat(central)
  const comment = Buffer.from(options.comment ?? '')
  const ends = options.zip64 ? [zip64End(members.length, directory.length, offset), zip64Locator(offset + directory.length)] : []
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(options.zip64 ? 0xffff : members.length, 8)
  end.writeUInt16LE(options.zip64 ? 0xffff : members.length, 10)
  end.writeUInt32LE(options.zip64 ? 0xffffffff : directory.length, 12)
  end.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 16)
  end.writeUInt16LE(comment.length, 20)
  return Buffer.concat([options.prefix ?? Buffer.alloc(0), ...locals, directory, ...ends, end, comment])
}

/** A record of `size` bytes with little-endian fields at their offsets: [offset, bytes (2 or 4), value]. */
function fields(size: number, values: [number, 2 | 4, number][]): Buffer {
  const buffer = Buffer.alloc(size)
  for (const [offset, bytes, value] of values) {
    if (bytes === 2) buffer.writeUInt16LE(value, offset)
    else buffer.writeUInt32LE(value, offset)
  }
  return buffer
}

function unicodePathField(name: Buffer, path: string): Buffer {
  const text = Buffer.from(path)
  const field = Buffer.alloc(9)
  field.writeUInt16LE(0x7075, 0)
  field.writeUInt16LE(5 + text.length, 2)
  field.writeUInt8(1, 4)
  field.writeUInt32LE(crc32(name), 5)
  return Buffer.concat([field, text])
}

function zip64End(entries: number, size: number, offset: number): Buffer {
  const record = Buffer.alloc(56)
  record.writeUInt32LE(0x06064b50, 0)
  record.writeBigUInt64LE(44n, 4)
  record.writeUInt16LE(45, 12)
  record.writeUInt16LE(45, 14)
  record.writeBigUInt64LE(BigInt(entries), 24)
  record.writeBigUInt64LE(BigInt(entries), 32)
  record.writeBigUInt64LE(BigInt(size), 40)
  record.writeBigUInt64LE(BigInt(offset), 48)
  return record
}

function zip64Locator(at: number): Buffer {
  const locator = Buffer.alloc(20)
  locator.writeUInt32LE(0x07064b50, 0)
  locator.writeBigUInt64LE(BigInt(at), 8)
  locator.writeUInt32LE(1, 16)
  return locator
}
