import * as core from '@actions/core'
import { constants } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { cancelSignals } from './platform.ts'
import { disposeAll } from './temporaries.ts'

/** How long a cancelled run may take to stop its requests and tools and clean up, before it leaves anyway. */
export const GRACE_MS = 4000

/** How long leaving may take to remove what is left. */
const LEAVE_MS = 2000

/** A cancellation by the runner, as it sees it. */
export interface Cancellation {
  signal: AbortSignal
  /** The OS signal that cancelled the run, once one has. */
  readonly by: NodeJS.Signals | undefined
  /** Stops listening, for a run that ended. */
  stop(): void
}

/**
 * Listens for the runner's cancellation: SIGINT, then SIGTERM (Ctrl-Break on Windows), then a kill. The first signal
 * aborts the run, whose requests, waits and tools then stop and remove what they wrote; if that
 * takes longer than GRACE_MS, or another signal comes, whatever is left is removed at once and
 * the process exits.
 */
export function listenForCancel(): Cancellation {
  const controller = new AbortController()
  let by: NodeJS.Signals | undefined
  // Whatever is left is removed as the process leaves, for at most LEAVE_MS: the runner's kill comes soon.
  const leave = (): void => {
    void Promise.race([disposeAll(), sleep(LEAVE_MS)]).finally(() => process.exit(exitCode(by)))
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    if (by !== undefined) return leave()
    by = signal
    core.info(`The run was cancelled (${signal}): stopping the downloads and removing temporary files.`)
    controller.abort()
    setTimeout(leave, GRACE_MS).unref()
  }
  for (const name of cancelSignals(process.platform)) process.on(name, onSignal)
  return {
    signal: controller.signal,
    get by() {
      return by
    },
    stop: () => {
      for (const name of cancelSignals(process.platform)) process.off(name, onSignal)
    },
  }
}

/** A shell's code for a process ended by a signal: 128 + its number. */
export function exitCode(signal: NodeJS.Signals | undefined): number {
  return signal === undefined ? 1 : 128 + (constants.signals[signal] ?? 0)
}
