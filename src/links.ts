import type { Stats } from 'node:fs'
import { lstat, readdir, readlink } from 'node:fs/promises'
import { isAbsolute, join, relative, win32 } from 'node:path'

/** Links followed on the way to a target before the file system gives up (ELOOP), as Linux counts them. */
const MAX_FOLLOWS = 40

/**
 * Judges every link in an unpacked folder by where it leads on disk, not by its text: `s -> .`
 * then `up -> s/s/s/../../..` reads as inside, yet climbs out. A symlink must stay inside
 * `root` at every step, following the links on its way, and follow no more links than the file
 * system would; a hard link must have no name outside `root`. Throws an Error that says why.
 */
export async function checkLinks(root: string, signal?: AbortSignal): Promise<void> {
  const tree = new Tree(root)
  const hardLinks = new Map<string, { node: number; links: number; seen: number }>()
  const walk = async (folder: number): Promise<void> => {
    signal?.throwIfAborted()
    for (const entry of await readdir(tree.path(folder), { withFileTypes: true })) {
      const node = tree.child(folder, entry.name)
      if (entry.isSymbolicLink()) await tree.landing(node)
      else if (entry.isDirectory()) await walk(node)
      else if (entry.isFile()) {
        const stat = await lstat(tree.path(node), { bigint: true })
        if (stat.nlink < 2n) continue
        const inode = `${stat.dev}:${stat.ino}`
        const known = hardLinks.get(inode) ?? { node, links: Number(stat.nlink), seen: 0 }
        known.seen++
        hardLinks.set(inode, known)
      }
    }
  }
  await walk(0).catch((error: unknown) => {
    // tar can unpack deeper than a path may be long; such a tree can be neither checked nor used.
    if ((error as NodeJS.ErrnoException).code === 'ENAMETOOLONG') throw new Error('the archive holds paths longer than this system allows')
    throw error
  })
  for (const { node, links, seen } of hardLinks.values()) {
    if (seen < links) throw new Error(`the archive member '${tree.member(node)}' is a hard link to a file outside the folder`)
  }
}

/** Where a link leads, and how many links reaching it follows. */
interface Landing {
  node: number
  follows: number
}

/**
 * The unpacked folder as nodes, one per name, each knowing its parent: a link's target is
 * followed a name at a time, each step a lookup of a short key however long the paths grow,
 * and each link is resolved and each name looked up on disk once. So an archive of links built
 * on links costs no more than the names in it.
 */
class Tree {
  readonly #parents = [-1]
  readonly #paths: string[]
  readonly #children = new Map<string, number>()
  readonly #stats = new Map<number, Promise<Stats | null>>()
  readonly #landings = new Map<number, Landing>()
  readonly #resolving = new Set<number>()

  constructor(root: string) {
    this.#paths = [root]
  }

  path(node: number): string {
    return this.#paths[node] ?? ''
  }

  /** How errors name a node: relative to the folder. */
  member(node: number): string {
    return relative(this.path(0), this.path(node))
  }

  child(node: number, name: string): number {
    const key = `${node}/${name}`
    let child = this.#children.get(key)
    if (child === undefined) {
      child = this.#parents.length
      this.#parents.push(node)
      this.#paths.push(join(this.path(node), name))
      this.#children.set(key, child)
    }
    return child
  }

  /** Where the symlink at `link` leads, a name at a time; a name that does not exist yet is taken as written. */
  async landing(link: number): Promise<Landing> {
    const known = this.#landings.get(link)
    if (known !== undefined) return known
    if (this.#resolving.has(link)) throw new Error(`the archive member '${this.member(link)}' is a link in a loop`)
    this.#resolving.add(link)
    const target = await readlink(this.path(link))
    const outside = new Error(`the archive member '${this.member(link)}' links outside the folder (to '${target}')`)
    if (isAbsolute(target) || win32.isAbsolute(target)) throw outside
    let current = this.#parents[link] ?? -1
    let follows = 0
    let missing = false
    for (const name of target.split(/[/\\]/)) {
      if (name === '' || name === '.') continue
      if (name === '..') {
        current = this.#parents[current] ?? -1
        if (current === -1) throw outside
        continue
      }
      current = this.child(current, name)
      if (missing) continue
      const stat = await this.#stat(current)
      missing = stat === null
      if (!stat?.isSymbolicLink()) continue
      const next = await this.landing(current)
      follows += 1 + next.follows
      // Following this link itself is one more, as it is used.
      if (follows >= MAX_FOLLOWS) throw new Error(`the archive member '${this.member(link)}' goes through more than ${MAX_FOLLOWS} links`)
      current = next.node
    }
    this.#resolving.delete(link)
    const landing = { node: current, follows }
    this.#landings.set(link, landing)
    return landing
  }

  #stat(node: number): Promise<Stats | null> {
    let stat = this.#stats.get(node)
    if (stat === undefined) {
      stat = lstat(this.path(node)).catch(() => null)
      this.#stats.set(node, stat)
    }
    return stat
  }
}
