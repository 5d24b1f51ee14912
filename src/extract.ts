import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { createHash } from 'node:crypto'
import { lstat, mkdir, readdir, readlink, writeFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, win32 } from 'node:path'
import type { ArchiveType, Checksums } from './manifest.ts'
import { checkLinks } from './links.ts'
import { shortened } from './format.ts'
import { dispose, madeFile, move, nothingOpen, settled, temporary, track } from './temporaries.ts'
import { openRegular } from './transfer.ts'
import { findProgram, ownGroup, systemTarTakes, tarProblem, tarTool, taskkillArgs, unzipName, unzipTool, type Tool } from './platform.ts'
import { zipNames } from './zip.ts'

/** tar's compression flag for each type. */
const COMPRESSION: Record<Exclude<ArchiveType, 'zip'>, string> = { tar: '', 'tar.gz': 'z', 'tar.xz': 'J' }

/**
 * Unpacks a verified archive into `destination` as a folder, whole or not at all: it is
 * unpacked beside it, checked, and only then renamed into place (an old folder there is
 * removed once the new one stands). Members that would land outside the folder (absolute
 * names, `..`, links pointing out) fail it. Throws an Error that says why.
 *
 * The runner's tar and unzip (PowerShell's .NET ZipFile on Windows) do the work, run here rather
 * than through @actions/tool-cache's extractors, which give no way to end them: a cancelled run
 * must not leave one unpacking.
 */
export async function extract(archive: string, type: ArchiveType, destination: string, from: Unpacked, signal?: AbortSignal): Promise<void> {
  // Every path is handed over relative to the folder the archive is in, where the tools run:
  // GNU tar on Windows reads `C:` as a remote host.
  const folder = dirname(archive)
  await list(archive, type, signal)
  const temp = temporary(folder, 'extract')
  try {
    await madeFile(temp, () => mkdir(temp), nothingOpen)
    if (type === 'zip') {
      const unzip = unzipTool(process.platform, process.env, archive, temp, existsSync)
      if (unzip === undefined) throw new Error(`there is no ${unzipName(process.platform)} on the PATH to unpack it with`)
      await runTool(unzip, unzip.args, folder, signal)
    }
    // As root, tar would give files the owners the archive names: they are the runner's.
    else await runTool(tar(), [`-x${COMPRESSION[type]}f`, basename(archive), '--no-same-owner', '-C', basename(temp)], folder, signal)
    await checkLinks(temp, signal)
    if (Object.keys(from.pins).length > 0) await mark(temp, from)
    await replace(temp, destination)
  } finally {
    await dispose(temp)
  }
}

/** The file in an unpacked folder that says which archive it came from, and what it held. */
const MARKER = '.parallel-download.json'

/** The archive a folder is unpacked from: its pins, its size and its sha256. */
export interface Unpacked {
  pins: Checksums
  bytes: number
  sha256: string
}

interface Marker extends Unpacked {
  tree: string
}

/**
 * The archive `folder` was unpacked from, when that archive had these pins and the folder is
 * unchanged since: its marker names the same pins, and every name in it has the type, size, time
 * and link target it had then. Undefined otherwise.
 */
export async function stillUnpacked(folder: string, pins: Checksums): Promise<Unpacked | undefined> {
  try {
    // The folder itself, not a symlink that a checked-out pull request put in its place.
    if (!(await lstat(folder)).isDirectory()) return undefined
    const { file } = await openRegular(join(folder, MARKER))
    const marker = JSON.parse(await file.readFile('utf8').finally(() => file.close())) as Partial<Marker>
    const same = JSON.stringify(marker.pins) === JSON.stringify(sorted(pins)) && marker.tree === (await fingerprint(folder))
    return same && typeof marker.bytes === 'number' && typeof marker.sha256 === 'string' ? { pins, bytes: marker.bytes, sha256: marker.sha256 } : undefined
  } catch {
    return undefined
  }
}

/** Writes the marker, unless the archive has a file by its name: that folder is then unpacked on every run. */
async function mark(folder: string, { pins, bytes, sha256 }: Unpacked): Promise<void> {
  const marker: Marker = { pins: sorted(pins), bytes, sha256, tree: await fingerprint(folder) }
  await writeFile(join(folder, MARKER), JSON.stringify(marker), { flag: 'wx' }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  })
}

function sorted(pins: Checksums): Checksums {
  return Object.fromEntries(Object.entries(pins).sort())
}

/**
 * What the folder holds, in a digest: each name with its type, inode and change time (which no
 * one can set, so that a folder that a pull request checked out can't pass for one unpacked
 * here), and a file's size, time and mode or a link's target. The top folder is left out:
 * writing the marker and renaming the folder into place change it.
 */
async function fingerprint(folder: string): Promise<string> {
  const hash = createHash('sha256')
  const names = (await readdir(folder, { recursive: true })).filter((name) => name !== MARKER).sort()
  for (const name of names) {
    const path = join(folder, name)
    // Big integers: Windows file ids lose their low bits as plain numbers.
    const stat = await lstat(path, { bigint: true })
    const what = stat.isSymbolicLink() ? `l ${await readlink(path)}` : stat.isDirectory() ? 'd' : `f ${stat.size} ${stat.mtimeNs} ${stat.mode}`
    hash.update(`${name}\0${stat.ino} ${stat.ctimeNs} ${what}\n`)
  }
  return hash.digest('hex')
}

/** Lists the member names without unpacking, each checked as it comes, so that no listing is held whole. */
async function list(archive: string, type: ArchiveType, signal?: AbortSignal): Promise<void> {
  if (type === 'zip') return zipNames(archive, checkName, signal)
  const problem = tarProblem(tar(), COMPRESSION[type]) ?? (tar().xz === false ? await systemTarProblem(archive) : undefined)
  if (problem !== undefined) throw new Error(problem)
  // GNU tar escapes bytes outside the locale's characters (`\303\251` for é when LANG is unset), which reads as a Windows path.
  const literal = (await gnuTar(signal)) ? ['--quoting-style=literal'] : []
  return runTool(tar(), [`-t${COMPRESSION[type]}f`, basename(archive), ...literal], dirname(archive), signal, checkName)
}

/** Why Windows' own tar must not read this archive: it is compressed in a way that tar hands to another program. */
async function systemTarProblem(archive: string): Promise<string | undefined> {
  const { file } = await openRegular(archive)
  const { buffer, bytesRead } = await file.read(Buffer.alloc(512), 0, 512, 0).finally(() => file.close())
  if (systemTarTakes(buffer.subarray(0, bytesRead))) return undefined
  return "the archive is compressed in a way that Windows' own tar leaves to another program; it needs Git for Windows' tar, and this runner has none"
}

let tarChosen: Tool | undefined

/** The tar this OS unpacks with, chosen once. */
function tar(): Tool {
  tarChosen ??= tarTool(process.platform, process.env, existsSync)
  if (tarChosen === undefined) throw new Error('there is no tar on the PATH to unpack it with')
  return tarChosen
}

let gnu: Promise<boolean> | undefined

/** Whether the runner's tar is GNU tar, asked once (under the run's cancel signal, which every entry shares). */
function gnuTar(signal?: AbortSignal): Promise<boolean> {
  let said = ''
  gnu ??= runTool(tar(), ['--version'], process.cwd(), signal, (line) => (said ||= line)).then(
    () => said.includes('GNU tar'),
    () => false,
  )
  return gnu
}

/** Refuses a member name that leaves the folder: on any OS, as Windows reads it too (`C:x` is on drive C). */
function checkName(name: string): void {
  if (name === '') return
  if (isAbsolute(name) || win32.parse(name).root !== '' || name.split(/[/\\]/).includes('..')) {
    throw new Error(`the archive member '${shortened(name, COMPLAINT_CHARS)}' would land outside the folder`)
  }
}

/** The longest line a tool may print: a name longer than any file system takes is no name. */
const MAX_LINE = 65_536

/**
 * Runs a tool in `cwd`, handing each line it prints to `line` as it comes. Fails with a
 * sentence: the tool's first line of complaint, or what `line` threw (the tool is then ended).
 * On abort the tool is ended, with the processes it started (tar's gzip or xz), and the promise
 * settles once it has exited.
 */
function runTool(tool: Tool, args: string[], cwd: string, signal?: AbortSignal, line?: (text: string) => void): Promise<void> {
  // Named in errors as a user knows it: `tar`, not Git's path to it.
  const command = win32.basename(tool.command).replace(/\.exe$/i, '')
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('the run was cancelled'))
    const group = ownGroup(process.platform)
    const child = spawn(tool.command, args, { cwd, env: tool.env, stdio: ['ignore', 'pipe', 'pipe'], detached: group, windowsHide: true })
    const end = (): void => endTool(child, group)
    let failed: Error | undefined
    const lines = new StringDecoder('utf8')
    let partial = ''
    const take = (text: string): void => {
      if (failed !== undefined || line === undefined) return
      try {
        const pieces = (partial + text).split('\n')
        partial = pieces.pop() ?? ''
        if ([partial, ...pieces].some((piece) => piece.length > MAX_LINE)) throw new Error(`${command} printed a line longer than ${MAX_LINE} characters`)
        for (const piece of pieces) line(piece)
      } catch (error) {
        failed = error as Error
        end()
      }
    }
    child.stdout.on('data', (data: Buffer) => take(lines.write(data)))
    let complaint = ''
    child.stderr.on('data', (data: Buffer) => (complaint = (complaint + data.toString()).slice(0, MAX_LINE)))
    signal?.addEventListener('abort', end, { once: true })
    child.on('error', (error) => (failed ??= new Error(`${command} could not be run (${error.message})`)))
    child.on('close', (code, killed) => {
      signal?.removeEventListener('abort', end)
      take(`${lines.end()}\n`)
      // unzip's own words when it names what it could not do: a member in the way of another.
      const checkdir = /checkdir error: +(.*)/.exec(complaint)?.[1]
      // The tool names itself as it was run, by its full path: as `tar` is enough.
      const said = (command === 'unzip' && code !== null && !checkdir && UNZIP_EXITS[code]) || complaintOf((checkdir ?? complaint).replaceAll(tool.command, command))
      if (signal?.aborted) reject(new Error('the run was cancelled'))
      else if (failed) reject(failed)
      // unzip's 1 is a warning (bytes before the archive, an empty archive): the members are there, and checked next.
      else if (code === 0 || (command === 'unzip' && code === 1)) resolve()
      // The tool's whole complaint rides along as the cause, for the debug log.
      else reject(new Error(`${command} failed (${code === null ? `killed by ${killed}` : `exit code ${code}`})${said ? `: ${said}` : ''}`, { cause: complaint }))
    })
  })
}

/** Ends a tool and the processes it started: its process group, or on Windows its process tree. */
function endTool(child: ChildProcess, group: boolean): void {
  try {
    if (child.pid !== undefined && group) {
      process.kill(-child.pid, 'SIGTERM')
      return
    }
    const taskkill = findProgram('taskkill', process.platform, process.env, existsSync)
    if (child.pid !== undefined && taskkill !== undefined) {
      spawn(taskkill, taskkillArgs(child.pid), { stdio: 'ignore', windowsHide: true }).on('error', () => child.kill())
      return
    }
  } catch {
    // The group is gone already; the tool itself may not be.
  }
  child.kill()
}

/** The longest part of a tool's complaint put in an error, which goes to the log, outputs and summary. */
const COMPLAINT_CHARS = 300

/**
 * What unzip's exit codes mean: its complaint starts with the archive's name in brackets and
 * spreads one sentence over several lines.
 */
const UNZIP_EXITS: Record<number, string> = {
  2: 'the zip archive is damaged',
  3: 'the zip archive is damaged',
  4: 'unzip ran out of memory',
  5: 'unzip ran out of memory',
  6: 'unzip ran out of memory',
  7: 'unzip ran out of memory',
  9: 'the file is not a zip archive',
  50: 'the disk is full',
  51: 'the zip archive ends too soon',
}

/**
 * The line of a tool's complaint that says what went wrong (not GNU tar's notices or its closing
 * summary, nor a line that only names the temporary file), cut short: it may quote an archive's
 * member names, which can be as long as they like.
 */
function complaintOf(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '')
  const said = (lines.find((line) => !/Removing leading|Exiting with failure status|^\[?[^ ]*\.parallel-download-[^ ]*\]?:?$/.test(line)) ?? lines[0] ?? '').replace(
    /\[?\.parallel-download-[\w-]+\.(archive|extract)\]?/g,
    'the archive',
  )
  return shortened(said, COMPLAINT_CHARS)
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
    await move(destination, old)
  }
  try {
    await move(unpacked, destination)
    settled(unpacked)
  } catch (error) {
    if (old !== undefined) await move(old, destination)
    throw error
  }
  if (old !== undefined) {
    track(old)
    await dispose(old)
  }
}
