import { lstat, mkdir, realpath, rmdir } from 'node:fs/promises'
import { basename, dirname, join, relative } from 'node:path'
import type { Download } from './plan.ts'
import { foldName, leavesFolder } from './platform.ts'
import { sweep } from './temporaries.ts'

/** A folder as the file system sees it: its nearest existing ancestor, and that ancestor's real path. */
interface Resolved {
  existing: string
  /** The folder's real path: the ancestor's, resolved, with the rest as written. */
  real: string
}

/**
 * Makes destination folders under a root, once each. A folder that a symlink leads outside
 * the root is refused: a checked-out pull request can hold such a link, and mkdir and
 * rename would follow it.
 */
export class Folders {
  readonly #root: Promise<string>
  readonly #resolved = new Map<string, Promise<Resolved>>()
  readonly #made = new Map<string, Promise<boolean>>()
  /** Folders this run created: nothing in them predates it. */
  readonly #fresh = new Set<string>()

  constructor(root: string) {
    this.#root = mkdir(root, { recursive: true }).then((first) => {
      this.#record(first, root)
      return realpath(root)
    })
    // Every ensure() awaits #root and reports its failure; this only stops Node calling it unhandled meanwhile.
    this.#root.catch(() => undefined)
  }

  /**
   * Makes the folder; resolves to true when this run created it, so that no file in it is older
   * than the run. In a folder that was there, the temporaries of killed runs are removed first.
   */
  ensure(folder: string): Promise<boolean> {
    return once(this.#made, folder, async () => {
      const { existing } = await this.#resolve(folder)
      if (existing === folder && this.#fresh.has(folder)) return true
      if (existing === folder) return sweep(folder).then(() => false)
      this.#record(await mkdir(folder, { recursive: true }), folder)
      this.#fresh.add(folder)
      return true
    })
  }

  /** Every folder a mkdir -p made, from the first one down to `folder`, is this run's: for prune() and up-to-date checks. */
  #record(first: string | undefined, folder: string): void {
    for (let made = folder; first !== undefined && made.length >= first.length; made = dirname(made)) this.#fresh.add(made)
  }

  /**
   * Removes the folders this run made that stayed empty (their entries failed), deepest first:
   * a failed entry leaves nothing behind. Run once the downloads are done, so that no entry is
   * about to write into one.
   */
  async prune(): Promise<void> {
    const made = [...this.#fresh].sort((a, b) => b.length - a.length)
    for (const folder of made) await rmdir(folder).catch(() => undefined)
  }

  /**
   * Entries that a symlink inside the root makes the same file as another (`self -> .` makes
   * `self/x` and `x` one file), or puts inside another's destination: the later of the two in
   * the manifest, by its index, with why. Entries whose folder is refused are left to ensure().
   */
  async clashes(downloads: Download[]): Promise<Map<number, string>> {
    // A root that can't be made fails every entry in ensure(), which says why.
    const made = await this.#root.catch(() => undefined)
    if (made === undefined) return new Map()
    const root = foldName(made)
    const reals = await Promise.all(
      downloads.map((item) =>
        this.#resolve(dirname(item.destination)).then(
          ({ real }) => foldName(join(real, basename(item.destination))),
          () => undefined,
        ),
      ),
    )
    const owners = new Map<string, Download>()
    const clashes = new Map<number, string>()
    const name = (item: Download): string => `${item.where} ('${item.path}')`
    downloads.forEach((item, i) => {
      const real = reals[i]
      if (real === undefined) return
      const owner = owners.get(real)
      if (owner) clashes.set(item.index, `a symlink in the directory makes it the same file as ${name(owner)}`)
      else owners.set(real, item)
    })
    downloads.forEach((item, i) => {
      for (let folder = dirname(reals[i] ?? root); folder.length > root.length; folder = dirname(folder)) {
        const owner = owners.get(folder)
        if (owner === undefined || clashes.has(Math.max(item.index, owner.index))) continue
        if (item.index > owner.index) clashes.set(item.index, `a symlink in the directory puts it inside the destination of ${name(owner)}`)
        else clashes.set(owner.index, `a symlink in the directory puts the destination of ${name(item)} inside it`)
      }
    })
    return clashes
  }

  #resolve(folder: string): Promise<Resolved> {
    return once(this.#resolved, folder, async () => {
      const root = await this.#root
      const existing = await nearestExisting(folder)
      const real = await realpath(existing).catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code
        throw code === 'ENOENT' || code === 'ELOOP' ? new Error(`'${existing}' is a symlink ${code === 'ENOENT' ? 'to nothing' : 'in a loop'}`) : error
      })
      if (leavesFolder(relative(root, real), process.platform)) {
        throw new Error(`'${existing}' leads outside the directory (to '${real}')`)
      }
      return { existing, real: join(real, relative(existing, folder)) }
    })
  }
}

/** The promise kept for `key`, made by `make` the first time. */
function once<T>(promises: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let promise = promises.get(key)
  if (promise === undefined) {
    promise = make()
    promises.set(key, promise)
  }
  return promise
}

/** The path itself if it exists, else its nearest ancestor that does. */
export async function nearestExisting(folder: string): Promise<string> {
  for (let path = folder; ; path = dirname(path)) {
    try {
      await lstat(path)
      return path
    } catch (error) {
      // ENOTDIR: a file on the way, which is then the nearest thing that exists.
      const code = (error as NodeJS.ErrnoException).code
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(path) === path) throw error
    }
  }
}
