import { randomBytes } from 'node:crypto'
import { chmod, lstat, readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { removeOptions, renameMayPass, renameWaits, type Os } from './platform.ts'

/** What a temporary holds: a body on its way, an archive, a folder being unpacked, an old folder being replaced. */
export type Kind = 'tmp' | 'archive' | 'extract' | 'old'

// The process and a random run id are in every name: a later run can tell which names are left
// over from a run that was killed (its process is gone) and remove them, and leave a live run's alone.
const RUN = randomBytes(4).toString('hex')
const PREFIX = `.parallel-download-${process.pid}-${RUN}-`
const OWN = /^\.parallel-download-(\d+)-([0-9a-f]{8})-\d+\.(tmp|archive|extract|old)$/
let made = 0
const live = new Set<string>()

/**
 * A new temporary name in `folder`, kept on the run's list until `settled` says it was renamed
 * into place or removed: a cancelled run removes everything on the list.
 */
export function temporary(folder: string, kind: Kind): string {
  const path = join(folder, `${PREFIX}${++made}.${kind}`)
  live.add(path)
  return path
}

/**
 * Puts a file being written under its own name on the list, until it is whole. Returns false,
 * having done nothing, for a path already on it (an archive's temporary name): its owner settles it.
 */
export function track(path: string): boolean {
  if (live.has(path)) return false
  live.add(path)
  return true
}

/**
 * Renames `from` to `to`, replacing a file there. On Windows the rename is tried again for up to
 * a minute while something holds either file open for a moment (antivirus, the search indexer),
 * but not when a folder is in the way, which Windows reports the same way and which stays.
 */
export async function move(from: string, to: string, os: Os = process.platform, attempt = rename): Promise<void> {
  const waits = renameWaits()
  for (let tries = 0; ; tries++) {
    try {
      return await attempt(from, to)
    } catch (error) {
      const wait = waits[tries]
      if (wait === undefined || !renameMayPass((error as NodeJS.ErrnoException).code, os) || (await isFolder(to))) throw error
      await sleep(wait)
    }
  }
}

async function isFolder(path: string): Promise<boolean> {
  return lstat(path).then(
    (stat) => stat.isDirectory(),
    () => false,
  )
}

/** The temporary is gone: renamed into place, or removed. */
export function settled(path: string): void {
  live.delete(path)
}

/** Removes a temporary and takes it off the list; never throws, as it runs on every way out. */
export async function dispose(path: string): Promise<void> {
  await removeTree(path).catch(() => undefined)
  settled(path)
}

/**
 * Removes a file or a folder, however it was unpacked: tar makes trees deeper than a path may
 * be long, which rm can't walk, and read-only folders, which a runner that is not root can't
 * empty. Such a tree is opened up and flattened first, each folder made writable and its
 * folders renamed up into the top one, a short path at a time; then it is removed.
 */
async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, removeOptions(process.platform))
  } catch (error) {
    if (!['ENAMETOOLONG', 'EACCES', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error
    let lifted = 0
    await chmod(path, 0o700)
    const folders = [path]
    // Every folder taken is at most one below `path`, so that every path used stays short. A
    // folder is made writable before it moves: moving it rewrites its own '..'.
    for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue
        const inside = join(folder, entry.name)
        await chmod(inside, 0o700)
        const up = folder === path ? inside : join(path, `.lifted-${RUN}-${++lifted}`)
        if (up !== inside) await move(inside, up)
        folders.push(up)
      }
    }
    await rm(path, removeOptions(process.platform))
  }
}

/** Set once a cancelled run starts removing its temporaries: from then on it makes no file. */
let leaving = false
/** Files being made right now, each until it is made and on the list, or removed again. */
const making = new Set<Promise<unknown>>()

/**
 * Makes the file at `path` with `make` (which creates it or fails, as 'wx' does). A run that is
 * leaving makes none; one that starts to leave while `make` is in flight waits for it, and the
 * file it made is closed with `close` and removed: the thread pool creates a file whether or not
 * anyone is still waiting for it.
 */
export function madeFile<T>(path: string, make: () => Promise<T>, close: (made: T) => Promise<void>): Promise<T> {
  if (leaving) return Promise.reject(new Error('the run was cancelled'))
  const made = make().then(async (file) => {
    if (!leaving) return file
    await close(file).catch(() => undefined)
    await removeTree(path).catch(() => undefined)
    throw new Error('the run was cancelled')
  })
  making.add(made)
  const done = (): boolean => making.delete(made)
  made.then(done, done)
  return made
}

/** Nothing to close: a folder, or a file written whole by one call. */
export async function nothingOpen(): Promise<void> {}

/** Removes every temporary still on the list, once no file is being made: the run was cancelled and is about to exit. */
export async function disposeAll(): Promise<void> {
  leaving = true
  await Promise.allSettled([...making])
  await Promise.all([...live].map(dispose))
}

/** Removes from `folder` the temporaries that runs killed before they could clean up left behind. */
export async function sweep(folder: string): Promise<void> {
  const names = await readdir(folder).catch(() => [])
  for (const name of names) {
    const [, pid, run] = OWN.exec(name) ?? []
    if (pid !== undefined && leftOver(Number(pid), run)) await removeTree(join(folder, name)).catch(() => undefined)
  }
}

function leftOver(pid: number, run: string | undefined): boolean {
  if (pid === process.pid) return run !== RUN
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}
