import * as core from '@actions/core'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { STATUS_CODES } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DownloadResult, Failed } from './download.ts'
import { diskProblem, formatBytes, formatMs, lazily, printable, reason, type Lazy } from './format.ts'
import type { Shard } from './inputs.ts'
import type { Problem } from './manifest.ts'
import { writeRefusalSummary, writeSummary } from './summary.ts'

/** Failed entries get an annotation each up to this many; the rest are counted in one more. */
export const ANNOTATION_CAP = 10

export interface Totals {
  /** Entries fetched over the network, and their bytes. */
  downloaded: number
  bytes: number
  /** Entries whose body did not come over the network: already in place, from a store, or not modified; and their bytes. */
  upToDate: number
  cached: number
  notModified: number
  reusedBytes: number
  failed: number
  ms: number
}

export function totalsOf(results: DownloadResult[], ms: number): Totals {
  const totals: Totals = { downloaded: 0, bytes: 0, upToDate: 0, cached: 0, notModified: 0, reusedBytes: 0, failed: 0, ms }
  for (const result of results) {
    if (!result.ok) {
      totals.failed++
    } else if (result.status === 'downloaded') {
      totals.downloaded++
      totals.bytes += result.bytes
    } else {
      if (result.status === 'up-to-date') totals.upToDate++
      else if (result.status === 'cached') totals.cached++
      else totals.notModified++
      totals.reusedBytes += result.bytes
    }
  }
  return totals
}

/** The Actions cache's keys: the one the files are cached under, and the one restored ('' for none). */
export interface CacheOutputs {
  key: string
  matchedKey: string
}

/** GitHub keeps at most 1 MB of step outputs per job: the three lists share this much of it. */
export const LIST_OUTPUT_BYTES = 768 * 1024

export interface Outputs {
  /** As the runner stores them. */
  values: Record<string, string>
  /** The lists cut short to fit, each with how much of it was kept. */
  cut: string[]
}

/**
 * The step outputs. Lists that would pass GitHub's limit are cut at an entry: each gets a third
 * of the room, and what one leaves unused goes to the others, failures first, then paths.
 */
export function outputsOf(results: DownloadResult[], totals: Totals, cache: CacheOutputs, resultsFile: string): Outputs {
  const failed = results.filter((result): result is Failed => !result.ok)
  const succeeded = results.filter((result) => result.ok)
  const { values, cut } = fitted([
    ['failures', jsonOf(failed, failureItem)],
    ['paths', jsonOf(succeeded, (result) => result.download.destination)],
    ['results', jsonOf(results, resultItem)],
  ])
  return {
    values: {
      ...values,
      'results-file': resultsFile,
      downloaded: String(totals.downloaded),
      failed: String(totals.failed),
      bytes: String(totals.bytes),
      'cache-hit': String(results.length > 0 && totals.downloaded === 0 && totals.failed === 0),
      'cache-key': cache.key,
      'cache-matched-key': cache.matchedKey,
    },
    cut,
  }
}

/**
 * The outputs of a refused run, which no check can take for a success: `failed` counts the
 * problems, and `failures` and `results` list them, each with status `refused`.
 */
export function refusalOutputs(items: Record<string, unknown>[], resultsFile: string): Outputs {
  const { values, cut } = fitted([
    ['failures', jsonOf(items, ({ status: _, ...failure }) => failure)],
    ['paths', jsonOf([], () => undefined)],
    ['results', jsonOf(items, (item) => item)],
  ])
  return { values: { ...values, 'results-file': resultsFile, downloaded: '0', failed: String(items.length), bytes: '0', 'cache-hit': 'false', 'cache-key': '', 'cache-matched-key': '' }, cut }
}

/** One problem of a refused run, shaped like a result. */
export function refusalItem(problem: Problem): Record<string, unknown> {
  return { status: 'refused', error: problem.message, ...(problem.line !== undefined && { line: problem.line }) }
}

/**
 * A list's items as JSON, one at a time, as often as asked: a list of 20 000 entries is measured
 * whole and kept only as far as it fits, never held as 20 000 strings at once.
 */
type JsonList = Lazy<string>

function jsonOf<T>(items: T[], shape: (item: T) => unknown): JsonList {
  return lazily(items, (item) => JSON.stringify(shape(item)))
}

/** Lists of JSON items as outputs, cut at an item where they would pass GitHub's limit together. */
function fitted(lists: [string, JsonList][]): Outputs {
  const needs = lists.map(([, list]) => {
    let bytes = 1
    for (const part of list.each()) bytes += Buffer.byteLength(part) + 1
    return bytes
  })
  const room = needs.map((need) => Math.min(need, LIST_OUTPUT_BYTES / lists.length))
  let spare = LIST_OUTPUT_BYTES - room.reduce((sum, bytes) => sum + bytes, 0)
  for (const [i, need] of needs.entries()) {
    const more = Math.min(need - (room[i] ?? 0), spare)
    room[i] = (room[i] ?? 0) + more
    spare -= more
  }
  const values: Record<string, string> = {}
  const cut: string[] = []
  lists.forEach(([name, list], i) => {
    const kept = leadingWithin(list, room[i] ?? 0)
    if (kept.length < list.count) cut.push(`${name} (${kept.length} of ${list.count})`)
    values[name] = `[${kept.join(',')}]`
  })
  return { values, cut }
}

/** The leading JSON items that fit, with their commas and the brackets, in `budget` bytes. */
function leadingWithin(list: JsonList, budget: number): string[] {
  const kept: string[] = []
  let size = 2
  for (const part of list.each()) {
    size += Buffer.byteLength(part) + (kept.length > 0 ? 1 : 0)
    if (size > budget) break
    kept.push(part)
  }
  return kept
}

/** One entry of the `results` output and of the results file. */
export function resultItem(result: DownloadResult): Record<string, unknown> {
  return {
    url: result.download.url.href,
    path: result.download.destination,
    status: result.ok ? result.status : 'failed',
    bytes: result.ok ? result.bytes : 0,
    sha256: result.ok ? result.sha256 : null,
    attempts: result.attempts,
    ms: result.ms,
    ...(result.ok ? {} : { error: result.error }),
  }
}

function failureItem(result: Failed): Record<string, unknown> {
  return { url: result.download.url.href, path: result.download.destination, error: result.error, status: result.httpStatus, attempts: result.attempts }
}

/**
 * The log lines of finished entries, written a batch at a time: a line appears within
 * BATCH_MS of its entry finishing, and a run of thousands of small files makes dozens of
 * writes to the log, not thousands.
 */
export class ResultLog {
  static readonly BATCH_MS = 100
  #lines: string[] = []
  #timer: NodeJS.Timeout | undefined

  add(result: DownloadResult): void {
    this.#lines.push(resultLine(result))
    this.#timer ??= setTimeout(() => this.flush(), ResultLog.BATCH_MS)
  }

  flush(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#lines.length > 0) core.info(this.#lines.join('\n'))
    this.#lines = []
  }
}

/** One log line for an entry that just finished. */
export function resultLine(result: DownloadResult): string {
  const { download, attempts, ms } = result
  const tries = attempts > 1 ? `, ${attempts} attempts` : ''
  if (!result.ok) return `✗ ${download.path} from ${download.url.href}: ${printable(result.error)} (${formatMs(ms)}${tries})`
  if (result.status === 'up-to-date') return `= ${download.path} (${formatBytes(result.bytes)}, up to date)`
  if (result.status === 'cached') return `+ ${download.path} (${formatBytes(result.bytes)}, from the cache, ${formatMs(ms)})`
  if (result.status === 'not-modified') return `= ${download.path} (${formatBytes(result.bytes)}, not modified, ${formatMs(ms)})`
  return `✓ ${download.path} (${formatBytes(result.bytes)}, ${formatMs(ms)}${tries})`
}

/**
 * Runner logs are not terminals: a download that takes a while gets a line now and then
 * instead of a progress bar: the first after `afterMs`, then one every `everyMs`.
 */
export const PROGRESS = { afterMs: 5000, everyMs: 15_000 }

/** A failed attempt that will be tried again: `… a.bin: attempt 1 failed (503 Service Unavailable); retrying in 2.0 s`. */
export function retryLine(path: string, attempt: number, failure: { message: string; status?: number }, waitMs: number): string {
  const why = failure.status !== undefined && STATUS_CODES[failure.status] ? `${failure.status} ${STATUS_CODES[failure.status]}` : failure.message.replace(/\.$/, '')
  return `… ${path}: attempt ${attempt} failed (${printable(why)}); retrying in ${formatMs(waitMs)}`
}

export function progressLine(path: string, bytes: number, total: number | undefined, bytesPerSecond: number): string {
  const of = total ? ` of ${formatBytes(total)} (${Math.floor((bytes * 100) / total)} %)` : ''
  return `… ${path}: ${formatBytes(bytes)}${of}, ${formatBytes(bytesPerSecond)}/s`
}

export function totalsLine(totals: Totals): string {
  const all = totals.downloaded + totals.upToDate + totals.cached + totals.notModified + totals.failed
  const kinds = [
    [totals.upToDate, 'up to date'],
    [totals.cached, 'from the cache'],
    [totals.notModified, 'not modified'],
  ].flatMap(([count, kind]) => (count ? [`${count} ${kind}`] : []))
  const reused = kinds.length > 0 ? `; ${kinds.join(', ')} (${formatBytes(totals.reusedBytes)} without the network)` : ''
  const failed = totals.failed > 0 ? `; ${totals.failed} failed` : ''
  return `Downloaded ${totals.downloaded} of ${all} files (${formatBytes(totals.bytes)}) in ${formatMs(totals.ms)}${reused}${failed}.`
}

/** Where annotations point and what the summary's heading says: the manifest file, and the shard. */
export interface Context {
  file?: string
  shard?: Shard
}

/** Sets the outputs, writes the job summary, and annotates failures: everything a finished run reports. */
export async function report(results: DownloadResult[], ms: number, failOnError: boolean, cache: CacheOutputs, context: Context = {}): Promise<Totals> {
  const totals = totalsOf(results, ms)
  const file = await writeResultsFile(jsonOf(results, resultItem))
  setOutputs(outputsOf(results, totals, cache, file))
  core.info(totalsLine(totals))
  annotateFailures(results, failOnError, file !== '', context.file)
  await writeSummary(results, totals, file !== '', context.shard)
  return totals
}

/**
 * A run that can't start: an annotation for each problem, up to a cap, an input's on no file and
 * the manifest's on the manifest file's line where there is one (the rest as log lines); outputs,
 * results file and job summary that list every problem.
 */
export async function refuse(inputs: Problem[], manifest: Problem[], file?: string): Promise<void> {
  const all = [
    ...inputs.map((problem) => ({ problem, title: 'Invalid input', where: {} })),
    ...manifest.map((problem) => ({ problem, title: 'Invalid manifest', where: file ? { file, startLine: problem.line } : {} })),
  ]
  for (const { problem, title, where } of all.slice(0, ANNOTATION_CAP)) core.error(problem.message, { title, ...where })
  const items = all.map(({ problem }) => refusalItem(problem))
  const resultsFile = await writeResultsFile(jsonOf(items, (item) => item))
  const rest = all.slice(ANNOTATION_CAP)
  if (rest.length > 0) {
    core.info(rest.map(({ problem }) => printable(problem.message)).join('\n'))
    core.error(`${rest.length} more problems, each in the log above, in the job summary${resultsFile ? ' and in the results file' : ''}.`)
  }
  setOutputs(refusalOutputs(items, resultsFile))
  await writeRefusalSummary(all.map(({ problem }) => problem), resultsFile !== '')
}

/** Sets the outputs, saying so when a list had to be cut to fit GitHub's limit. */
function setOutputs({ values, cut }: Outputs): void {
  for (const [name, value] of Object.entries(values)) core.setOutput(name, value)
  if (cut.length > 0) {
    const whole = values['results-file'] ? `results-file (${values['results-file']}) holds every result` : 'the log above holds every result'
    core.warning(`The outputs ${cut.join(', ')} were cut to fit GitHub's limit of 1 MB of outputs per job; ${whole}.`)
  }
}

/**
 * The results file under RUNNER_TEMP, its folder made if need be; its path, or '' with a warning
 * when it can't be written: a report file never turns a good run into a failed one.
 */
async function writeResultsFile(list: JsonList): Promise<string> {
  const folder = process.env.RUNNER_TEMP || tmpdir()
  const file = join(folder, `parallel-download-${process.pid}-${Date.now()}.json`)
  try {
    await mkdir(folder, { recursive: true })
    await writeFile(file, jsonArray(list))
    return file
  } catch (error) {
    // A file cut short by a full disk is no results file, and takes room that others need.
    await rm(file, { force: true }).catch(() => undefined)
    core.debug(`results file: ${reason(error)}`)
    core.warning(`Could not write the results file in '${folder}': ${diskProblem(error)}; the outputs hold what fits in them.`)
    return ''
  }
}

/** A JSON array of the list's items, in pieces of 500: the file holds every result, memory one piece. */
function* jsonArray(list: JsonList): Generator<string> {
  let piece: string[] = []
  let opened = false
  const text = (): string => {
    const joined = `${opened ? ',' : '['}${piece.join(',')}`
    opened = true
    piece = []
    return joined
  }
  for (const part of list.each()) {
    piece.push(part)
    if (piece.length === 500) yield text()
  }
  if (piece.length > 0 || !opened) yield text()
  yield ']'
}

/** An annotation for each failed entry, up to a cap, on its line of the manifest file when there is one. */
function annotateFailures(results: DownloadResult[], failOnError: boolean, resultsFile: boolean, file?: string): void {
  const annotate = failOnError ? core.error : core.warning
  const failures = results.filter((result) => !result.ok)
  for (const failure of failures.slice(0, ANNOTATION_CAP)) {
    const where = file ? { file, startLine: failure.download.line } : {}
    // Control characters as escapes, as in the log: a name from an archive may hold them.
    annotate(printable(`${failure.download.where}: ${failure.download.url.href}: ${failure.error}`), { title: `Download failed: ${failure.download.path}`, ...where })
  }
  if (failures.length > ANNOTATION_CAP) {
    annotate(`${failures.length - ANNOTATION_CAP} more downloads failed, each in the log above${resultsFile ? ' and in the results file' : ''}.`)
  }
}
