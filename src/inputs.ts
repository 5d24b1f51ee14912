import * as core from '@actions/core'
import { lstat, realpath, stat, writeFile } from 'node:fs/promises'
import { dirname, relative, resolve } from 'node:path'
import { nearestExisting } from './folders.ts'
import { headerProblem, parseHeaderLines, type HeaderRule } from './headers.ts'
import type { Problem } from './manifest.ts'
import { leavesFolder, portablePath } from './platform.ts'
import { diskProblem, reason } from './format.ts'
import { dispose, temporary } from './temporaries.ts'
import { openRegular } from './transfer.ts'

export interface GitHubToken {
  token: string
  hosts: string[]
  /** The REST API's URL without a trailing slash, as GITHUB_API_URL gives it: release assets are under it. */
  api: string
}

export interface Shard {
  index: number
  total: number
}

export interface Manifest {
  text: string
  /** The manifest file relative to the workspace, for annotations; absent for an inline manifest. */
  file?: string
}

export interface Settings {
  /** Missing when it could not be read: a problem says why. */
  manifest?: Manifest
  /** Absolute folder that destinations resolve under. */
  directory: string
  concurrency: number
  retries: number
  /** How long an attempt may go without receiving a byte. */
  timeoutMs: number
  /** Whether HTTP/2 is spoken to https origins that offer it. */
  http2: boolean
  /** Headers from the `headers` input, each for every entry's own origin or for URLs under a prefix. */
  headers: HeaderRule[]
  failOnError: boolean
  /** Whether the files are restored from GitHub's Actions cache before the downloads and saved to it after. */
  cache: boolean
  /** The most bytes the store in a self-hosted runner's tool cache may hold; 0 for no store. */
  storeBytes: number
  /** A token for the GitHub server's own hosts (by `host`, port included), and those hosts. */
  github?: GitHubToken
  /** This job's share of the entries, for a matrix of jobs: INDEX (from 1) of TOTAL. */
  shard?: Shard
  /** Absolute path to write the manifest back to, with every downloaded entry's sha256 pinned. */
  lockFile?: string
}

/**
 * Reads and checks every input at once, so that one run reports every mistake: the settings,
 * with defaults where an input is wrong, and the problems, each naming its input. The manifest
 * is missing when it could not be read.
 */
export async function readSettings(): Promise<{ settings: Settings; problems: Problem[] }> {
  const problems: string[] = []
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const headers = parseHeaderLines(core.getInput('headers'))
  problems.push(...headers.problems.map((problem) => `Input 'headers', ${problem}.`))
  const settings = {
    manifest: await readManifest(workspace, problems),
    directory: await directoryInput(workspace, problems),
    concurrency: numberInput('concurrency', 8, { min: 1, max: 256, whole: true }, problems),
    retries: numberInput('retries', 3, { min: 0, max: 20, whole: true }, problems),
    timeoutMs: numberInput('timeout', 30, { min: 0.1, max: 86_400, whole: false }, problems) * 1000,
    http2: boolean('http2', true, problems),
    headers: headers.rules,
    failOnError: boolean('fail-on-error', true, problems),
    cache: boolean('cache', false, problems),
    storeBytes: size('store-size', 5 * GIB, problems),
    shard: shard(problems),
    github: githubToken(problems),
    lockFile: await lockFileInput(workspace, problems),
  }
  debugSettings(settings)
  return { settings, problems: problems.map((message) => ({ message })) }
}

/** The resolved settings in the debug log, as actions/checkout does; never a header's value or the token. */
function debugSettings({ manifest, headers, github, ...rest }: Settings): void {
  core.debug(`manifest: ${manifest?.file ?? (manifest ? `inline, ${manifest.text.length} characters` : 'not read')}`)
  for (const [name, value] of Object.entries(rest)) core.debug(`${name}: ${JSON.stringify(value)}`)
  for (const { name, scope } of headers) core.debug(`header ${name}, for ${scope?.href ?? "every entry's own origin"}`)
  core.debug(`github-token: ${github ? `for ${github.hosts.join(', ')}, over https` : 'none'}`)
}

async function readManifest(workspace: string, problems: string[]): Promise<Manifest | undefined> {
  const text = core.getInput('manifest')
  const file = core.getInput('manifest-file')
  if ((text === '') === (file === '')) {
    problems.push("Give exactly one of the inputs 'manifest' and 'manifest-file'.")
    return undefined
  }
  if (file === '') return { text }
  const path = resolve(workspace, file)
  try {
    // Problems quote the manifest's lines: a pull request must not point it at another file, in
    // the workspace (an .env an earlier step wrote) or outside it.
    const real = await realpath(path)
    if (!leavesFolder(relative(workspace, path), process.platform) && real !== resolve(await realpath(workspace), relative(workspace, path))) {
      problems.push(`Input 'manifest-file': '${file}' is reached through a symlink (to '${real}'); give the file itself.`)
      return undefined
    }
    // Opened as a regular file only: a FIFO would never end.
    const { file: handle } = await openRegular(real)
    try {
      return { text: await handle.readFile('utf8'), file: portablePath(relative(workspace, path), process.platform) }
    } finally {
      await handle.close()
    }
  } catch (error) {
    problems.push(`Input 'manifest-file': can't read '${file}' (${(error as NodeJS.ErrnoException).code ?? reason(error)}).`)
    return undefined
  }
}

/** The folder destinations resolve under; it must be a folder, or not exist yet. */
async function directoryInput(workspace: string, problems: string[]): Promise<string> {
  const given = core.getInput('directory') || '.'
  const directory = resolve(workspace, given)
  const outside = await outsideWorkspace(workspace, directory)
  if (outside !== undefined) problems.push(`Input 'directory': '${given}' leads outside the workspace (to '${outside}') through a symlink.`)
  const problem = await folderProblem(directory)
  if (problem !== undefined) problems.push(`Input 'directory': '${given}' ${problem}.`)
  return directory
}

async function lockFileInput(workspace: string, problems: string[]): Promise<string | undefined> {
  const given = core.getInput('lock-file')
  if (given === '') return undefined
  const path = resolve(workspace, given)
  const outside = await outsideWorkspace(workspace, dirname(path))
  if (outside !== undefined) {
    problems.push(`Input 'lock-file': the folder of '${given}' leads outside the workspace (to '${outside}') through a symlink.`)
    return path
  }
  if ((await lstat(path).catch(() => undefined))?.isDirectory()) problems.push(`Input 'lock-file': '${given}' is a folder; give a file name.`)
  // A read-only place is found now, not after every download is done.
  const problem = await folderProblem(dirname(path), true)
  if (problem !== undefined) problems.push(`Input 'lock-file': the folder of '${given}' ${problem}.`)
  return path
}

/**
 * Why a folder can't be made, or undefined: where it is, or would be, is not a folder; with
 * `writable`, also when no new file can be made there.
 */
async function folderProblem(folder: string, writable = false): Promise<string | undefined> {
  try {
    const existing = await nearestExisting(folder)
    const target = await stat(existing).catch((error: unknown) => {
      throw (error as NodeJS.ErrnoException).code === 'ENOENT' ? new Error(`leads through a symlink to nothing ('${existing}')`) : error
    })
    if (!target.isDirectory()) return existing === folder ? 'is a file, not a folder' : `is inside a file ('${existing}')`
    if (!writable) return undefined
    // A file is made there and removed: no permission bit tells of a read-only mount or of a
    // file system that takes no new files.
    const probe = temporary(existing, 'tmp')
    try {
      await writeFile(probe, '', { flag: 'wx' })
      return undefined
    } catch (error) {
      return `can't be written in ('${existing}': ${diskProblem(error)})`
    } finally {
      await dispose(probe)
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ELOOP') return 'leads through a symlink in a loop'
    if (code === 'EACCES' || code === 'EPERM') return "can't be reached (permission denied)"
    return reason(error)
  }
}

/**
 * Where a path the workflow gave inside the workspace really leads, when a symlink on the way
 * takes it out: a checked-out pull request controls the workspace's folders and files. A path
 * the workflow wrote outside the workspace is its own choice, and taken as given.
 */
async function outsideWorkspace(workspace: string, path: string): Promise<string | undefined> {
  if (leavesFolder(relative(workspace, path), process.platform)) return undefined
  try {
    const real = await realpath(await nearestExisting(path))
    return leavesFolder(relative(await realpath(workspace), real), process.platform) ? real : undefined
  } catch {
    // What can't be resolved can't be written or read either; that error is reported where it happens.
    return undefined
  }
}

interface Range {
  min: number
  max: number
  whole: boolean
}

function numberInput(name: string, fallback: number, { min, max, whole }: Range, problems: string[]): number {
  const raw = core.getInput(name)
  if (raw === '') return fallback
  const value = (whole ? /^\d+$/ : /^\d+(\.\d+)?$/).test(raw) ? Number(raw) : NaN
  if (value >= min && value <= max) return value
  problems.push(`Input '${name}' must be a ${whole ? 'whole number' : 'number'} from ${min} to ${max}; got '${raw}'.`)
  return fallback
}

/**
 * The token goes to github.com, api.github.com and raw.githubusercontent.com, or on GitHub
 * Enterprise Server to the hosts of GITHUB_SERVER_URL and GITHUB_API_URL, and nowhere else.
 */
function githubToken(problems: string[]): GitHubToken | undefined {
  const token = core.getInput('github-token')
  if (token === '') return undefined
  if (headerProblem('Authorization', token) !== undefined) {
    problems.push("Input 'github-token' has a character that a header can't carry (a line break, a control character, or one past Latin-1).")
    return undefined
  }
  const server = URL.parse(process.env.GITHUB_SERVER_URL || 'https://github.com') ?? new URL('https://github.com')
  // A GitHub Enterprise Server's API is under its own host: never api.github.com for want of GITHUB_API_URL.
  const api = URL.parse(process.env.GITHUB_API_URL ?? '') ?? new URL(server.host === 'github.com' ? 'https://api.github.com' : `${server.origin}/api/v3`)
  const hosts = new Set([server.host, api.host])
  if (server.host === 'github.com') hosts.add('raw.githubusercontent.com')
  return { token, hosts: [...hosts], api: `${api.origin}${api.pathname.replace(/\/+$/, '')}` }
}

function shard(problems: string[]): Shard | undefined {
  const raw = core.getInput('shard')
  if (raw === '') return undefined
  const [, index = '', total = ''] = /^(\d+)\s*\/\s*(\d+)$/.exec(raw) ?? []
  if (Number(index) >= 1 && Number(index) <= Number(total)) return { index: Number(index), total: Number(total) }
  problems.push(`Input 'shard' must be INDEX/TOTAL with 1 <= INDEX <= TOTAL, as in '2/4'; got '${raw}'.`)
  return undefined
}

const GIB = 1024 ** 3
const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: GIB, t: 1024 ** 4 }

/** A size: a number of bytes, or one with K, M, G or T after it (KiB, MiB, GiB and TiB, with or without the 'iB'). */
function size(name: string, fallback: number, problems: string[]): number {
  const raw = core.getInput(name)
  if (raw === '') return fallback
  const [, number, unit] = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(raw) ?? []
  if (number !== undefined) return Math.floor(Number(number) * (UNITS[(unit ?? '').toLowerCase()] ?? 1))
  problems.push(`Input '${name}' must be a size such as 500M or 10G (0 for none); got '${raw}'.`)
  return fallback
}

function boolean(name: string, fallback: boolean, problems: string[]): boolean {
  const raw = core.getInput(name)
  if (raw === '') return fallback
  if (/^(true|True|TRUE)$/.test(raw)) return true
  if (/^(false|False|FALSE)$/.test(raw)) return false
  problems.push(`Input '${name}' must be true or false; got '${raw}'.`)
  return fallback
}
