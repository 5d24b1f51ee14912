// Everything that differs between Linux, macOS and Windows runners, in one place, as pure rules
// that take the OS (and what they need of its environment) as arguments: the tests check the
// Windows and macOS rules on Linux. The name rules apply on every OS, so that a manifest that
// works on one runner of a matrix works on all; the others say how to do a thing on each OS.
import { posix, win32 } from 'node:path'

/** The runner OSes, as `process.platform` names them; any other is treated as Linux. */
export type Os = NodeJS.Platform

/**
 * The key under which two destinations are one file on some runner. APFS (macOS) and NTFS
 * (Windows) ignore case, and APFS ignores Unicode normalisation, so `Data/A.bin` and `data/a.bin`,
 * or the NFC and NFD spellings of `café.bin`, are one file there. Case is folded a character at a
 * time, as those file systems do (`ſ` and `s` are one, `ß` and `ss` are not).
 */
export function foldName(path: string): string {
  // Most names are ASCII, where lower case is the whole story.
  if (/^[ -~]*$/.test(path)) return path.toLowerCase()
  // Decomposed before and after: `ẗ` has no one-letter upper case, but its `t` has.
  let folded = ''
  for (const char of path.normalize('NFD')) {
    const upper = single(char, char.toUpperCase())
    folded += single(upper, upper.toLowerCase())
  }
  return folded.normalize('NFD')
}

/** `mapped` when it is one character, as a file system's table would map it; else `char` as it is. */
function single(char: string, mapped: string): string {
  return [...mapped].length === 1 ? mapped : char
}

// Windows opens these as devices, with any extension, and spaces before it.
const DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³]) *(\..*)?$/i

/**
 * Why a destination (relative, with `/` between names) can't be the same file on every OS, or
 * undefined when it can.
 */
export function portabilityProblem(path: string): string | undefined {
  if (!path.isWellFormed()) return 'is not valid Unicode (it holds a lone surrogate)'
  for (const name of path.split('/')) {
    if (name === '' || name === '.' || name === '..') continue
    if (/[<>:"|?*]/.test(name)) return `has '${name}', with a character that Windows can't have in a name (< > : " | ? *)`
    if (/[. ]$/.test(name)) return `has '${name}', which ends in a dot or a space, which Windows drops`
    if (DEVICE.test(name)) return `has '${name}', which is a device on Windows`
  }
  return undefined
}

/** The path rules of an OS: Windows takes `\` and `/` between names, drives and UNC paths. */
export function pathsOf(os: Os): typeof posix {
  return os === 'win32' ? win32 : posix
}

/** Whether a path relative to a folder (as `path.relative` gives it on `os`) points outside that folder. */
export function leavesFolder(inside: string, os: Os): boolean {
  const paths = pathsOf(os)
  return inside === '..' || inside.startsWith(`..${paths.sep}`) || paths.isAbsolute(inside)
}

/** Where a destination lands under `directory` on `os`, absolute and as reports show it; or why it can't be written there. */
export type Placed = { destination: string; inside: string; problem?: undefined } | { problem: string }

/**
 * Places a manifest's destination (relative, `/` between names) under `directory` (absolute) as
 * `os` reads paths. A path that is absolute on any OS is refused on every OS, with the same
 * sentence, so that `C:\x` or `//host/share` can't reach another drive or host on Windows.
 */
export function placeUnder(directory: string, path: string, os: Os): Placed {
  const paths = pathsOf(os)
  if (posix.isAbsolute(path) || win32.isAbsolute(path)) return { problem: `the destination '${path}' is absolute; destinations are relative to the directory` }
  // Before the path is resolved: `C:x`, on drive C on Windows, is refused for its `:` on every OS.
  const unportable = portabilityProblem(path)
  if (unportable) return { problem: `the destination '${path}' ${unportable}` }
  const destination = paths.resolve(directory, path)
  const native = paths.relative(directory, destination)
  if (leavesFolder(native, os)) return { problem: `the destination '${path}' resolves outside the directory` }
  return { destination, inside: portablePath(native, os) }
}

/**
 * A destination relative to the directory as reports show it and as it reads on every OS: with
 * `/` between names, whatever the OS's separator (`path.relative` gives `\` on Windows).
 */
export function portablePath(relative: string, os: Os): string {
  return os === 'win32' ? relative.replaceAll(win32.sep, posix.sep) : relative
}

/**
 * Whether a rename that failed with `code` may pass when tried again: on Windows, antivirus and
 * the search indexer hold a file that was just written open for a moment, and the rename fails
 * with EPERM, EACCES or EBUSY meanwhile. On Linux and macOS those codes are final.
 */
export function renameMayPass(code: string | undefined, os: Os): boolean {
  return os === 'win32' && (code === 'EPERM' || code === 'EACCES' || code === 'EBUSY')
}

/** The waits before each new try of such a rename: short at first, growing, 60 seconds in all, as graceful-fs waits. */
export function renameWaits(): number[] {
  const waits: number[] = []
  for (let wait = 10, total = 0; total < 60_000; total += wait, wait = Math.min(wait * 2, 1000)) waits.push(Math.min(wait, 60_000 - total))
  return waits
}

/**
 * Options for removing a tree: on Windows a file someone holds open can't be removed for a
 * moment, as for renames; Node's rm tries again on EBUSY, EPERM and ENOTEMPTY when asked.
 */
export function removeOptions(os: Os): { recursive: true; force: true; maxRetries: number; retryDelay: number } {
  return { recursive: true, force: true, maxRetries: os === 'win32' ? 10 : 0, retryDelay: 100 }
}

/**
 * The links a path may go through before the file system gives up (ELOOP): Linux's 40, macOS's
 * MAXSYMLINKS of 32, Windows' 63 reparse points.
 */
export function linkLimit(os: Os): number {
  return os === 'darwin' ? 32 : os === 'win32' ? 63 : 40
}

/** What separates names in a link's target: on Linux and macOS a backslash is part of a name. */
export function linkSeparators(os: Os): RegExp {
  return os === 'win32' ? /[/\\]/ : /\//
}

/**
 * The signals by which the runner cancels a run: SIGINT, then SIGTERM, on Linux and macOS; on
 * Windows, Ctrl-C (SIGINT to Node), then Ctrl-Break (SIGBREAK).
 */
export function cancelSignals(os: Os): NodeJS.Signals[] {
  return os === 'win32' ? ['SIGINT', 'SIGBREAK', 'SIGTERM'] : ['SIGINT', 'SIGTERM']
}

/** Whether files have permission bits: on Windows, chmod only sets or clears read-only. */
export function hasModes(os: Os): boolean {
  return os !== 'win32'
}

/** A program to run, with the environment it needs (undefined: the run's own). */
export interface Tool {
  command: string
  env?: Record<string, string | undefined>
}

/**
 * The tar to run. Windows' own (bsdtar, in System32) can't read .tar.xz: it hands xz to an `xz`
 * program that Windows lacks. Git for Windows' GNU tar can, with its own xz and gzip beside it,
 * so on Windows it is used when it is there, as @actions/cache does, with its folder first on
 * the PATH; and it makes links as real Windows symlinks (or fails), not the copies of their
 * targets that it makes by default, which would copy a file from outside the folder in.
 */
export function tarTool(os: Os, env: Record<string, string | undefined>, exists: (path: string) => boolean): Tool {
  if (os !== 'win32') return { command: 'tar' }
  const gnu = gitTar(env)
  if (!exists(gnu)) return { command: 'tar' }
  const path = pathKey(env)
  return { command: gnu, env: { ...env, [path]: `${win32.dirname(gnu)};${env[path] ?? ''}`, MSYS: 'winsymlinks:nativestrict' } }
}

/** Where Git for Windows keeps its GNU tar. */
export function gitTar(env: Record<string, string | undefined>): string {
  const programs = env.ProgramFiles ?? env.PROGRAMFILES ?? `${env.SystemDrive ?? 'C:'}\\Program Files`
  return win32.join(programs, 'Git', 'usr', 'bin', 'tar.exe')
}

/** The name the PATH has in an environment: Windows names are case-insensitive and it is `Path` there. */
function pathKey(env: Record<string, string | undefined>): string {
  return Object.keys(env).find((key) => key.toUpperCase() === 'PATH') ?? 'PATH'
}

/** Why a type of archive can't be unpacked with this tar, or undefined when it can. */
export function tarProblem(os: Os, tool: Tool, compression: string): string | undefined {
  if (os !== 'win32' || compression !== 'J' || tool.command !== 'tar') return undefined
  return "a .tar.xz archive needs Git for Windows' tar on Windows (Windows' own tar can't read xz), and this runner has none"
}

/** The environment variables that hand the zip's paths to PowerShell: as values, never parsed as code. */
const ZIP_FROM = 'PARALLEL_DOWNLOAD_ZIP'
const ZIP_TO = 'PARALLEL_DOWNLOAD_INTO'

/**
 * How to unpack the zip archive `archive` into the existing folder `into` (both absolute, in the
 * folder the tool runs in). Windows has no unzip: .NET's ZipFile does it there, through
 * PowerShell 7 when it is on the PATH (paths past 260 characters work) or else Windows
 * PowerShell, as @actions/tool-cache does. Linux and macOS runners have Info-ZIP's unzip, given
 * bare names: nothing of the path is read as an option or a pattern.
 */
export function unzipTool(os: Os, env: Record<string, string | undefined>, archive: string, into: string, exists: (path: string) => boolean): Tool & { args: string[] } {
  if (os !== 'win32') return { command: 'unzip', args: ['-o', '-q', posix.basename(archive), '-d', posix.basename(into)] }
  const pwsh = onPath('pwsh.exe', env, exists) ? 'pwsh' : 'powershell'
  const script = [
    "$ErrorActionPreference = 'Stop'",
    'Add-Type -AssemblyName System.IO.Compression.FileSystem',
    `[System.IO.Compression.ZipFile]::ExtractToDirectory($env:${ZIP_FROM}, $env:${ZIP_TO})`,
  ].join('; ')
  return { command: pwsh, args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], env: { ...env, [ZIP_FROM]: archive, [ZIP_TO]: into } }
}

/** Whether a program is in one of the PATH's folders (Windows: `;` between them). */
export function onPath(name: string, env: Record<string, string | undefined>, exists: (path: string) => boolean): boolean {
  return (env[pathKey(env)] ?? '').split(';').some((folder) => folder !== '' && exists(win32.join(folder, name)))
}

/**
 * Whether a tool runs in a process group of its own, so that one signal ends it with the
 * processes it started (tar's gzip or xz). Windows has no such groups: taskkill ends the tree.
 */
export function ownGroup(os: Os): boolean {
  return os !== 'win32'
}

/** taskkill's arguments that end a process on Windows with every process it started. */
export function taskkillArgs(pid: number): string[] {
  return ['/pid', String(pid), '/T', '/F']
}
