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
 * or the NFC and NFD spellings of `café.bin`, are one file there. APFS folds case fully (`ß` is
 * `ss`, `ﬁ` is `fi`), NTFS a character at a time (`ſ` is `s`): lower, upper, then lower case
 * again, on the decomposed name, takes in both (`ẞ` lowers to `ß`, which uppers to `SS`).
 */
export function foldName(path: string): string {
  // Most names are ASCII, where lower case is the whole story.
  if (/^[ -~]*$/.test(path)) return path.toLowerCase()
  return path.normalize('NFD').toLowerCase().toUpperCase().toLowerCase().normalize('NFD')
}

// Windows opens these as devices, with any extension, and spaces before it.
const DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³]) *(\..*)?$/i

/** The longest name, in UTF-8 bytes, that ext4 and APFS take. */
const NAME_BYTES = 255

// NTFS gives a long name a short alias (`LONGFI~1.TXT` for `longfilename.txt`) on volumes that
// keep them: at most 8 characters, of the short-name set, with `~N` in them, and 3 after a dot.
const SHORT_CHAR = "[A-Za-z0-9!#$%&'()@^_`{}-]"
const SHORT_NAME = new RegExp(`^(?=[^.]{1,8}(\\.|$))${SHORT_CHAR}{1,6}~[1-9][0-9]{0,5}(\\.(${SHORT_CHAR}|~){1,3})?$`)

/**
 * Why a destination (relative, with `/` between names) can't be the same file on every OS, or
 * undefined when it can.
 */
export function portabilityProblem(path: string): string | undefined {
  if (!path.isWellFormed()) return 'is not valid Unicode (it holds a lone surrogate)'
  for (const name of path.split('/')) {
    if (name === '' || name === '.' || name === '..') continue
    if (Buffer.byteLength(name) > NAME_BYTES) return `has a name of ${Buffer.byteLength(name)} bytes, longer than the ${NAME_BYTES} that Linux and macOS take`
    if (SHORT_NAME.test(name)) return `has '${name}', which is shaped like a Windows short (8.3) name, which may be another file there`
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

/** A program to run, by its absolute path, with the environment it gets. */
export interface Tool {
  command: string
  env: Record<string, string | undefined>
  /** False for a tar that can't read .tar.xz. */
  xz?: false
}

/**
 * What a tool sees of the run's environment: not the inputs (the job's token among them) nor the
 * runner's own tokens (`ACTIONS_RUNTIME_TOKEN` and the like), which no tool needs; and a PATH of
 * absolute folders only, so that the programs a tool starts in turn (tar's gzip and xz) are not
 * taken from its working folder either.
 */
export function toolEnv(env: Record<string, string | undefined>, os: Os): Record<string, string | undefined> {
  const kept = Object.fromEntries(Object.entries(env).filter(([name]) => !/^(INPUT_|ACTIONS_)/i.test(name)))
  const path = pathKey(env)
  if (kept[path] !== undefined) kept[path] = pathFolders(kept[path], os).join(os === 'win32' ? ';' : ':')
  return kept
}

/** The PATH's absolute folders: an empty or relative entry means the working folder. */
function pathFolders(path: string | undefined, os: Os): string[] {
  // Windows allows a folder in quotes.
  const entries = (path ?? '').split(os === 'win32' ? ';' : ':').map((entry) => (os === 'win32' ? entry.replaceAll('"', '') : entry))
  return entries.filter((folder) => pathsOf(os).isAbsolute(folder) && (os !== 'win32' || win32.parse(folder).root.length > 1))
}

/**
 * The absolute path of a program in one of the PATH's absolute folders, or undefined. Never one
 * in the working folder: the tools run in folders that a manifest chooses and fills, and Windows
 * looks in the working folder before the PATH (as an empty or relative PATH entry does elsewhere).
 */
export function findProgram(name: string, os: Os, env: Record<string, string | undefined>, exists: (path: string) => boolean): string | undefined {
  const file = os === 'win32' ? `${name}.exe` : name
  return pathFolders(env[pathKey(env)], os)
    .map((folder) => pathsOf(os).join(folder, file))
    .find(exists)
}

/**
 * The tar to run. Windows' own (bsdtar, in System32) can't read .tar.xz: it hands xz to an `xz`
 * program that Windows lacks. Git for Windows' GNU tar can, with the xz and gzip of Git's own
 * folders put first on the PATH, so on Windows it is used when it is there, as @actions/cache
 * does; and it is told to make links as real Windows symlinks (or fail), not the copies of their
 * targets it makes by default, which would copy a file from outside the folder in. Undefined when
 * there is no tar.
 */
export function tarTool(os: Os, env: Record<string, string | undefined>, exists: (path: string) => boolean): Tool | undefined {
  const clean = toolEnv(env, os)
  if (os !== 'win32') {
    const command = findProgram('tar', os, env, exists)
    return command === undefined ? undefined : { command, env: clean }
  }
  const gnu = gitTar(env)
  if (exists(gnu)) {
    const git = win32.dirname(win32.dirname(win32.dirname(gnu)))
    const path = pathKey(env)
    const first = [win32.join(git, 'usr', 'bin'), win32.join(git, 'mingw64', 'bin')].join(';')
    return { command: gnu, env: { ...clean, [path]: `${first};${clean[path] ?? ''}`, MSYS: 'winsymlinks:nativestrict' } }
  }
  const system = win32.join(env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows', 'System32', 'tar.exe')
  return exists(system) ? { command: system, env: clean, xz: false } : undefined
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

/**
 * Whether Windows' own tar may read a file that starts with `head` (its first 512 bytes at
 * least): plain tar or gzip, which it reads itself. Any other compression it hands to a program
 * it looks for in the working folder first, the archive's, which a manifest fills.
 */
export function systemTarTakes(head: Buffer): boolean {
  const gzip = head[0] === 0x1f && head[1] === 0x8b
  return gzip || head.toString('latin1', 257, 262) === 'ustar'
}

/** Why a type of archive can't be unpacked with this tar, or undefined when it can. */
export function tarProblem(tool: Tool, compression: string): string | undefined {
  if (compression !== 'J' || tool.xz !== false) return undefined
  return "a .tar.xz archive needs Git for Windows' tar on Windows (Windows' own tar can't read xz), and this runner has none"
}

/** What unpacks a zip on this OS, as a sentence names it when it is missing. */
export function unzipName(os: Os): string {
  return os === 'win32' ? 'PowerShell' : 'unzip'
}

/** The environment variables that hand the zip's paths to PowerShell: as values, never parsed as code. */
const ZIP_FROM = 'PARALLEL_DOWNLOAD_ZIP'
const ZIP_TO = 'PARALLEL_DOWNLOAD_INTO'

/**
 * How to unpack the zip archive `archive` into the existing folder `into` (both absolute, in the
 * folder the tool runs in). Windows has no unzip: .NET's ZipFile does it there, through
 * PowerShell 7 when it is on the PATH (paths past 260 characters work) or else Windows
 * PowerShell, as @actions/tool-cache does. Linux and macOS runners have Info-ZIP's unzip, given
 * bare names: nothing of the path is read as an option or a pattern. Undefined when there is none.
 */
export function unzipTool(os: Os, env: Record<string, string | undefined>, archive: string, into: string, exists: (path: string) => boolean): (Tool & { args: string[] }) | undefined {
  if (os !== 'win32') {
    const command = findProgram('unzip', os, env, exists)
    return command === undefined ? undefined : { command, env: toolEnv(env, os), args: ['-o', '-q', posix.basename(archive), '-d', posix.basename(into)] }
  }
  const command = findProgram('pwsh', os, env, exists) ?? findProgram('powershell', os, env, exists)
  const script = [
    "$ErrorActionPreference = 'Stop'",
    'Add-Type -AssemblyName System.IO.Compression.FileSystem',
    `[System.IO.Compression.ZipFile]::ExtractToDirectory($env:${ZIP_FROM}, $env:${ZIP_TO})`,
  ].join('; ')
  const args = ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script]
  return command === undefined ? undefined : { command, args, env: { ...toolEnv(env, os), [ZIP_FROM]: archive, [ZIP_TO]: into } }
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
