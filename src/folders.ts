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
  readonly #made = new Map<string, Promise<void>>()

  constructor(root: string) {
    this.#root = mkdir(root, { recursive: true }).then(() => realpath(root))
    // Every ensure() awaits #root and reports its failure; this only stops Node calling it unhandled meanwhile.
    this.#root.catch(() => undefined)
  }

  ensure(folder: string): Promise<void> {
    let made = this.#made.get(folder)
    if (made === undefined) {
      made = this.#make(folder)
      this.#made.set(folder, made)
    }
    return made
  }

  async #make(folder: string): Promise<void> {
    const root = await this.#root
    const existing = await nearestExisting(folder)
    const real = await realpath(existing)
    if (leavesFolder(relative(root, real))) {
      throw new Error(`'${existing}' leads outside the directory (to '${real}')`)
    }
    await mkdir(folder, { recursive: true })
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
