import assert from 'node:assert/strict'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { parseManifest } from '../src/manifest.ts'
import { planDownloads } from '../src/plan.ts'
import { runAll } from '../src/run-all.ts'
import { startServer, type TestServer } from './helpers/server.ts'

let server: TestServer

before(async () => {
  server = await startServer()
})
after(() => server.close())

describe('runAll', () => {
  it('keeps at most `concurrency` downloads in flight, over reused connections, and returns results in manifest order', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'run-all-'))
    // Later entries answer sooner, so finishing order differs from manifest order.
    const lines = Array.from({ length: 24 }, (_, i) => `${server.url}/slow/${(24 - i) * 4}/f${i} f${i}.bin`)
    const { entries } = await parseManifest(lines.join('\n'))
    const { downloads } = planDownloads(entries, directory, [])
    const finished: number[] = []
    const results = await runAll(downloads, { directory, concurrency: 3, retries: 0, timeoutMs: 5000 }, (result) =>
      finished.push(result.download.index),
    )
    assert.deepEqual(
      results.map((result) => [result.ok, result.download.path]),
      lines.map((_, i) => [true, `f${i}.bin`]),
    )
    assert.notDeepEqual(finished, [...finished].sort((a, b) => a - b), 'entries should finish out of order')
    assert.equal(server.maxInFlight, 3)
    assert.ok(server.connections <= 3, `${server.connections} connections for 24 requests at concurrency 3`)
  })
})
