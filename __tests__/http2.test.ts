// HTTP/2: an https origin that offers it in the TLS handshake gets every request as a stream of
// one connection; one that does not gets HTTP/1.1, as before. The body paths themselves run over
// HTTP/2 in network.test.ts, with every delivery.
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { DownloadResult, Failed } from '../src/download.ts'
import { parseHeaderLines } from '../src/headers.ts'
import { parseManifest } from '../src/manifest.ts'
import { planDownloads } from '../src/plan.ts'
import { runAll, type RunOptions } from '../src/run-all.ts'
import { framesOf } from '../src/sessions.ts'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { json, runAction } from './helpers/action.ts'
import { startProxy } from './helpers/proxy.ts'
import { content, sha256, startServer, type TestServer } from './helpers/server.ts'
import { testCertificate } from './helpers/tls.ts'

let server: TestServer
let plain: TestServer
let directory = ''

async function fetchAll(manifest: string, options: Partial<RunOptions> = {}, headers = ''): Promise<DownloadResult[]> {
  const parsed = await parseManifest(manifest)
  const input = parseHeaderLines(headers)
  const plan = planDownloads(parsed.entries, directory, input.rules)
  assert.deepEqual([...input.problems, ...parsed.problems, ...plan.problems], [])
  return runAll(plan.downloads, { directory, concurrency: 8, retries: 2, timeoutMs: 5000, retryDelayMs: 5, ...options })
}

function failed(result: DownloadResult | undefined): Failed {
  assert.ok(result)
  if (result.ok) assert.fail(`the download should have failed, but wrote ${result.bytes} bytes`)
  return result
}

function lines(origin: string, count: number, prefix = 'f'): string {
  return Array.from({ length: count }, (_, i) => `${origin}/file/${prefix}${i}?size=${1000 + i} ${prefix}${i}.bin sha256=${sha256(content(`${prefix}${i}`, 1000 + i))}`).join('\n')
}

function versions(of: TestServer): string[] {
  return [...new Set(of.requests.map((request) => request.version))]
}

before(async () => {
  server = await startServer({ http2: true })
  plain = await startServer()
})
after(async () => {
  await server.close()
  await plain.close()
})
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'http2-'))
})

describe('HTTP/2', () => {
  it('carries every download to an origin that offers it over one connection', async () => {
    const before = server.connections
    const results = await fetchAll(lines(server.url, 40))
    assert.ok(results.every((result) => result.ok && result.attempts === 1))
    assert.equal(server.connections - before, 1)
    assert.ok(server.maxInFlight > 1, 'the streams run side by side')
    assert.deepEqual(versions(server), ['2.0'])
    assert.equal((await readdir(directory)).length, 40)
  })

  it('speaks HTTP/1.1 to an https origin that does not offer HTTP/2, after one handshake that asks', async () => {
    const tls = await startServer({ tls: true })
    try {
      const results = await fetchAll(lines(tls.url, 20), { concurrency: 4 })
      assert.ok(results.every((result) => result.ok))
      assert.deepEqual(versions(tls), ['1.1'])
      assert.ok(tls.connections <= 5, `${tls.connections} connections`)
    } finally {
      await tls.close()
    }
  })

  it('sends again at once, without counting an attempt, what a connection closing gracefully (GOAWAY) did not take', async () => {
    const closing = await startServer({ http2: true, streamsPerSession: 5 })
    try {
      const results = await fetchAll(lines(closing.url, 60, 'g'), { retries: 0 })
      for (const result of results) assert.ok(result.ok && result.attempts === 1, JSON.stringify(!result.ok && result.error))
      assert.ok(closing.connections >= 12, `${closing.connections} connections`)
    } finally {
      await closing.close()
    }
  })

  it('retries a stream that the server resets halfway, and resumes it where it can', async () => {
    const [dropped, ranged] = await fetchAll(
      [`${server.url}/drop/1/dropped?size=300000 dropped.bin sha256=${sha256(content('dropped', 300000))}`, `${server.url}/ranged/1/ranged?size=3000000 ranged.bin sha256=${sha256(content('ranged', 3000000))}`].join('\n'),
    )
    assert.ok(dropped?.ok && dropped.attempts === 2)
    assert.ok(ranged?.ok && ranged.attempts === 2)
    assert.match(server.requests.findLast((request) => request.path.startsWith('/ranged/1/ranged'))?.headers.range ?? '', /^bytes=[1-9]\d*-$/)
  })

  it('fails a stream reset every time, saying so, and leaves nothing', async () => {
    const result = failed((await fetchAll(`${server.url}/short/cut cut.bin`, { retries: 1 }))[0])
    assert.equal(result.attempts, 2)
    assert.equal(result.error, 'The server reset the HTTP/2 stream (INTERNAL_ERROR).')
    assert.deepEqual(await readdir(directory), [])
  })

  it('times out a stream whose answer does not come, or whose body stalls, as HTTP/1.1 does', async () => {
    const [hang, stall] = await fetchAll(`${server.url}/hang hang.bin\n${server.url}/stall/stuck stuck.bin`, { retries: 0, timeoutMs: 300 })
    assert.equal(failed(hang).error, 'No response arrived before the timeout.')
    assert.equal(failed(stall).error, 'The body stalled: no data arrived before the timeout.')
    assert.deepEqual(await readdir(directory), [])
  })

  it('answers statuses, Retry-After, redirects, encodings and empty answers as over HTTP/1.1', async () => {
    const started = performance.now()
    const results = await fetchAll(
      [
        `${server.url}/status/404 missing.bin`,
        `${server.url}/flaky/1/503/flaky?retry-after=1 flaky.bin sha256=${sha256(content('flaky'))}`,
        `${server.url}/redirect/3/moved moved.bin sha256=${sha256(content('moved'))}`,
        `${server.url}/encoded/gzip/zipped?size=100000 zipped.bin sha256=${sha256(content('zipped', 100000))}`,
        `${server.url}/no-content empty.bin`,
      ].join('\n'),
    )
    const [missing, flaky, moved, zipped, empty] = results
    assert.equal(failed(missing).error, 'The server answered 404 Not Found.')
    assert.equal(failed(missing).attempts, 1)
    assert.ok(flaky?.ok && flaky.attempts === 2 && performance.now() - started >= 1000)
    assert.ok(moved?.ok && zipped?.ok)
    assert.match(failed(empty).error, /204/)
  })

  it("sends the workflow's headers, whatever their case, to the entry's origin only, not across a redirect", async () => {
    const target = `${plain.url}/echo`
    await fetchAll(`${server.url}/echo own.json\n${server.url}/to?location=${encodeURIComponent(target)} moved.json`, {}, `${server.url}/ X-Api-KEY: secret`)
    assert.equal(json<Record<string, string>>(await readFile(join(directory, 'own.json'), 'utf8'))['x-api-key'], 'secret')
    assert.equal(json<Record<string, string>>(await readFile(join(directory, 'moved.json'), 'utf8'))['x-api-key'], undefined)
  })

  it('stops every stream at once when the run is cancelled, and leaves nothing', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 200)
    const started = performance.now()
    const results = await fetchAll(`${server.url}/trickle/150/slow?size=3000000 slow.bin\n${server.url}/hang hang.bin`, { signal: controller.signal })
    assert.ok(results.every((result) => !result.ok))
    assert.ok(performance.now() - started < 2000)
    assert.deepEqual(await readdir(directory), [])
  })
})

describe('HTTP/2 through the bundle', () => {
  const env = (): Record<string, string> => ({ NODE_EXTRA_CA_CERTS: testCertificate().file })

  it('downloads over HTTP/2 as the runner runs the action', async () => {
    const before = server.requests.length
    const run = await runAction({ manifest: lines(server.url, 12, 'b'), concurrency: '4' }, { env: env() })
    assert.equal(run.code, 0, run.stdout)
    assert.equal(json<string[]>(run.outputs.paths).length, 12)
    assert.deepEqual([...new Set(server.requests.slice(before).map((request) => request.version))], ['2.0'])
  })

  it('keeps every request on HTTP/1.1 with `http2: false`, and says which each origin speaks in the debug log', async () => {
    const before = server.requests.length
    const off = await runAction({ manifest: lines(server.url, 6, 'o'), http2: 'false' }, { env: { ...env(), RUNNER_DEBUG: '1' } })
    assert.equal(off.code, 0, off.stdout)
    assert.deepEqual([...new Set(server.requests.slice(before).map((request) => request.version))], ['1.1'])
    assert.match(off.stdout, /::debug::http2: false/)
    const on = await runAction({ manifest: lines(server.url, 2, 'o') }, { env: { ...env(), RUNNER_DEBUG: '1' } })
    assert.ok(on.stdout.includes(`::debug::${server.url} speaks HTTP/2: one connection carries every download from it`), on.stdout)
  })

  it('speaks HTTP/1.1 through HTTPS_PROXY, which Node tunnels with CONNECT', async () => {
    const proxy = await startProxy()
    const before = server.requests.length
    try {
      const run = await runAction({ manifest: lines(server.url, 3, 'p') }, { env: { ...env(), HTTPS_PROXY: proxy.url } })
      assert.equal(run.code, 0, run.stdout)
      assert.ok(proxy.seen.length > 0)
      assert.deepEqual([...new Set(proxy.seen)], [`CONNECT ${new URL(server.url).host}`])
      assert.deepEqual([...new Set(server.requests.slice(before).map((request) => request.version))], ['1.1'])
    } finally {
      await proxy.close()
    }
  })
})

describe('reading an HTTP/2 body frame by frame', () => {
  /** 8 KiB frames, as fast as they are asked for, counting what went out. */
  function frames(count: number, failAfter?: number): { stream: Readable; sent: () => number } {
    let sent = 0
    const stream = new Readable({
      read() {
        if (sent === failAfter) return void this.destroy(new Error('reset'))
        if (sent === count) return void this.push(null)
        this.push(content(`frame${sent}`, 8192))
        sent++
      },
    })
    return { stream, sent: () => sent }
  }

  it('hands over every frame in order, and pauses the stream while a MiB waits for a slow reader', async () => {
    const { stream, sent } = frames(512)
    let read = 0
    let ahead = 0
    for await (const chunk of framesOf(stream)) {
      assert.ok(chunk.equals(content(`frame${read}`, 8192)), `frame ${read}`)
      read++
      ahead = Math.max(ahead, sent() - read)
      if (read % 64 === 0) await sleep(5)
    }
    assert.equal(read, 512)
    // A MiB in its queue, and the stream's own buffer of a few frames: never the whole 4 MiB.
    assert.ok(ahead * 8192 <= (1 << 20) + 65_536, `${ahead} frames ahead`)
  })

  it('gives the frames that came before an error, then the error', async () => {
    const { stream } = frames(100, 10)
    let read = 0
    await assert.rejects(async () => {
      for await (const chunk of framesOf(stream)) read += chunk.length / 8192
    }, /reset/)
    assert.equal(read, 10)
  })

  it('destroys the stream when the reader stops early', async () => {
    const { stream } = frames(100)
    for await (const chunk of framesOf(stream)) if (chunk.length > 0) break
    assert.ok(stream.destroyed)
  })
})
