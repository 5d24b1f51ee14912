import * as core from '@actions/core'
import type { DownloadResult } from './download.ts'
import type { Problem } from './manifest.ts'

/** Failed entries get an annotation each up to this many; the rest are counted in one more. */
export const ANNOTATION_CAP = 10

export interface Totals {
  downloaded: number
  failed: number
  bytes: number
  ms: number
}

export function totalsOf(results: DownloadResult[], ms: number): Totals {
  const downloaded = results.filter((result) => result.ok)
  return {
    downloaded: downloaded.length,
    failed: results.length - downloaded.length,
    bytes: downloaded.reduce((sum, result) => sum + result.bytes, 0),
    ms,
  }
}

/** The step outputs, as the strings the runner stores. */
export function outputsOf(results: DownloadResult[], totals: Totals): Record<string, string> {
  return {
    paths: JSON.stringify(results.flatMap((result) => (result.ok ? [result.download.destination] : []))),
    failures: JSON.stringify(
      results.flatMap((result) =>
        result.ok
          ? []
          : [{ url: result.download.url.href, path: result.download.destination, error: result.error, status: result.status, attempts: result.attempts }],
      ),
    ),
    results: JSON.stringify(
      results.map((result) => ({
        url: result.download.url.href,
        path: result.download.destination,
        status: result.ok ? 'downloaded' : 'failed',
        bytes: result.ok ? result.bytes : 0,
        sha256: result.ok ? result.sha256 : null,
        attempts: result.attempts,
        ms: result.ms,
        ...(result.ok ? {} : { error: result.error }),
      })),
    ),
    downloaded: String(totals.downloaded),
    failed: String(totals.failed),
    bytes: String(totals.bytes),
  }
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
  return result.ok
    ? `✓ ${download.path} (${formatBytes(result.bytes)}, ${formatMs(ms)}${tries})`
    : `✗ ${download.path} from ${download.url.href}: ${result.error} (${formatMs(ms)}${tries})`
}

export function totalsLine(totals: Totals): string {
  const failed = totals.failed > 0 ? `; ${totals.failed} failed` : ''
  return `Downloaded ${totals.downloaded} of ${totals.downloaded + totals.failed} files (${formatBytes(totals.bytes)}) in ${formatMs(totals.ms)}${failed}.`
}

/** Sets the outputs, writes the job summary, and annotates failures: everything a finished run reports. */
export async function report(results: DownloadResult[], ms: number, failOnError: boolean): Promise<Totals> {
  const totals = totalsOf(results, ms)
  writeOutputs(outputsOf(results, totals))
  core.info(totalsLine(totals))
  annotateFailures(results, failOnError)
  await writeSummary(results, totals)
  return totals
}

export function writeOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
}

/** Validation problems: one annotation each, on the manifest file's line where there is one. */
export function reportProblems(problems: Problem[], file?: string): void {
  for (const problem of problems) {
    core.error(problem.message, { title: 'Invalid input', file, startLine: file ? problem.line : undefined })
  }
}

function annotateFailures(results: DownloadResult[], failOnError: boolean): void {
  const annotate = failOnError ? core.error : core.warning
  const failures = results.filter((result) => !result.ok)
  for (const failure of failures.slice(0, ANNOTATION_CAP)) {
    annotate(`${failure.download.where}: ${failure.download.url.href}: ${failure.error}`, { title: `Download failed: ${failure.download.path}` })
  }
  if (failures.length > ANNOTATION_CAP) {
    annotate(`${failures.length - ANNOTATION_CAP} more downloads failed; the job summary and the 'failures' output list them all.`)
  }
}

async function writeSummary(results: DownloadResult[], totals: Totals): Promise<void> {
  // Outside a runner (or in a local test harness) there is no summary file to write.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const header = ['Status', 'Path', 'Size', 'Time', 'Attempts', 'Source / error'].map((data) => ({ data, header: true }))
  const rows = results.map((result) => [
    result.ok ? '✅ downloaded' : '❌ failed',
    escapeHtml(result.download.path),
    result.ok ? formatBytes(result.bytes) : '–',
    formatMs(result.ms),
    String(result.attempts),
    escapeHtml(result.ok ? result.download.url.href : result.error),
  ])
  await core.summary.addHeading('Downloads', 2).addRaw(escapeHtml(totalsLine(totals)), true).addTable([header, ...rows]).write()
}

/** Summary cells are HTML, and paths, URLs and errors come from the manifest. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}
