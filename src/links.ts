import type { Stats } from 'node:fs'
import { chmod, lstat, readdir, readlink } from 'node:fs/promises'
import { isAbsolute, join, win32 } from 'node:path'
import { hasModes, linkLimit, linkSeparators } from './platform.ts'

/** Links followed on the way to a target before this file system gives up (ELOOP). */
const MAX_FOLLOWS = linkLimit(process.platform)

// The separators of the file system the archive is unpacked on: a check that read a backslash as
// a separator on Linux would not judge what the kernel does.
const SEPARATORS = linkSeparators(process.platform)

const UTF8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Judges every link in an unpacked folder by where it leads on disk, not by its text: `s -> .`
 * then `up -> s/s/s/../../..` reads as inside, yet climbs out. A symlink must stay inside
 * `root` at every step, following the links on its way, and follow no more links than the file
 * system would; a hard link must have no name outside `root`. Only files, folders and links may
 * be there: a device unpacked by a root runner would hand later steps the host's memory or
 * disks. Names and link targets must be text without control characters: they end up in log
 * lines and annotations. Modes are tamed (`tame`). Throws an Error that says why.
 */
export async function checkLinks(root: string, signal?: AbortSignal): Promise<void> {
  const tree = new Tree(root, signal)
  const hardLinks = new Map<string, { member: string; links: number; seen: number }>()
  const walk = async (folder: number, path: string): Promise<void> => {
    for (const entry of await readdir(path, { withFileTypes: true, encoding: 'buffer' })) {
      signal?.throwIfAborted()
      const name = nameOf(entry.name, () => tree.member(folder))
      const inside = join(path, name)
      if (entry.isSymbolicLink()) await tree.landing(tree.child(folder, name, true))
      else if (entry.isDirectory()) {
        // Read by its owner, so that it can be checked, and kept as the runner would make it.
        await tame(inside, (await lstat(inside, { bigint: true })).mode, 0o700n)
        await walk(tree.child(folder, name, false), inside)
      } else if (!entry.isFile()) throw new Error(`the archive member '${join(tree.member(folder), name)}' is not a file, a folder or a link (a device, a FIFO or a socket)`)
      else {
        const stat = await lstat(inside, { bigint: true })
        await tame(inside, stat.mode, 0n)
        if (stat.nlink < 2n) continue
        const inode = `${stat.dev}:${stat.ino}`
        const known = hardLinks.get(inode) ?? { member: join(tree.member(folder), name), links: Number(stat.nlink), seen: 0 }
        known.seen++
        hardLinks.set(inode, known)
      }
    }
  }
  // The archive's './' member sets the top folder's mode as any other folder's.
  await tame(root, (await lstat(root, { bigint: true })).mode, 0o700n)
  await walk(0, root).catch((error: unknown) => {
    // tar can unpack deeper than a path may be long; such a tree can be neither checked nor used.
    if ((error as NodeJS.ErrnoException).code === 'ENAMETOOLONG') throw new Error('the archive holds paths longer than this system allows')
    throw error
  })
  for (const { member, links, seen } of hardLinks.values()) {
    if (seen < links) throw new Error(`the archive member '${member}' is a hard link to a file outside the folder`)
  }
}

/**
 * Clears the bits an archive may set that the runner's own files never have: setuid, setgid and
 * sticky (a setuid program from a download has no place in a workspace) and write for others (on
 * a shared self-hosted runner, anyone could change it); adds `more`. Windows has no such bits.
 */
async function tame(path: string, mode: bigint, more: bigint): Promise<void> {
  if (!hasModes(process.platform)) return
  const wanted = (mode & 0o775n) | more
  if (wanted !== (mode & 0o7777n)) await chmod(path, Number(wanted))
}

/**
 * A name or link target as text. Bytes that are not UTF-8 would read as U+FFFD, one name for
 * many, and hide a folder from the check behind its twin; control characters could start a
 * workflow command in the log. Either fails the entry.
 */
function nameOf(bytes: Buffer, where: () => string): string {
  let name: string
  try {
    name = UTF8.decode(bytes)
  } catch {
    throw new Error(`the archive has a name that is not UTF-8 text ${inFolder(where())}`)
  }
  if (/\p{Cc}/u.test(name)) throw new Error(`the archive has a name with a control character ${inFolder(where())}: ${JSON.stringify(name)}`)
  return name
}

/** Where in the archive a name is: its folder, or the top. */
function inFolder(folder: string): string {
  return folder === '' ? 'at its top' : `in '${folder}'`
}

/**
 * A place a link's target reaches: a name that exists, and below it `virtual` names that do not
 * exist yet, taken as folders that a later step may make.
 */
interface Position {
  node: number
  virtual: number
}

/** Where a link leads, and how many links reaching it follows. */
interface Landing extends Position {
  follows: number
}

/**
 * The unpacked folder as nodes, one per folder or link (and per file a link names), each
 * knowing its parent and its name: a link's target is followed a name at a time, each step a
 * lookup of a short key however long the paths grow, and each link is resolved and each name
 * looked up on disk once. Paths are made only when a name is looked up, and not kept, and names
 * that do not exist are only counted: an archive of links built on links, or of many files in
 * deep folders, costs no more than the names in it.
 */
class Tree {
  readonly #root: string
  readonly #signal: AbortSignal | undefined
  readonly #parents = [-1]
  readonly #names = ['']
  readonly #links = [false]
  /** By `node/name`: the child's node, or null when no such name exists. */
  readonly #children = new Map<string, number | null>()
  readonly #landings = new Map<number, Landing>()
  readonly #resolving = new Set<number>()

  constructor(root: string, signal?: AbortSignal) {
    this.#root = root
    this.#signal = signal
  }

  /** How errors name a node: its path relative to the folder. */
  member(node: number): string {
    const names: string[] = []
    for (let at = node; at > 0; at = this.#parents[at] ?? 0) names.push(this.#names[at] ?? '')
    return names.reverse().join('/')
  }

  /** The node of a name that exists, made the first time. */
  child(node: number, name: string, link: boolean): number {
    const key = `${node}/${name}`
    const known = this.#children.get(key)
    if (known !== undefined && known !== null) return known
    const child = this.#parents.length
    this.#parents.push(node)
    this.#names.push(name)
    this.#links.push(link)
    this.#children.set(key, child)
    return child
  }

  /**
   * Where the symlink at `link` leads, a name at a time, as the file system would resolve it;
   * names that do not exist yet are taken as folders, so that a `..` after them comes back.
   */
  async landing(link: number): Promise<Landing> {
    const known = this.#landings.get(link)
    if (known !== undefined) return known
    this.#signal?.throwIfAborted()
    if (this.#resolving.has(link)) throw new Error(`the archive member '${this.member(link)}' is a link in a loop`)
    this.#resolving.add(link)
    const target = nameOf(await readlink(this.#path(link), { encoding: 'buffer' }), () => this.member(link))
    const outside = new Error(`the archive member '${this.member(link)}' links outside the folder (to '${target}')`)
    // `C:x` too: on drive C, wherever the link is, on Windows.
    if (isAbsolute(target) || win32.parse(target).root !== '') throw outside
    let at: Position = { node: this.#parents[link] ?? -1, virtual: 0 }
    let follows = 0
    for (const name of target.split(SEPARATORS)) {
      if (name === '' || name === '.') continue
      if (name === '..' && at.virtual > 0) at = { node: at.node, virtual: at.virtual - 1 }
      else if (name === '..') {
        at = { node: this.#parents[at.node] ?? -1, virtual: 0 }
        if (at.node === -1) throw outside
      } else if (at.virtual > 0) at = { node: at.node, virtual: at.virtual + 1 }
      else {
        const next = await this.#lookup(at.node, name)
        if (next === null) at = { node: at.node, virtual: 1 }
        else if (!this.#links[next]) at = { node: next, virtual: 0 }
        else {
          const landing = await this.landing(next)
          follows += 1 + landing.follows
          // Following this link itself is one more, as it is used.
          if (follows >= MAX_FOLLOWS) throw new Error(`the archive member '${this.member(link)}' goes through more than ${MAX_FOLLOWS} links`)
          at = { node: landing.node, virtual: landing.virtual }
        }
      }
    }
    this.#resolving.delete(link)
    const landing = { ...at, follows }
    this.#landings.set(link, landing)
    return landing
  }

  #path(node: number): string {
    return join(this.#root, this.member(node))
  }

  /** The node of `name` in `node`, looked up on disk the first time; null when it does not exist. */
  async #lookup(node: number, name: string): Promise<number | null> {
    const key = `${node}/${name}`
    const known = this.#children.get(key)
    if (known !== undefined) return known
    const stat: Stats | null = await lstat(join(this.#path(node), name)).catch(() => null)
    if (stat === null) {
      this.#children.set(key, null)
      return null
    }
    return this.child(node, name, stat.isSymbolicLink())
  }
}
