import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { lstat, mkdir, readdir, readlink, rename, rm } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve, win32 } from 'node:path'
import { promisify } from 'node:util'
import type { ArchiveType } from './manifest.ts'
import { leavesFolder } from './plan.ts'

const run = promisify(execFile)

/** tar's compression flag for each type. */
const COMPRESSION: Record<Exclude<ArchiveType, 'zip'>, string> = { tar: '', 'tar.gz': 'z', 'tar.xz': 'J' }

/**
 * Unpacks a verified archive into `destination` as a folder, whole or not at all: it is
 * unpacked beside it, checked, and only then renamed into place (an old folder there is
 * removed once the new one stands). Members that would land outside the folder (absolute
 * names, `..`, links pointing out) fail it. Throws an Error that says why.
 */
export async function extract(archive: string, type: ArchiveType, destination: string): Promise<void> {
  await checkNames(archive, type)
  const temp = join(dirname(destination), `.extract-${randomBytes(6).toString('hex')}`)
  try {
    await mkdir(temp)
    // Loaded only by runs that unpack something; tree-shaken to the two extractors.
    const toolCache = await import(/* webpackExports: ["extractTar", "extractZip"] */ '@actions/tool-cache')
    if (type === 'zip') await toolCache.extractZip(archive, temp)
    else await toolCache.extractTar(archive, temp, `x${COMPRESSION[type]}`)
    await checkLinks(temp)
    await replace(temp, destination)
  } finally {
    await rm(temp, { recursive: true, force: true })
  }
}

/** Lists the members without unpacking and refuses names that leave the folder. */
async function checkNames(archive: string, type: ArchiveType): Promise<void> {
  const { stdout } =
    type === 'zip'
      ? await run('unzip', ['-Z1', archive], { maxBuffer: 256 * 2 ** 20 })
      : await run('tar', [`-t${COMPRESSION[type]}f`, archive], { maxBuffer: 256 * 2 ** 20 })
  for (const name of stdout.split('\n')) {
    if (name === '') continue
    if (isAbsolute(name) || win32.isAbsolute(name) || name.split(/[/\\]/).includes('..')) {
      throw new Error(`the archive member '${name}' would land outside the folder`)
    }
  }
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

/**
 * Where each symlink under `root` leads, resolved a name at a time as the file system would,
 * with the links on the way followed; a name that does not exist yet is taken as written.
 * Throws when a link leaves `root` at any step, is absolute, or loops. Each link is resolved
 * once, so that links built on links cost no more than their number.
 */
function landings(root: string): (link: string) => Promise<string> {
  const resolved = new Map<string, string>()
  const resolving = new Set<string>()
  const landing = async (link: string): Promise<string> => {
    const known = resolved.get(link)
    if (known !== undefined) return known
    const member = relative(root, link)
    if (resolving.has(link)) throw new Error(`the archive member '${member}' is a link in a loop`)
    resolving.add(link)
    const target = await readlink(link)
    const outside = new Error(`the archive member '${member}' links outside the folder (to '${target}')`)
    if (isAbsolute(target) || win32.isAbsolute(target)) throw outside
    let current = dirname(link)
    const names = target.split(/[/\\]/)
    for (const [i, name] of names.entries()) {
      if (name === '' || name === '.') continue
      current = name === '..' ? dirname(current) : join(current, name)
      if (leavesFolder(relative(root, current))) throw outside
      const stat = name === '..' ? undefined : await lstat(current).catch(() => null)
      if (stat === null) {
        current = resolve(current, ...names.slice(i + 1))
        if (leavesFolder(relative(root, current))) throw outside
        break
      }
      if (stat?.isSymbolicLink()) current = await landing(current)
    }
    resolving.delete(link)
    resolved.set(link, current)
    return current
  }
  return landing
}

/** Puts the unpacked folder at `destination`, moving an old one aside until the new one stands. */
async function replace(unpacked: string, destination: string): Promise<void> {
  const old = await lstat(destination).then(
    () => `${unpacked}.old`,
    () => undefined,
  )
  if (old !== undefined) await rename(destination, old)
  try {
    await rename(unpacked, destination)
  } catch (error) {
    if (old !== undefined) await rename(old, destination)
    throw error
  }
  if (old !== undefined) await rm(old, { recursive: true, force: true })
}
