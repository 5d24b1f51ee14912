// Runs a manifest in-process, as main.ts does between the plan and the report.
import assert from 'node:assert/strict'
import type { DownloadResult, Failed } from '../../src/download.ts'
import { parseHeaderLines } from '../../src/headers.ts'
import { parseManifest } from '../../src/manifest.ts'
import { planDownloads } from '../../src/plan.ts'
import { runAll, type RunOptions } from '../../src/run-all.ts'

/** Plans `manifest`, with the `headers` input's lines, under `directory`, which must go without a problem, and downloads it. */
export async function fetchInto(directory: string, manifest: string, options: Partial<RunOptions> = {}, headers = ''): Promise<DownloadResult[]> {
  const parsed = await parseManifest(manifest)
  const input = parseHeaderLines(headers)
  const plan = planDownloads(parsed.entries, directory, input.rules)
  assert.deepEqual([...input.problems, ...parsed.problems, ...plan.problems], [])
  return runAll(plan.downloads, { directory, concurrency: 4, retries: 3, timeoutMs: 5000, retryDelayMs: 5, ...options })
}

export function failed(result: DownloadResult | undefined): Failed {
  assert.ok(result)
  if (result.ok) assert.fail(`the download should have failed, but wrote ${result.bytes} bytes`)
  return result
}
