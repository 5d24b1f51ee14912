import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import { relative, resolve } from 'node:path'
import { parseHeaderLines, type HeaderRule } from './headers.ts'
import type { Problem } from './manifest.ts'

export interface GitHubToken {
  token: string
  hosts: string[]
}

export interface Shard {
  index: number
  total: number
}

export interface Settings {
  manifest: {
    text: string
    /** The manifest file relative to the workspace, for annotations; absent for an inline manifest. */
    file?: string
  }
  /** Absolute folder that destinations resolve under. */
  directory: string
  concurrency: number
  retries: number
  /** How long an attempt may go without receiving a byte. */
  timeoutMs: number
  /** Headers from the `headers` input, each for every entry's own origin or for URLs under a prefix. */
  headers: HeaderRule[]
  failOnError: boolean
  /** Whether pinned files are kept in, and placed from, the store in the runner's tool cache. */
  cache: boolean
  /** A token for the GitHub server's own hosts (by `host`, port included), and those hosts. */
  github?: GitHubToken
  /** This job's share of the entries, for a matrix of jobs: INDEX (from 1) of TOTAL. */
  shard?: Shard
  /** Absolute path to write the manifest back to, with every downloaded entry's sha256 pinned. */
  lockFile?: string
}

/** Thrown when inputs are wrong; each problem names its input. */
export class InputError extends Error {
  readonly problems: Problem[]
  constructor(problems: Problem[]) {
    super(`The inputs have ${problems.length} problem(s); nothing was downloaded.`)
    this.problems = problems
  }
}

/** Reads and checks every input at once, so one run reports every mistake. */
export async function readSettings(): Promise<Settings> {
  const problems: string[] = []
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const headers = parseHeaderLines(core.getInput('headers'))
  problems.push(...headers.problems.map((problem) => `Input 'headers', ${problem}.`))
  const settings = {
    manifest: await readManifest(workspace, problems),
    directory: resolve(workspace, core.getInput('directory') || '.'),
    concurrency: numberInput('concurrency', 8, { min: 1, max: 256, whole: true }, problems),
    retries: numberInput('retries', 3, { min: 0, max: 20, whole: true }, problems),
    timeoutMs: numberInput('timeout', 30, { min: 0.1, max: 86_400, whole: false }, problems) * 1000,
    headers: headers.rules,
    failOnError: boolean('fail-on-error', true, problems),
    cache: boolean('cache', true, problems),
    shard: shard(problems),
    github: githubToken(),
    lockFile: core.getInput('lock-file') ? resolve(workspace, core.getInput('lock-file')) : undefined,
  }
  if (problems.length > 0) throw new InputError(problems.map((message) => ({ message })))
  return settings
}

async function readManifest(workspace: string, problems: string[]): Promise<Settings['manifest']> {
  const text = core.getInput('manifest')
  const file = core.getInput('manifest-file')
  if ((text === '') === (file === '')) {
    problems.push("Give exactly one of the inputs 'manifest' and 'manifest-file'.")
    return { text: '' }
  }
  if (file === '') return { text }
  const path = resolve(workspace, file)
  try {
    return { text: await readFile(path, 'utf8'), file: relative(workspace, path) }
  } catch (error) {
    problems.push(`Input 'manifest-file': can't read '${file}' (${(error as NodeJS.ErrnoException).code ?? String(error)}).`)
    return { text: '' }
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
function githubToken(): GitHubToken | undefined {
  const token = core.getInput('github-token')
  if (token === '') return undefined
  const server = URL.parse(process.env.GITHUB_SERVER_URL || 'https://github.com')?.host ?? 'github.com'
  const api = URL.parse(process.env.GITHUB_API_URL || 'https://api.github.com')?.host ?? 'api.github.com'
  const hosts = new Set([server, api])
  if (server === 'github.com') hosts.add('raw.githubusercontent.com')
  return { token, hosts: [...hosts] }
}

function shard(problems: string[]): Shard | undefined {
  const raw = core.getInput('shard')
  if (raw === '') return undefined
  const [, index = '', total = ''] = /^(\d+)\s*\/\s*(\d+)$/.exec(raw) ?? []
  if (Number(index) >= 1 && Number(index) <= Number(total)) return { index: Number(index), total: Number(total) }
  problems.push(`Input 'shard' must be INDEX/TOTAL with 1 <= INDEX <= TOTAL, as in '2/4'; got '${raw}'.`)
  return undefined
}

function boolean(name: string, fallback: boolean, problems: string[]): boolean {
  const raw = core.getInput(name)
  if (raw === '') return fallback
  if (/^(true|True|TRUE)$/.test(raw)) return true
  if (/^(false|False|FALSE)$/.test(raw)) return false
  problems.push(`Input '${name}' must be true or false; got '${raw}'.`)
  return fallback
}
