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
    await checkLinks(temp, temp)
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

/** Every symlink under `folder` must point inside `root`. */
async function checkLinks(folder: string, root: string): Promise<void> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name)
    if (entry.isSymbolicLink()) {
      const target = resolve(dirname(path), await readlink(path))
      if (leavesFolder(relative(root, target))) {
        throw new Error(`the archive member '${relative(root, path)}' links outside the folder (to '${await readlink(path)}')`)
      }
    } else if (entry.isDirectory()) {
      await checkLinks(path, root)
    }
  }
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
