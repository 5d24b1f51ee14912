import assert from 'node:assert/strict'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, it } from 'node:test'
import type { DownloadResult } from '../src/download.ts'
import { parseManifest } from '../src/manifest.ts'
import { planDownloads } from '../src/plan.ts'
import { escapeHtml, formatBytes } from '../src/format.ts'
import { LIST_OUTPUT_BYTES, outputsOf, progressLine, resultLine, retryLine, totalsLine, totalsOf } from '../src/report.ts'
import { SUMMARY_BYTES, writeSummary } from '../src/summary.ts'

// @actions/core's summary keeps the first file it writes to for the process: one file, emptied each time.
const summaryFile = join(await mkdtemp(join(tmpdir(), 'summary-')), 'summary.md')

const { downloads } = planDownloads(
  (await parseManifest("https://h.example/a.bin\nhttps://h.example/b.bin b/R&D's.bin\nhttps://h.example/c.bin")).entries,
  '/ws',
  [],
)
const [a, b, c] = downloads as [(typeof downloads)[0], (typeof downloads)[0], (typeof downloads)[0]]
const results: DownloadResult[] = [
  { download: a, ok: true, status: 'downloaded', bytes: 2048, sha256: 'f'.repeat(64), attempts: 1, ms: 12 },
  { download: b, ok: false, error: 'The server answered 503 Service Unavailable.', httpStatus: 503, attempts: 4, ms: 3456 },
  { download: c, ok: true, status: 'up-to-date', bytes: 3 * 1024 * 1024, sha256: 'e'.repeat(64), attempts: 0, ms: 5 },
]

describe('report', () => {
  it('builds the outputs as JSON in manifest order', () => {
    const outputs = outputsOf(results, totalsOf(results, 4000), { key: 'parallel-download-k', matchedKey: 'parallel-download-m' }, '/tmp/r.json').values
    // Absolute and native: on Windows, on the current drive, with backslashes.
    assert.deepEqual(JSON.parse(outputs.paths ?? ''), [resolve('/ws/a.bin'), resolve('/ws/c.bin')])
    assert.deepEqual(JSON.parse(outputs.failures ?? ''), [
      { url: 'https://h.example/b.bin', path: resolve("/ws/b/R&D's.bin"), error: 'The server answered 503 Service Unavailable.', status: 503, attempts: 4 },
    ])
    assert.deepEqual(JSON.parse(outputs.results ?? ''), [
      { url: 'https://h.example/a.bin', path: resolve('/ws/a.bin'), status: 'downloaded', bytes: 2048, sha256: 'f'.repeat(64), attempts: 1, ms: 12 },
      {
        url: 'https://h.example/b.bin',
        path: resolve("/ws/b/R&D's.bin"),
        status: 'failed',
        bytes: 0,
        sha256: null,
        attempts: 4,
        ms: 3456,
        error: 'The server answered 503 Service Unavailable.',
      },
      { url: 'https://h.example/c.bin', path: resolve('/ws/c.bin'), status: 'up-to-date', bytes: 3 * 1024 * 1024, sha256: 'e'.repeat(64), attempts: 0, ms: 5 },
    ])
    assert.deepEqual(
      [outputs.downloaded, outputs.failed, outputs.bytes, outputs['cache-hit'], outputs['cache-key'], outputs['cache-matched-key'], outputs['results-file']],
      ['1', '1', '2048', 'false', 'parallel-download-k', 'parallel-download-m', '/tmp/r.json'],
    )
  })

  it('reports a cache hit only when no entry needed the network', () => {
    const hit = (subset: DownloadResult[]): string | undefined => outputsOf(subset, totalsOf(subset, 0), { key: '', matchedKey: '' }, '').values['cache-hit']
    assert.equal(hit([results[2] as DownloadResult]), 'true')
    assert.equal(hit([results[2] as DownloadResult, results[0] as DownloadResult]), 'false')
    assert.equal(hit([results[2] as DownloadResult, results[1] as DownloadResult]), 'false')
    assert.equal(hit([]), 'false')
  })

  it('writes one line per entry and a totals line', () => {
    assert.equal(resultLine(results[0] as DownloadResult), '✓ a.bin (2.0 KiB, 12 ms)')
    assert.equal(
      resultLine(results[1] as DownloadResult),
      "✗ b/R&D's.bin from https://h.example/b.bin: The server answered 503 Service Unavailable. (3.5 s, 4 attempts)",
    )
    assert.equal(resultLine(results[2] as DownloadResult), '= c.bin (3.0 MiB, up to date)')
    assert.equal(
      totalsLine(totalsOf(results, 4000)),
      'Downloaded 1 of 3 files (2.0 KiB) in 4.0 s; 1 up to date (3.0 MiB without the network); 1 failed.',
    )
  })

  it('writes a line for a failed attempt, with its reason and the wait', () => {
    assert.equal(retryLine('a.bin', 1, { message: 'The server answered 503 Service Unavailable.', status: 503 }, 2000), '… a.bin: attempt 1 failed (503 Service Unavailable); retrying in 2.0 s')
    assert.equal(retryLine('b.bin', 2, { message: 'The connection was refused.' }, 450), '… b.bin: attempt 2 failed (The connection was refused); retrying in 450 ms')
  })

  it('writes progress lines with the share done when the length is known', () => {
    assert.equal(progressLine('big.bin', 45 * 2 ** 20, 100 * 2 ** 20, 12.3 * 2 ** 20), '… big.bin: 45.0 MiB of 100.0 MiB (45 %), 12.3 MiB/s')
    assert.equal(progressLine('stream.bin', 3 * 2 ** 20, undefined, 2 ** 20), '… stream.bin: 3.0 MiB, 1.0 MiB/s')
  })

  it('escapes HTML and formats sizes', () => {
    assert.equal(escapeHtml(`<img src="x" onerror='y'>&`), '&#60;img src=&#34;x&#34; onerror=&#39;y&#39;&#62;&#38;')
    assert.deepEqual([0, 149.95, 1023, 1024, 1536 * 1024, 3 * 1024 ** 3].map(formatBytes), ['0 B', '150 B', '1023 B', '1.0 KiB', '1.5 MiB', '3.0 GiB'])
  })
})

describe('GitHub limits, at 20 000 entries', () => {
  const many: DownloadResult[] = Array.from({ length: 20_000 }, (_, i) => {
    const download = { ...a, index: i, path: `data/shard-${i % 50}/file-${i}.bin`, destination: `/home/runner/work/repo/repo/data/shard-${i % 50}/file-${i}.bin` }
    return i % 1000 === 999
      ? { download, ok: false, error: `The server answered 503 Service Unavailable.`, httpStatus: 503, attempts: 4, ms: 2000 }
      : { download, ok: true, status: 'downloaded', bytes: 16384, sha256: 'f'.repeat(64), attempts: 1, ms: 3 }
  })

  it('cuts the list outputs at an entry to fit 1 MB, sharing the room, and says which', () => {
    const { values, cut } = outputsOf(many, totalsOf(many, 1), { key: '', matchedKey: '' }, '/tmp/r.json')
    const total = Object.entries(values).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value), 0)
    assert.ok(total <= LIST_OUTPUT_BYTES + 1024, `${total} bytes of outputs`)
    assert.ok(total > LIST_OUTPUT_BYTES - 4096, `${total} bytes: room was left unused`)
    // The 20 failures need little room; paths and results share what they leave.
    assert.equal((JSON.parse(values.failures ?? '') as unknown[]).length, 20)
    const paths = JSON.parse(values.paths ?? '') as string[]
    const kept = JSON.parse(values.results ?? '') as { path: string }[]
    assert.ok(paths.length > 1000 && paths.length < 19_980, `${paths.length} paths`)
    assert.ok(kept.length > 1000 && kept.length < 20_000, `${kept.length} results`)
    assert.deepEqual([paths[0], kept[0]?.path], [many[0]?.download.destination, many[0]?.download.destination])
    assert.deepEqual(cut, [`paths (${paths.length} of 19980)`, `results (${kept.length} of 20000)`])
  })

  it('keeps the job summary under 1 MiB, failures first', async () => {
    const summary = await summaryOf(() => writeSummary(many, totalsOf(many, 1), true))
    assert.ok(Buffer.byteLength(summary) < SUMMARY_BYTES, `${Buffer.byteLength(summary)} bytes`)
    // Every failure, in its own table before the others, which fold away and stop short of the cap.
    assert.ok(summary.indexOf('<h3>Failed</h3>') < summary.indexOf('<h3>The other entries</h3>'))
    assert.equal(summary.split('<h3>The other entries</h3>')[0]?.match(/<tr><td>/g)?.length, 20)
    assert.match(summary, /<details><summary>19980 rows<\/summary>/)
    assert.match(summary, /<p>\d+ more rows are not shown: the summary is kept under GitHub's 1 MiB; results-file holds them all\.<\/p>/)
    // Without a results file, the rows left out are in the log only.
    const without = await summaryOf(() => writeSummary(many, totalsOf(many, 1), false))
    assert.match(without, /<p>\d+ more rows are not shown: the summary is kept under GitHub's 1 MiB; the log holds them all\.<\/p>/)
  })

  it('writes a summary a person reads in two seconds: a count per status, failures with URL and error, numbers aligned', async () => {
    const summary = await summaryOf(() => writeSummary(results, totalsOf(results, 4000), true, { index: 2, total: 4 }))
    assert.match(summary, /^<h2>Downloads: shard 2 of 4<\/h2>$/m)
    assert.match(summary, /^<li>✅ <b>1<\/b> downloaded, 2\.0&nbsp;KiB<\/li>$/m)
    assert.match(summary, /^<li>♻️ <b>1<\/b> up to date<\/li>$/m)
    assert.match(summary, /^<li>❌ <b>1<\/b> failed<\/li>$/m)
    assert.doesNotMatch(summary, /from the cache/)
    assert.match(summary, /^<p>In 4\.0&nbsp;s; 3\.0&nbsp;MiB came without the network\.<\/p>$/m)
    assert.ok(summary.includes(`<tr><td>b/R&#38;D&#39;s.bin</td><td><a href="https://h.example/b.bin">https://h.example/b.bin</a></td><td>The server answered 503 Service Unavailable.</td><td align="right">4</td></tr>`))
    assert.ok(summary.includes('<td align="right">3.0&nbsp;MiB</td><td align="right">5&nbsp;ms</td><td align="right">–</td>'), 'an up-to-date row says no request was made')
  })
})


/** What `write` puts in the job summary. */
async function summaryOf(write: () => Promise<void>): Promise<string> {
  await writeFile(summaryFile, '')
  process.env.GITHUB_STEP_SUMMARY = summaryFile
  try {
    await write()
  } finally {
    delete process.env.GITHUB_STEP_SUMMARY
  }
  return readFile(summaryFile, 'utf8')
}
