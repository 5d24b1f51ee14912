import { spawn } from 'node:child_process'
import { lstat, mkdir, rename } from 'node:fs/promises'
import { basename, dirname, isAbsolute, win32 } from 'node:path'
import type { ArchiveType } from './manifest.ts'
import { checkLinks } from './links.ts'
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
    // As root, tar would give files the owners the archive names: they are the runner's.
    else await runTool('tar', [`-x${COMPRESSION[type]}f`, basename(archive), '--no-same-owner', '-C', basename(temp)], folder, signal)
    await checkLinks(temp, signal)
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
 * first line of complaint. On abort the tool is ended, with the processes it started (tar's
 * gzip or xz), and the promise settles once it has exited.
 */
function runTool(command: string, args: string[], cwd: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('the run was cancelled'))
    // A group of its own, on POSIX, so that one signal ends the tool and its children.
    const group = process.platform !== 'win32'
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: group })
    const out: Buffer[] = []
    const complaints: Buffer[] = []
    child.stdout.on('data', (data: Buffer) => out.push(data))
    child.stderr.on('data', (data: Buffer) => complaints.push(data))
    const end = (): void => {
      try {
        if (group && child.pid !== undefined) {
          process.kill(-child.pid, 'SIGTERM')
          return
        }
      } catch {
        // The group is gone already; the tool itself may not be.
      }
      child.kill()
    }
    signal?.addEventListener('abort', end, { once: true })
    let failed: Error | undefined
    child.on('error', (error) => (failed = new Error(`${command} could not be run (${error.message})`)))
    child.on('close', (code, killed) => {
      signal?.removeEventListener('abort', end)
      const stderr = Buffer.concat(complaints).toString()
      const said = complaintOf(stderr)
      if (signal?.aborted) reject(new Error('the run was cancelled'))
      else if (failed) reject(failed)
      else if (code === 0) resolve(Buffer.concat(out).toString())
      // The tool's whole complaint rides along as the cause, for the debug log.
      else reject(new Error(`${command} failed (${code === null ? `killed by ${killed}` : `exit code ${code}`})${said ? `: ${said}` : ''}`, { cause: stderr }))
    })
  })
}

/** The line of a tool's complaint that says what went wrong: not GNU tar's notices or its closing summary. */
function complaintOf(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '')
  return lines.find((line) => !/Removing leading|Exiting with failure status/.test(line)) ?? lines[0] ?? ''
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
