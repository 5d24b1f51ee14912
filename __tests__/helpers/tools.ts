// The programs the tests run themselves, to make archives, that not every runner has, and the
// way to run them that works on Linux, macOS and Windows runners alike.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, relative } from 'node:path'
import { tarTool } from '../../src/platform.ts'

const WINDOWS = process.platform === 'win32'
const probed = new Map<string, string | false>()

/**
 * Why a test that signals a process skips on this runner: on Windows, process.kill(pid, 'SIGINT')
 * or 'SIGTERM' ends the process at once, and no handler of its runs. For `{ skip: NO_SIGNALS }`.
 */
export const NO_SIGNALS = WINDOWS && 'Windows has no SIGINT or SIGTERM: kill ends the process at once, so no handler of its runs'

/**
 * Why a test that runs `tool` skips on this runner ("needs zip, which this runner lacks"), or
 * false when the tool is there. For `{ skip: missing('zip') }`.
 */
export function missing(tool: string): string | false {
  let why = probed.get(tool)
  if (why === undefined) {
    // Any answer at all, even a complaint about the arguments, means the program is there.
    const { error } = spawnSync(tool, ['--help'], { stdio: 'ignore', timeout: 10_000, windowsHide: true })
    why = error !== undefined && 'code' in error && error.code === 'ENOENT' && `needs ${tool}, which this runner lacks`
    probed.set(tool, why)
  }
  return why
}

/** Why this runner can't make a .tar.xz (Windows' own tar has no xz), or false. For `{ skip: noXz() }`. */
export function noXz(): string | false {
  return WINDOWS && tarTool(process.platform, process.env, existsSync)?.xz === false && "needs Git for Windows' tar to write .tar.xz (Windows' own tar has no xz), which this runner lacks"
}

/**
 * Packs `names`, relative to `folder`, into the archive `file` with the runner's tar and `flags`
 * (`-cf`, `-czf`, `-cJf`). Paths go to tar relative to the archive's folder, where tar runs: GNU
 * tar reads `D:\...` as the host `D` of a remote archive, and Git for Windows' tar is GNU tar.
 * macOS's tar keeps no AppleDouble `._` files of extended attributes.
 */
export function tar(flags: string, file: string, folder: string, names: string[]): void {
  const cwd = dirname(file)
  // Git for Windows' GNU tar on Windows, with its gzip and xz on the PATH, as the action runs it.
  const tool = tarTool(process.platform, process.env, existsSync)
  const env: NodeJS.ProcessEnv = { ...tool?.env, COPYFILE_DISABLE: '1' }
  execFileSync(tool?.command ?? 'tar', [flags, relative(cwd, file), '-C', relative(cwd, folder) || '.', ...names], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] })
}
