import * as core from '@actions/core'
import type { DownloadResult, Failed, Source, Succeeded } from './download.ts'
import { diskProblem, escapeHtml, formatBytes, formatMs, lazily, reason, type Lazy } from './format.ts'
import type { Shard } from './inputs.ts'
import type { Problem } from './manifest.ts'
import type { Totals } from './report.ts'

/** GitHub shows at most 1 MiB of job summary per step: the tables stop short of it. */
export const SUMMARY_BYTES = 1000 * 1000

/** A table longer than this folds into <details>, so that the counts stay in view. */
const OPEN_ROWS = 20

/** Each status as the summary shows it, in the order the counts are listed. */
const STATUSES: [Source | 'failed', string][] = [
  ['downloaded', '✅ downloaded'],
  ['up-to-date', '♻️ up to date'],
  ['cached', '📦 from the cache'],
  ['not-modified', '🔁 not modified'],
  ['failed', '❌ failed'],
]
const LABELS = new Map(STATUSES)

/** Bytes left for table rows, shared by the tables in the order they are written; and where the rows left out are. */
interface Budget {
  bytes: number
  elsewhere: string
}

function budgetOf(resultsFile: boolean): Budget {
  return { bytes: SUMMARY_BYTES - 16_384, elsewhere: resultsFile ? 'results-file holds them all' : 'the log holds them all' }
}

/**
 * The job summary: a count line per status, read in two seconds; then the failures, each with
 * its URL and error; then the other entries. Tables of many rows fold away; rows stop short of
 * GitHub's 1 MiB, failures first, with a note of what is left out.
 */
export async function writeSummary(results: DownloadResult[], totals: Totals, resultsFile: boolean, shard?: Shard): Promise<void> {
  // Outside a runner (or in a local test harness) there is no summary file to write.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const failed = results.filter((result): result is Failed => !result.ok)
  const others = results.filter((result): result is Succeeded => result.ok)
  const budget = budgetOf(resultsFile)
  const heading = shard ? `Downloads: shard ${shard.index} of ${shard.total}` : 'Downloads'
  const html = [
    `<h2>${heading}</h2>`,
    countsOf(totals, shard !== undefined),
    table('Failed', ['Path', 'URL', 'Error', 'Attempts'], lazily(failed, failureRow), budget),
    table(failed.length > 0 ? 'The other entries' : 'Entries', ['Status', 'Path', 'Size', 'Time', 'Attempts', 'URL'], lazily(others, entryRow), budget),
  ]
  await writeSummaryFile(html.join('\n'))
}

/** The job summary of a refused run: what is wrong and where, as many problems as fit. */
export async function writeRefusalSummary(problems: Problem[], resultsFile: boolean): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const budget = budgetOf(resultsFile)
  const rows = lazily(problems, (problem) => [problem.line === undefined ? '–' : right(String(problem.line)), escapeHtml(problem.message)])
  const html = [
    '<h2>Downloads refused</h2>',
    `<p>❌ <b>${problems.length}</b> problem${problems.length === 1 ? '' : 's'} in the inputs or the manifest; nothing was downloaded.</p>`,
    table('Problems', ['Line', 'Problem'], rows, budget),
  ]
  await writeSummaryFile(html.join('\n'))
}

function countsOf(totals: Totals, sharded: boolean): string {
  const counts: Record<Source | 'failed', number> = { downloaded: totals.downloaded, 'up-to-date': totals.upToDate, cached: totals.cached, 'not-modified': totals.notModified, failed: totals.failed }
  const lines = STATUSES.filter(([status]) => counts[status] > 0).map(([status, label]) => {
    const [icon, ...words] = label.split(' ')
    const size = status === 'downloaded' ? `, ${nowrap(formatBytes(totals.bytes))}` : ''
    return `<li>${icon} <b>${counts[status]}</b> ${words.join(' ')}${size}</li>`
  })
  const reused = totals.reusedBytes > 0 ? `; ${nowrap(formatBytes(totals.reusedBytes))} came without the network` : ''
  const none = sharded ? "<p>No entries: this shard's share of the manifest is empty.</p>" : '<p>No entries.</p>'
  const list = lines.length > 0 ? `<ul>\n${lines.join('\n')}\n</ul>` : none
  return `${list}\n<p>In ${nowrap(formatMs(totals.ms))}${reused}.</p>`
}

function failureRow(result: Failed): string[] {
  return [escapeHtml(result.download.path), link(result.download.url), escapeHtml(result.error), right(String(result.attempts))]
}

function entryRow(result: Succeeded): string[] {
  return [
    nowrap(LABELS.get(result.status) ?? result.status),
    escapeHtml(result.download.path),
    right(nowrap(formatBytes(result.bytes))),
    right(nowrap(formatMs(result.ms))),
    // Up to date and from the cache: no request was made, which '0' would not say.
    right(result.attempts > 0 ? String(result.attempts) : '–'),
    link(result.download.url),
  ]
}

/**
 * A titled table of rows as many as the budget holds, folded into <details> past OPEN_ROWS, with
 * a note of rows left out; nothing for no rows. Cells are HTML already.
 */
// Rows are made only when the table gets to them: most of 20 000 never are.
function table(title: string, head: string[], rows: Lazy<string[]>, budget: Budget): string {
  if (rows.count === 0) return ''
  const shown: string[] = []
  for (const row of rows.each()) {
    const html = `<tr>${row.map((cell) => (cell.startsWith('<td') ? cell : `<td>${cell}</td>`)).join('')}</tr>`
    if (Buffer.byteLength(html) > budget.bytes) break
    budget.bytes -= Buffer.byteLength(html) + 1
    shown.push(html)
  }
  const left = rows.count - shown.length
  const note = left > 0 ? `<p>${left} ${shown.length > 0 ? 'more ' : ''}${left === 1 ? 'row is' : 'rows are'} not shown: the summary is kept under GitHub's 1 MiB; ${budget.elsewhere}.</p>` : ''
  if (shown.length === 0) return `<h3>${title}</h3>\n${note}`
  const headRow = `<tr>${head.map((cell) => `<th>${cell}</th>`).join('')}</tr>`
  const body = `<table>\n${[headRow, ...shown].join('\n')}\n</table>`
  const folded = shown.length > OPEN_ROWS ? `<details><summary>${rows.count} rows</summary>\n\n${body}\n\n</details>` : body
  return `<h3>${title}</h3>\n${folded}${note && `\n${note}`}`
}

function link(url: URL): string {
  return `<a href="${escapeHtml(url.href)}">${escapeHtml(url.href)}</a>`
}

/** A number cell: right-aligned, so that a column of sizes reads at a glance. */
function right(html: string): string {
  return `<td align="right">${html}</td>`
}

/** A value and its unit that must not break across lines. */
function nowrap(text: string): string {
  return escapeHtml(text).replaceAll(' ', '&nbsp;')
}

/** Writes the summary; one that can't be written is a warning, never a failed run. */
async function writeSummaryFile(html: string): Promise<void> {
  try {
    await core.summary.addRaw(html, true).write()
  } catch (error) {
    core.debug(`job summary: ${reason(error)}`)
    const file = process.env.GITHUB_STEP_SUMMARY
    // @actions/core says why in a sentence of its own when it can't open the file; our words are shorter.
    const why = !file ? 'the runner gave no GITHUB_STEP_SUMMARY file' : `'${file}' ${(error as NodeJS.ErrnoException).code ? `can't be written: ${diskProblem(error)}` : "can't be opened for writing"}`
    core.warning(`Could not write the job summary: ${why}.`)
  }
}
