// Writes tar archives member by member, as a hostile one would be made: names, link targets and
// types exactly as given, which the tar tools would refuse or rewrite when packing.
export interface Member {
  name: string
  type: 'file' | 'dir' | 'symlink' | 'hardlink'
  /** A file's content. */
  data?: string | Buffer
  /** A link's target. */
  target?: string
}

const TYPES = { file: '0', hardlink: '1', symlink: '2', dir: '5' }

/** A ustar archive of the members, in order. */
export function tarOf(members: Member[]): Buffer {
  const blocks: Buffer[] = []
  for (const member of members) {
    const data = Buffer.from(member.data ?? '')
    blocks.push(header(member, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512))
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

function header(member: Member, size: number): Buffer {
  for (const text of [member.name, member.target ?? '']) if (Buffer.byteLength(text) > 100) throw new Error(`ustar holds 100 bytes of a name or target: '${text}'`)
  const block = Buffer.alloc(512)
  const field = (offset: number, length: number, value: string): void => void block.write(value, offset, length, 'utf8')
  const octal = (offset: number, length: number, value: number): void => field(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`)
  field(0, 100, member.name)
  octal(100, 8, member.type === 'dir' ? 0o755 : 0o644)
  octal(108, 8, 0)
  octal(116, 8, 0)
  octal(124, 12, size)
  octal(136, 12, 0)
  field(148, 8, ' '.repeat(8))
  field(156, 1, TYPES[member.type])
  field(157, 100, member.target ?? '')
  field(257, 8, 'ustar\u000000')
  const sum = block.reduce((total, byte) => total + byte, 0)
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `)
  return block
}
