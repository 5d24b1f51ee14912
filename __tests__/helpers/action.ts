// The committed bundle, run the way the runner runs it: INPUT_* variables (hyphens kept, as the
// runner keeps them), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, a workspace and RUNNER_TEMP.
import { execFile, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { windowsEssentials } from '../../scripts/runner-env.ts'

export const BUNDLE = fileURLToPath(new URL('../../dist/index.js', import.meta.url))

export interface Run {
  code: number
  stdout: string
  workspace: string
  outputs: Record<string, string>
  summary: string
}

/**
 * Runs dist/index.js with INPUT_* variables (hyphens kept, as the runner keeps them) and runner
 * files, in a new workspace or, for a rerun, in the workspace of an earlier run.
 */
export interface RunOptions {
  /** Writes files into the new workspace before the run. */
  prepare?: (workspace: string) => Promise<void>
  /** Runs again in the workspace of this earlier run. */
  again?: Run
  /** The runner's tool cache, when it has one. */
  toolCache?: string
  /** More of the runner's environment. */
  env?: Record<string, string>
  /** The largest file the process may write, in 512-byte blocks (`ulimit -f`, POSIX only): its writes fall short, then fail. */
  fileBlocks?: number
  /** Hears of the process once it runs, as a runner that may cancel it. */
  started?: (child: ChildProcess, workspace: string) => void
}

export async function runAction(inputs: Record<string, string>, { prepare, again, toolCache, env: more, started, fileBlocks }: RunOptions = {}): Promise<Run> {
  const root = await mkdtemp(join(tmpdir(), 'action-'))
  const workspace = again?.workspace ?? join(root, 'workspace')
  await mkdir(workspace, { recursive: true })
  await mkdir(join(root, 'temp'))
  await prepare?.(workspace)
  const files = { GITHUB_OUTPUT: join(root, 'output'), GITHUB_STEP_SUMMARY: join(root, 'summary') }
  await writeFile(files.GITHUB_OUTPUT, '')
  await writeFile(files.GITHUB_STEP_SUMMARY, '')
  const env: Record<string, string> = { ...windowsEssentials(), PATH: process.env.PATH ?? '', GITHUB_WORKSPACE: workspace, RUNNER_TEMP: join(root, 'temp'), ...files }
  if (toolCache !== undefined) env.RUNNER_TOOL_CACHE = toolCache
  Object.assign(env, more)
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((done) => {
    // dash drops variables whose names have a dash (INPUT_FAIL-ON-ERROR): env sets them again after it.
    const limited = ['-c', `ulimit -f ${fileBlocks} && exec "$0" "$@"`, 'env', ...Object.entries(env).map(([name, value]) => `${name}=${value}`), process.execPath, BUNDLE]
    const [command, args] = fileBlocks === undefined ? [process.execPath, [BUNDLE]] : ['sh', limited]
    const child = execFile(command, args, { env, cwd: workspace, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    )
    started?.(child, workspace)
  })
  return {
    code,
    // @actions/core ends its lines with os.EOL, \r\n on Windows; the runner reads either as a line break.
    stdout: stdout.replaceAll('\r\n', '\n'),
    workspace,
    outputs: parseOutputs(await readFile(files.GITHUB_OUTPUT, 'utf8')),
    summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
  }
}

/** GITHUB_OUTPUT holds `name<<DELIMITER`, the value's lines, then DELIMITER, each line ended by os.EOL. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const pattern = /^(.+?)<<(.+?)\r?\n([\s\S]*?)\r?\n\2\r?$/gm
  for (const match of text.matchAll(pattern)) outputs[match[1] ?? ''] = match[3] ?? ''
  return outputs
}

export function json<T = unknown>(value: string | undefined): T {
  return JSON.parse(value ?? 'null') as T
}

export const NO_STACK = /^\s+at .+:\d+:\d+\)?$/m
