// Whether a process the action started (tar, unzip, their children) is gone, as a cancel promises.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

/** Whether a process still runs: not gone, and not a zombie waiting for its parent to read its end. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  return !state(pid).startsWith('Z')
}

/** The process's state letter(s), from /proc on Linux, from ps elsewhere (macOS has no /proc). */
function state(pid: number): string {
  if (existsSync(`/proc/${pid}/stat`)) return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? ''
  if (process.platform === 'win32') return ''
  return spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout?.trim() ?? ''
}

/** Whether a process has ended within a second of a signal, as a killed process takes a moment to. */
export async function ended(pid: number): Promise<boolean> {
  for (let i = 0; i < 20 && alive(pid); i++) await sleep(50)
  return !alive(pid)
}
