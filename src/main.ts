import * as core from '@actions/core'
import { relative } from 'node:path'
import { ActionsCache, cacheAbandoned, cacheKeys, cacheTemp } from './actions-cache.ts'
import { exitCode, listenForCancel } from './cancel.ts'
import { diskProblem, reason } from './format.ts'
import { readSettings, type Settings } from './inputs.ts'
import { writeLock } from './lock.ts'
import { parseManifest, type Problem } from './manifest.ts'
import { CANCELLED, type DownloadResult, type Progress } from './download.ts'
import { planDownloads, secretsOf, shardOf, type Download, type Plan } from './plan.ts'
import { portablePath } from './platform.ts'
import { PROGRESS, progressLine, refuse, report, ResultLog, retryLine, type CacheOutputs } from './report.ts'
import { runAll } from './run-all.ts'
import { Store } from './store.ts'

/** The action: inputs → manifest → plan → run-all → report. The only place that fails the step. */
export async function run(): Promise<void> {
  const cancel = listenForCancel()
  try {
    const { settings, problems: wrongInputs } = await readSettings()
    const { plan, problems: manifestProblems } = await planned(settings)
    if (wrongInputs.length + manifestProblems.length > 0 || settings.manifest === undefined) return await refused(wrongInputs, manifestProblems, settings.manifest?.file)
    // Every shard checks the whole manifest, so that each job of a matrix fails alike.
    const downloads = settings.shard ? shardOf(plan.downloads, settings.shard) : plan.downloads
    if (settings.shard) core.info(`Shard ${settings.shard.index}/${settings.shard.total}: ${downloads.length} of ${plan.downloads.length} entries.`)
    for (const secret of secretsOf(downloads, settings.headers, settings.github)) core.setSecret(secret)
    const caches = await openCaches(settings, downloads, cancel.signal)
    const started = performance.now()
    const log = new ResultLog()
    const progress: Progress = {
      ...PROGRESS,
      report: (item, bytes, total, rate) => core.info(progressLine(item.path, bytes, total, rate)),
      retrying: (item, attempt, failure, waitMs) => core.info(retryLine(item.path, attempt, failure, waitMs)),
    }
    const results = await runAll(downloads, { ...settings, stores: caches.stores, progress, signal: cancel.signal, manifest: plan.downloads }, (result) => log.add(result))
    log.flush()
    const ms = performance.now() - started
    const cache = await closeCaches(caches, results, settings, cancel.signal)
    const totals = await report(results, ms, settings.failOnError, cache, { file: settings.manifest.file, shard: settings.shard })
    // A cancelled run writes no lock file; a cancel that comes while it is written still counts.
    if (cancel.by === undefined && settings.lockFile !== undefined) await writeLock(settings.lockFile, settings.manifest.text, results).catch(lockNotWritten(settings.lockFile))
    if (cancel.by !== undefined) return cancelled(cancel.by, results)
    if (totals.failed > 0 && settings.failOnError) {
      core.setFailed(`${totals.failed} of ${results.length} downloads failed.`)
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  } finally {
    cancel.stop()
  }
  // A cache request given up on would hold the step open until it ends by itself.
  if (cacheAbandoned()) process.exit()
}

/**
 * The manifest parsed and planned, with every problem of both in line order. Apart from run(),
 * whose suspended frame would hold the parsed entries (and, through them, the manifest's lines)
 * for the whole run beside the plan made of them.
 */
async function planned(settings: Settings): Promise<{ plan: Plan; problems: Problem[] }> {
  const manifest = settings.manifest ? await parseManifest(settings.manifest.text) : { entries: [], problems: [] }
  const plan = planDownloads(manifest.entries, settings.directory, settings.headers, settings.github)
  return { plan, problems: [...manifest.problems, ...plan.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) }
}

interface Caches {
  /** Searched in this order: the run's own files first. */
  stores: Store[]
  actions?: ActionsCache
  toolCache?: Store
}

/**
 * The stores a run takes files from and keeps them in: GitHub's Actions cache, restored, when
 * `cache` is on; and the store in a self-hosted runner's tool cache, unless `store-size` is 0.
 */
async function openCaches(settings: Settings, downloads: Download[], signal: AbortSignal): Promise<Caches> {
  // Relative to the workspace, whose path may differ from runner to runner.
  const directory = portablePath(relative(process.env.GITHUB_WORKSPACE || process.cwd(), settings.directory), process.platform)
  const source = { manifest: settings.manifest?.file ?? 'inline', directory, shard: settings.shard }
  const actions = settings.cache ? await ActionsCache.restore(cacheKeys(source, downloads, cacheTemp()), signal) : undefined
  const toolCache = settings.storeBytes > 0 ? Store.inToolCache() : undefined
  core.debug(`stores: ${[actions?.store.root, toolCache?.root].filter(Boolean).join(', ') || 'none'}`)
  return { stores: [actions?.store, toolCache].filter((store) => store !== undefined), actions, toolCache }
}

/** Saves to the Actions cache (not after a cancel) and trims the tool cache's store; the keys, for the outputs. */
async function closeCaches({ actions, toolCache }: Caches, results: DownloadResult[], settings: Settings, signal: AbortSignal): Promise<CacheOutputs> {
  const key = actions && !signal.aborted ? await actions.save(results, signal) : ''
  await toolCache?.evict(settings.storeBytes)
  return { key, matchedKey: actions?.matchedKey ?? '' }
}

/** A lock file that can't be written, its folder checked up front, is a warning: the downloads are done and good. */
function lockNotWritten(path: string): (error: unknown) => void {
  return (error) => {
    core.debug(`lock-file: ${reason(error)}`)
    core.warning(`Could not write the lock file '${path}': ${diskProblem(error)}.`)
  }
}

/** A cancelled run has stopped and cleaned up: it says so and leaves, as the runner expects, with the signal's code. */
function cancelled(signal: NodeJS.Signals, results: DownloadResult[]): never {
  const unfinished = results.filter((result) => !result.ok && result.error === CANCELLED).length
  core.setFailed(`The run was cancelled (${signal}): ${unfinished} of ${results.length} entries were not finished, and their temporary files were removed.`)
  process.exit(exitCode(signal))
}

/** A run that can't start: every problem reported, a failed step, nothing downloaded. */
async function refused(inputs: Problem[], manifest: Problem[], file: string | undefined): Promise<void> {
  await refuse(inputs, manifest, file)
  core.setFailed(`The inputs and the manifest have ${inputs.length + manifest.length} problem(s); nothing was downloaded.`)
}
