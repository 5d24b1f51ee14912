import { lstat, mkdir, realpath } from 'node:fs/promises'
import { dirname, relative } from 'node:path'
import { leavesFolder } from './plan.ts'

/**
 * Makes destination folders under a root, once each. A folder that a symlink leads outside
 * the root is refused: a checked-out pull request can hold such a link, and mkdir and
 * rename would follow it.
 */
export class Folders {
  readonly #root: Promise<string>
  readonly #made = new Map<string, Promise<boolean>>()
  /** Folders this run created: nothing in them predates it. */
  readonly #fresh = new Set<string>()

  constructor(root: string) {
    this.#root = mkdir(root, { recursive: true }).then((created) => {
      if (created !== undefined) this.#fresh.add(root)
      return realpath(root)
    })
    // Every ensure() awaits #root and reports its failure; this only stops Node calling it unhandled meanwhile.
    this.#root.catch(() => undefined)
  }

  /** Makes the folder; resolves to true when this run created it, so that no file in it is older than the run. */
  ensure(folder: string): Promise<boolean> {
    let made = this.#made.get(folder)
    if (made === undefined) {
      made = this.#make(folder)
      this.#made.set(folder, made)
    }
    return made
  }

  async #make(folder: string): Promise<boolean> {
    const root = await this.#root
    const existing = await nearestExisting(folder)
    const real = await realpath(existing)
    if (leavesFolder(relative(root, real))) {
      throw new Error(`'${existing}' leads outside the directory (to '${real}')`)
    }
    if (existing === folder) return this.#fresh.has(folder)
    await mkdir(folder, { recursive: true })
    this.#fresh.add(folder)
    return true
  }
}

async function nearestExisting(folder: string): Promise<string> {
  for (let path = folder; ; path = dirname(path)) {
    try {
      await lstat(path)
      return path
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(path) === path) throw error
    }
  }
}
