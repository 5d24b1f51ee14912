import { spawn } from 'node:child_process'
import type { Stats } from 'node:fs'
import { lstat, mkdir, readdir, readlink, rename } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, resolve, win32 } from 'node:path'
import type { ArchiveType } from './manifest.ts'
import { once } from './folders.ts'
import { leavesFolder } from './plan.ts'
import { dispose, settled, temporary, track } from './temporaries.ts'

/** tar's compression flag for each type. */
const COMPRESSION: Record<Exclude<ArchiveType, 'zip'>, string> = { tar: '', 'tar.gz': 'z', 'tar.xz': 'J' }

/**
 * Unpacks a verified archive into `destination` as a folder, whole or not at all: it is
 * unpacked beside it, checked, and only then renamed into place (an old folder there is
 * removed once the new one stands). Members that would land outside the folder (absolute
 * names, `..`, links pointing out) fail it. Throws an Error that says why.
 *
 * The runner's tar and unzip do the work, run here rather than through @actions/tool-cache's
 * extractors, which give no way to end them: a cancelled run must not leave one unpacking.
 */
export async function extract(archive: string, type: ArchiveType, destination: string, signal?: AbortSignal): Promise<void> {
  // Every path is handed over relative to the folder the archive is in, where the tools run:
  // GNU tar on Windows reads `C:` as a remote host.
  const folder = dirname(archive)
  checkNames(await listing(archive, type, signal))
  const temp = temporary(folder, 'extract')
  try {
    await mkdir(temp)
    if (type === 'zip') await runTool('unzip', ['-o', '-q', basename(archive), '-d', basename(temp)], folder, signal)
    else await runTool('tar', [`-x${COMPRESSION[type]}f`, basename(archive), '-C', basename(temp)], folder, signal)
    await checkLinks(temp)
    await replace(temp, destination)
  } finally {
    await dispose(temp)
  }
}

/** The member names, one a line, without unpacking. */
function listing(archive: string, type: ArchiveType, signal?: AbortSignal): Promise<string> {
  const args = type === 'zip' ? ['unzip', ['-Z1', basename(archive)]] as const : ['tar', [`-t${COMPRESSION[type]}f`, basename(archive)]] as const
  return runTool(args[0], [...args[1]], dirname(archive), signal)
}

/** Refuses member names that leave the folder. */
function checkNames(names: string): void {
  for (const name of names.split('\n')) {
    if (name === '') continue
    if (isAbsolute(name) || win32.isAbsolute(name) || name.split(/[/\\]/).includes('..')) {
      throw new Error(`the archive member '${name}' would land outside the folder`)
    }
  }
}

/**
 * Runs a tool in `cwd` and resolves with what it printed. Fails with a sentence: the tool's
 * first line of complaint. On abort the tool is ended, and the promise settles once it has exited.
 */
function runTool(command: string, args: string[], cwd: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('the run was cancelled'))
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const complaints: Buffer[] = []
    child.stdout.on('data', (data: Buffer) => out.push(data))
    child.stderr.on('data', (data: Buffer) => complaints.push(data))
    const end = (): boolean => child.kill()
    signal?.addEventListener('abort', end, { once: true })
    let failed: Error | undefined
    child.on('error', (error) => (failed = new Error(`${command} could not be run (${error.message})`)))
    child.on('close', (code, killed) => {
      signal?.removeEventListener('abort', end)
      const said = complaintOf(Buffer.concat(complaints).toString())
      if (signal?.aborted) reject(new Error('the run was cancelled'))
      else if (failed) reject(failed)
      else if (code === 0) resolve(Buffer.concat(out).toString())
      else reject(new Error(`${command} failed (${code === null ? `killed by ${killed}` : `exit code ${code}`})${said ? `: ${said}` : ''}`))
    })
  })
}

/** The line of a tool's complaint that says what went wrong: not GNU tar's notices or its closing summary. */
function complaintOf(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '')
  return lines.find((line) => !/Removing leading|Exiting with failure status/.test(line)) ?? lines[0] ?? ''
}

/**
 * Judges every link by where it leads on disk, not by its text: `s -> .` then
 * `up -> s/s/s/../../..` reads as inside, yet climbs out. A symlink must stay inside `root` at
 * every step, following the links on its way; a hard link must have no name outside it.
 */
export async function checkLinks(root: string): Promise<void> {
  const landing = landings(root)
  const names = new Map<string, { path: string; links: number; seen: number }>()
  for (const path of await membersOf(root)) {
    const stat = await lstat(path, { bigint: true })
    if (stat.isSymbolicLink()) await landing(path)
    else if (stat.isFile() && stat.nlink > 1n) {
      const inode = `${stat.dev}:${stat.ino}`
      const known = names.get(inode) ?? { path, links: Number(stat.nlink), seen: 0 }
      known.seen++
      names.set(inode, known)
    }
  }
  for (const { path, links, seen } of names.values()) {
    if (seen < links) throw new Error(`the archive member '${relative(root, path)}' is a hard link to a file outside the folder`)
  }
}

/** Every path under `folder`, not descending into symlinks. */
async function membersOf(folder: string): Promise<string[]> {
  const paths: string[] = []
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name)
    paths.push(path)
    if (entry.isDirectory()) paths.push(...(await membersOf(path)))
  }
  return paths
}

/** Links followed on the way to a target before the file system gives up (ELOOP), as Linux counts them. */
const MAX_FOLLOWS = 40

/** Where a link leads, and how many links resolving it follows. */
interface Landing {
  path: string
  follows: number
}

/**
 * Where each symlink under `root` leads, resolved a name at a time as the file system would,
 * with the links on the way followed; a name that does not exist yet is taken as written.
 * Throws when a link leaves `root` at any step, is absolute, loops, or follows more links than
 * the file system would. Each link is resolved and each name looked up once, so that a small
 * archive of links built on links costs no more than its size.
 */
function landings(root: string): (link: string) => Promise<Landing> {
  const resolved = new Map<string, Landing>()
  const resolving = new Set<string>()
  const stats = new Map<string, Promise<Stats | null>>()
  const stat = (path: string): Promise<Stats | null> => once(stats, path, () => lstat(path).catch(() => null))
  const landing = async (link: string): Promise<Landing> => {
    const known = resolved.get(link)
    if (known !== undefined) return known
    const member = relative(root, link)
    if (resolving.has(link)) throw new Error(`the archive member '${member}' is a link in a loop`)
    resolving.add(link)
    const target = await readlink(link)
    const outside = new Error(`the archive member '${member}' links outside the folder (to '${target}')`)
    if (isAbsolute(target) || win32.isAbsolute(target)) throw outside
    let current = dirname(link)
    let follows = 0
    const names = target.split(/[/\\]/)
    for (const [i, name] of names.entries()) {
      if (name === '' || name === '.') continue
      current = name === '..' ? dirname(current) : join(current, name)
      if (leavesFolder(relative(root, current))) throw outside
      const found = name === '..' ? undefined : await stat(current)
      if (found === null) {
        current = resolve(current, ...names.slice(i + 1))
        if (leavesFolder(relative(root, current))) throw outside
        break
      }
      if (found?.isSymbolicLink()) {
        const next = await landing(current)
        follows += 1 + next.follows
        if (follows > MAX_FOLLOWS) throw new Error(`the archive member '${member}' goes through more than ${MAX_FOLLOWS} links`)
        current = next.path
      }
    }
    resolving.delete(link)
    const result = { path: current, follows }
    resolved.set(link, result)
    return result
  }
  return landing
}

/**
 * Puts the unpacked folder at `destination`, moving an old one aside until the new one stands.
 * The old one is on the run's list of temporaries only once the new one stands: until then it
 * is the only copy, and a cancelled run must not remove it.
 */
async function replace(unpacked: string, destination: string): Promise<void> {
  const exists = await lstat(destination).then(
    () => true,
    () => false,
  )
  const old = exists ? temporary(dirname(destination), 'old') : undefined
  if (old !== undefined) {
    settled(old)
    await rename(destination, old)
  }
  try {
    await rename(unpacked, destination)
    settled(unpacked)
  } catch (error) {
    if (old !== undefined) await rename(old, destination)
    throw error
  }
  if (old !== undefined) {
    track(old)
    await dispose(old)
  }
}
