import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { DownloadResult } from '../src/download.ts'
import { parseManifest } from '../src/manifest.ts'
import { planDownloads } from '../src/plan.ts'
import { escapeHtml, formatBytes, outputsOf, resultLine, totalsLine, totalsOf } from '../src/report.ts'

const { downloads } = planDownloads(
  (await parseManifest('https://h.example/a.bin\nhttps://h.example/b.bin b/<b>.bin\nhttps://h.example/c.bin')).entries,
  '/ws',
  {},
)
const [a, b, c] = downloads as [(typeof downloads)[0], (typeof downloads)[0], (typeof downloads)[0]]
const results: DownloadResult[] = [
  { download: a, ok: true, status: 'downloaded', bytes: 2048, sha256: 'f'.repeat(64), attempts: 1, ms: 12 },
  { download: b, ok: false, error: 'The server answered 503 Service Unavailable.', httpStatus: 503, attempts: 4, ms: 3456 },
  { download: c, ok: true, status: 'up-to-date', bytes: 3 * 1024 * 1024, sha256: 'e'.repeat(64), attempts: 0, ms: 5 },
]

describe('report', () => {
  it('builds the outputs as JSON in manifest order', () => {
    const outputs = outputsOf(results, totalsOf(results, 4000), { dir: '/tc/parallel-download', key: 'parallel-download-k' })
    assert.deepEqual(JSON.parse(outputs.paths ?? ''), ['/ws/a.bin', '/ws/c.bin'])
    assert.deepEqual(JSON.parse(outputs.failures ?? ''), [
      { url: 'https://h.example/b.bin', path: '/ws/b/<b>.bin', error: 'The server answered 503 Service Unavailable.', status: 503, attempts: 4 },
    ])
    assert.deepEqual(JSON.parse(outputs.results ?? ''), [
      { url: 'https://h.example/a.bin', path: '/ws/a.bin', status: 'downloaded', bytes: 2048, sha256: 'f'.repeat(64), attempts: 1, ms: 12 },
      {
        url: 'https://h.example/b.bin',
        path: '/ws/b/<b>.bin',
        status: 'failed',
        bytes: 0,
        sha256: null,
        attempts: 4,
        ms: 3456,
        error: 'The server answered 503 Service Unavailable.',
      },
      { url: 'https://h.example/c.bin', path: '/ws/c.bin', status: 'up-to-date', bytes: 3 * 1024 * 1024, sha256: 'e'.repeat(64), attempts: 0, ms: 5 },
    ])
    assert.deepEqual(
      [outputs.downloaded, outputs.failed, outputs.bytes, outputs['cache-hit'], outputs['cache-dir'], outputs['cache-key']],
      ['1', '1', '2048', 'false', '/tc/parallel-download', 'parallel-download-k'],
    )
  })

  it('reports a cache hit only when no entry needed the network', () => {
    const hit = (subset: DownloadResult[]): string | undefined => outputsOf(subset, totalsOf(subset, 0), { dir: '', key: '' })['cache-hit']
    assert.equal(hit([results[2] as DownloadResult]), 'true')
    assert.equal(hit([results[2] as DownloadResult, results[0] as DownloadResult]), 'false')
    assert.equal(hit([results[2] as DownloadResult, results[1] as DownloadResult]), 'false')
    assert.equal(hit([]), 'false')
  })

  it('writes one line per entry and a totals line', () => {
    assert.equal(resultLine(results[0] as DownloadResult), '✓ a.bin (2.0 KiB, 12 ms)')
    assert.equal(
      resultLine(results[1] as DownloadResult),
      '✗ b/<b>.bin from https://h.example/b.bin: The server answered 503 Service Unavailable. (3.5 s, 4 attempts)',
    )
    assert.equal(resultLine(results[2] as DownloadResult), '= c.bin (3.0 MiB, up to date)')
    assert.equal(
      totalsLine(totalsOf(results, 4000)),
      'Downloaded 1 of 3 files (2.0 KiB) in 4.0 s; 1 up to date (3.0 MiB without the network); 1 failed.',
    )
  })

  it('escapes HTML and formats sizes', () => {
    assert.equal(escapeHtml(`<img src="x" onerror='y'>&`), '&#60;img src=&#34;x&#34; onerror=&#39;y&#39;&#62;&#38;')
    assert.deepEqual([0, 1023, 1024, 1536 * 1024, 3 * 1024 ** 3].map(formatBytes), ['0 B', '1023 B', '1.0 KiB', '1.5 MiB', '3.0 GiB'])
  })
})
