import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { copyFile, link, lstat, lutimes, mkdir, readdir, rm, unlink, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import * as core from '@actions/core'
import { reason } from './format.ts'
import { removeOptions } from './platform.ts'
import { dispose, madeFile, move, nothingOpen, settled, temporary } from './temporaries.ts'
import { openRegular } from './transfer.ts'

/**
 * What a URL answered last time: the sha256 of its body, and the validators to ask with next
 * time, which belong to `final`, the URL that answered after any redirects.
 */
export interface Remembered {
  url: string
  sha256: string
  final?: string
  etag?: string
  lastModified?: string
}

/** A record longer than this is not one of ours. */
const RECORD_BYTES = 16_384

/**
 * A folder of files named by their sha256 (`sha256/<hex>`), and what each URL answered last
 * (`urls/<sha256 of the URL>`). Files go in and come out by reflink or hard link where the
 * file system allows, so that a file is not written twice; by copy where it does not.
 *
 * Two live in a run: the runner's tool cache on a self-hosted runner (`shared`: it lasts, and
 * other repositories write there too, so nothing from it is taken unverified, and it is kept
 * under a size by evicting the files used least recently), and a folder under RUNNER_TEMP that
 * GitHub's Actions cache restores and saves (`own`: the repository's alone).
 */
export class Store {
  readonly root: string
  /** Whether other repositories write here: then a URL's file is taken only when the entry pins it. */
  readonly shared: boolean
  readonly #ready: Promise<void>
  readonly #adding = new Map<string, Promise<void>>()
  readonly #given = new Set<string>()

  constructor(root: string, shared: boolean) {
    this.root = root
    this.shared = shared
    this.#ready = ready(root)
    this.#ready.catch(() => undefined)
  }

  /** The tool cache's store on a self-hosted runner, or undefined where there is none to keep. */
  static inToolCache(): Store | undefined {
    const root = process.env.RUNNER_TOOL_CACHE
    // A hosted runner's tool cache goes with its VM: a store there would only cost a copy.
    if (!root || process.env.RUNNER_ENVIRONMENT === 'github-hosted') return undefined
    return new Store(join(root, 'parallel-download'), true)
  }

  /** The path of the file with this sha256, when the store holds a regular file by that name. */
  async file(sha256: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined
    const path = join(this.root, 'sha256', sha256)
    const stat = await this.#ready.then(() => lstat(path)).catch(() => undefined)
    return stat?.isFile() ? path : undefined
  }

  /** Marks a file as used now, for eviction, in a store that lasts. */
  async used(path: string): Promise<void> {
    if (!this.shared) return
    const now = new Date()
    await lutimes(path, now, now).catch(() => undefined)
  }

  /**
   * How a file of this store may be given to a destination. Never by hard link from a store that
   * lasts: every destination linked to it would be one file, in this workspace and in other
   * repositories', and a write into one would change them all. From a run's own store, by link
   * the first time (its other link goes with the store), and by copy after, or when the file
   * came in from a destination, so that two entries with the same content stay two files.
   */
  mayLink(sha256: string): boolean {
    if (this.shared || this.#given.has(sha256)) return false
    this.#given.add(sha256)
    return true
  }

  /** Removes a file that no longer matches its name, so that the next one added takes its place. */
  async forget(path: string): Promise<void> {
    this.#adding.delete(basename(path))
    await unlink(path).catch(() => undefined)
  }

  /**
   * Keeps a verified file under its sha256. A failure costs a later run a download, not this one
   * its result, so it is only logged.
   */
  add(sha256: string, file: string): Promise<void> {
    let adding = this.#adding.get(sha256)
    if (adding === undefined) {
      adding = this.#add(sha256, file).catch((error: unknown) => core.warning(`Could not keep a file in the store '${this.root}': ${reason(error)}.`))
      this.#adding.set(sha256, adding)
    }
    return adding
  }

  async #add(sha256: string, file: string): Promise<void> {
    const existing = await this.file(sha256)
    if (existing !== undefined) return this.used(existing)
    // It may be a link to the destination it came from: that one has it already.
    this.#given.add(sha256)
    await this.#ready
    const folder = join(this.root, 'sha256')
    const temp = temporary(folder, 'tmp')
    try {
      await madeFile(temp, () => share(file, temp), nothingOpen)
      await move(temp, join(folder, sha256))
      settled(temp)
    } finally {
      await dispose(temp)
    }
  }

  /** What `url` answered last time, as this repository recorded it; undefined for none or a record that is not ours. */
  async recall(url: string): Promise<Remembered | undefined> {
    try {
      await this.#ready
      const { file } = await openRegular(join(this.root, 'urls', this.recordName(url)))
      try {
        // No more than a record can be: a planted file may be as large as it likes.
        const { buffer, bytesRead } = await file.read(Buffer.alloc(RECORD_BYTES), 0, RECORD_BYTES, 0)
        const record = JSON.parse(buffer.toString('utf8', 0, bytesRead)) as Partial<Remembered>
        return record.url === url && typeof record.sha256 === 'string' ? pick(record as Remembered) : undefined
      } finally {
        await file.close()
      }
    } catch {
      return undefined
    }
  }

  /** Records what a URL answered, for a conditional request next time. */
  async remember(record: Remembered): Promise<void> {
    try {
      await this.#ready
      const path = join(this.root, 'urls', this.recordName(record.url))
      const temp = temporary(join(this.root, 'urls'), 'tmp')
      try {
        await madeFile(temp, () => writeFile(temp, JSON.stringify(pick(record)), { flag: 'wx' }), nothingOpen)
        await move(temp, path)
        settled(temp)
      } finally {
        await dispose(temp)
      }
    } catch (error) {
      core.debug(`store: could not record ${record.url}: ${reason(error)}`)
    }
  }

  /** The name of a URL's record, by repository: another repository's answers are not this one's to trust. */
  recordName(url: string): string {
    return createHash('sha256').update(`${process.env.GITHUB_REPOSITORY ?? ''}\n${url}`).digest('hex')
  }

  /**
   * Removes the files used least recently until the store holds at most `limit` bytes, and what
   * an older layout of the store left. Never throws: a store that can't be trimmed is a warning.
   */
  async evict(limit: number): Promise<void> {
    try {
      await this.#ready
      for (const name of await readdir(this.root)) {
        if (/^0\.0\.0-sha(256|512)-[0-9a-f]+(\.complete)?$/.test(name)) await rm(join(this.root, name), removeOptions(process.platform))
      }
      const folder = join(this.root, 'sha256')
      const files = []
      for (const name of await readdir(folder)) {
        const stat = await lstat(join(folder, name)).catch(() => undefined)
        if (stat !== undefined) files.push({ path: join(folder, name), bytes: stat.isFile() ? stat.size : 0, used: stat.mtimeMs })
      }
      let total = files.reduce((sum, file) => sum + file.bytes, 0)
      for (const file of files.sort((a, b) => a.used - b.used)) {
        if (total <= limit) break
        await unlink(file.path).catch(() => undefined)
        total -= file.bytes
        core.debug(`store: evicted ${file.path} (${file.bytes} bytes), used least recently`)
      }
    } catch (error) {
      core.warning(`Could not trim the store '${this.root}': ${reason(error)}.`)
    }
  }
}

/**
 * Makes the store's folders. Another repository on a self-hosted runner can put a symlink where
 * a folder should be, and writes would follow it: such a store is refused.
 */
async function ready(root: string): Promise<void> {
  for (const folder of [root, join(root, 'sha256'), join(root, 'urls')]) {
    await mkdir(folder, { recursive: true })
    if (!(await lstat(folder)).isDirectory()) throw new Error(`'${folder}' is not a folder`)
  }
}

/** Only the fields a record has, each as the action writes it: a record is written by anyone who can write the store. */
function pick({ url, sha256, final, etag, lastModified }: Remembered): Remembered {
  const text = (value: unknown): value is string => typeof value === 'string'
  return {
    url,
    sha256,
    ...(text(final) && { final }),
    // A strong ETag is a quoted string; `*` would match whatever the server has.
    ...(text(etag) && /^"[^"*]*"$/.test(etag) && { etag }),
    ...(text(lastModified) && !Number.isNaN(Date.parse(lastModified)) && { lastModified }),
  }
}

let reflinks = true

/**
 * Gives `to` the content of `from` without writing it again where the file system allows: a
 * reflink (copy on write, so neither sees the other's later changes), else a hard link when
 * `mayLink`, else a copy.
 */
export async function share(from: string, to: string, mayLink = true): Promise<'reflink' | 'link' | 'copy'> {
  try {
    if (reflinks) {
      await copyFile(from, to, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE_FORCE)
      return 'reflink'
    }
  } catch (error) {
    // A file system without them says so every time: asking once is enough.
    if (['ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EINVAL', 'EXDEV'].includes((error as NodeJS.ErrnoException).code ?? '')) reflinks = false
  }
  try {
    if (mayLink) {
      await link(from, to)
      return 'link'
    }
  } catch {
    // another file system, or one without hard links
  }
  await copyFile(from, to, constants.COPYFILE_EXCL)
  return 'copy'
}
