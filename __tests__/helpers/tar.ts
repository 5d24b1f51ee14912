// Writes tar archives member by member, as a hostile one would be made: names, link targets and
// types exactly as given, which the tar tools would refuse or rewrite when packing.
export interface Member {
  name: string
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'chardev' | 'fifo'
  /** A file's content. */
  data?: string | Buffer
  /** A link's target. */
  target?: string
  /** Permission bits, setuid and the like included; 0644 for files, 0755 for folders by default. */
  mode?: number
  /** The owner's user id; 0 by default. */
  uid?: number
}

const TYPES = { file: '0', hardlink: '1', symlink: '2', chardev: '3', dir: '5', fifo: '6', pax: 'x' }

/** A ustar archive of the members, in order; a name or target past ustar's 100 bytes goes in a pax header. */
export function tarOf(members: Member[]): Buffer {
  const blocks: Buffer[] = []
  const add = (type: keyof typeof TYPES, name: string, data: Buffer, member?: Member): void => {
    blocks.push(header(type, name, data.length, member), data, Buffer.alloc((512 - (data.length % 512)) % 512))
  }
  for (const member of members) {
    const long = [['path', member.name], ['linkpath', member.target ?? '']].filter(([, text]) => Buffer.byteLength(text ?? '') > 100)
    if (long.length > 0) add('pax', 'pax', Buffer.from(long.map(([key, text]) => paxRecord(key ?? '', text ?? '')).join('')))
    add(member.type, member.name.slice(0, 100), Buffer.from(member.data ?? ''), member)
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

/** `LENGTH key=value\n`, where LENGTH counts the whole record, its own digits included. */
function paxRecord(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`
  let length = Buffer.byteLength(rest) + 1
  while (String(length).length + Buffer.byteLength(rest) !== length) length++
  return `${length}${rest}`
}

function header(type: keyof typeof TYPES, name: string, size: number, member?: Member): Buffer {
  const block = Buffer.alloc(512)
  const field = (offset: number, length: number, value: string): void => void block.write(value, offset, length, 'utf8')
  const octal = (offset: number, length: number, value: number): void => field(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`)
  field(0, 100, name)
  octal(100, 8, member?.mode ?? (type === 'dir' ? 0o755 : 0o644))
  octal(108, 8, member?.uid ?? 0)
  octal(116, 8, 0)
  octal(124, 12, size)
  octal(136, 12, 0)
  field(148, 8, ' '.repeat(8))
  field(156, 1, TYPES[type])
  field(157, 100, (member?.target ?? '').slice(0, 100))
  field(257, 8, 'ustar\u000000')
  const sum = block.reduce((total, byte) => total + byte, 0)
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `)
  return block
}
