// HTTP/2: an https origin that offers it in the TLS handshake gets every request as a stream of
// one connection; one that does not gets HTTP/1.1, as before. The body paths themselves run over
// HTTP/2 in network.test.ts, with every delivery.
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import { createSecureServer, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2'
import { createServer as createTcpServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net'
import { createServer as createTlsServer } from 'node:tls'
import type { DownloadResult } from '../src/download.ts'
import { parseHeaderLines } from '../src/headers.ts'
import type { RunOptions } from '../src/run-all.ts'
import { framesOf } from '../src/sessions.ts'
import { networkError } from '../src/request.ts'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { json, runAction } from './helpers/action.ts'
import { startProxy } from './helpers/proxy.ts'
import { content, sha256, startServer, type TestServer } from './helpers/server.ts'
import { testCertificate } from './helpers/tls.ts'
import { failed, fetchInto } from './helpers/fetch.ts'
import { NO_SIGNALS } from './helpers/tools.ts'

let server: TestServer
let plain: TestServer
let directory = ''

function fetchAll(manifest: string, options: Partial<RunOptions> = {}, headers = ''): Promise<DownloadResult[]> {
  return fetchInto(directory, manifest, { concurrency: 8, retries: 2, ...options }, headers)
}

function lines(origin: string, count: number, prefix = 'f'): string {
  return Array.from({ length: count }, (_, i) => `${origin}/file/${prefix}${i}?size=${1000 + i} ${prefix}${i}.bin sha256=${sha256(content(`${prefix}${i}`, 1000 + i))}`).join('\n')
}

interface Hostile {
  url: string
  /** Connections accepted. */
  sessions: () => number
  close(): Promise<void>
}

/**
 * An HTTP/2 server that answers each stream as `answer` says, told which connection (from 1) it
 * came on and how many requests its path has had (from 1): for what startServer can't do.
 */
async function hostile(answer: (stream: ServerHttp2Stream, path: string, connection: number, seen: number) => void): Promise<Hostile> {
  const server = createSecureServer(testCertificate())
  const open = new Set<ServerHttp2Session>()
  const seen = new Map<string, number>()
  let connections = 0
  server.on('session', (session: ServerHttp2Session) => {
    const connection = ++connections
    open.add(session)
    session.on('close', () => open.delete(session))
    session.on('error', () => undefined)
    session.on('stream', (stream: ServerHttp2Stream, headers) => {
      stream.on('error', () => undefined)
      const path = String(headers[':path'])
      seen.set(path, (seen.get(path) ?? 0) + 1)
      answer(stream, path, connection, seen.get(path) ?? 0)
    })
  })
  return { ...(await listening(server, open)), sessions: () => connections }
}

/** Listens on a port of 127.0.0.1; close() ends the connections still `open`, then the server. */
async function listening(server: NetServer, open: Set<{ destroy(): void }>): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const connection of open) connection.destroy()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}

/** An HTTP/2 frame (RFC 9113, 4.1). */
function frame(type: number, flags: number, stream: number, payload: Uint8Array = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(9)
  head.writeUIntBE(payload.length, 0, 3)
  head[3] = type
  head[4] = flags
  head.writeUInt32BE(stream, 5)
  return Buffer.concat([head, payload])
}

/** A header block of literal fields, never indexed (RFC 7541, 6.2.2): names and values under 127 bytes. */
function fields(pairs: [string, string][]): Buffer {
  return Buffer.concat(pairs.flatMap(([name, value]) => [Buffer.from([0x10, name.length]), Buffer.from(name), Buffer.from([value.length]), Buffer.from(value)]))
}

const [DATA, HEADERS, RST_STREAM, SETTINGS, GOAWAY] = [0x0, 0x1, 0x3, 0x4, 0x7]
const [END_STREAM, ACK, END_HEADERS] = [0x1, 0x1, 0x4]

/**
 * A server that writes HTTP/2 frames itself, as a server in another language may: `answer` gives
 * the bytes for each stream the client opens, written at once.
 */
async function rawHttp2(answer: (stream: number) => Buffer, greeting = frame(SETTINGS, 0, 0)): Promise<{ url: string; connections: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  let connections = 0
  const server = createTlsServer({ ...testCertificate(), ALPNProtocols: ['h2'] }, (socket) => {
    connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    socket.write(greeting)
    let pending = Buffer.alloc(0)
    let preface = false
    socket.on('data', (data: Buffer) => {
      pending = Buffer.concat([pending, data])
      if (!preface && pending.length >= 24) {
        pending = pending.subarray(24)
        preface = true
      }
      while (preface && pending.length >= 9 && pending.length >= 9 + pending.readUIntBE(0, 3)) {
        const [type, flags, stream] = [pending[3], pending[4] ?? 0, pending.readUInt32BE(5) & 0x7fffffff]
        pending = pending.subarray(9 + pending.readUIntBE(0, 3))
        if (type === SETTINGS && (flags & ACK) === 0) socket.write(frame(SETTINGS, ACK, 0))
        if (type === HEADERS) socket.write(answer(stream))
      }
    })
  })
  return { ...(await listening(server, sockets)), connections: () => connections }
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
    assert.equal(result.error, 'The HTTP/2 stream was reset (INTERNAL_ERROR).')
    assert.deepEqual(await readdir(directory), [])
  })

  it('takes a body without a length as whole only when END_STREAM ends it, not a reset without an error code or a lost connection', async () => {
    const body = content('cut', 5000)
    const cutting = await hostile((stream, path, _connection, seen) => {
      stream.respond({ ':status': 200 })
      if (seen > 1) return void stream.end(body)
      stream.write(body.subarray(0, 2500), () =>
        // RST_STREAM NO_ERROR without END_STREAM; or the connection gone
        path.startsWith('/reset') ? stream.destroy() : stream.session?.socket.destroy(),
      )
    })
    try {
      const lines = ['reset', 'gone'].map((how) => `${cutting.url}/${how} ${how}.bin`).join('\n')
      const once = await fetchAll(lines, { retries: 0 })
      for (const result of once) assert.equal(failed(result).error, 'The connection was closed before the response was complete.')
      assert.deepEqual(await readdir(directory), [])
      const again = await fetchAll(lines, { retries: 1 })
      for (const result of again) assert.ok(result.ok && result.bytes === 5000, JSON.stringify(result))
    } finally {
      await cutting.close()
    }
  })

  it('takes for whole a body whose END_STREAM came in the same read as its answer, and many such at once', async () => {
    const body = content('same read', 3000)
    const quick = await rawHttp2((stream) =>
      Buffer.concat([frame(HEADERS, END_HEADERS, stream, fields([[':status', '200'], ['content-length', String(body.length)]])), frame(DATA, END_STREAM, stream, body)]),
    )
    try {
      const results = await fetchAll(Array.from({ length: 64 }, (_, i) => `${quick.url}/q${i} q${i}.bin sha256=${sha256(body)}`).join('\n'), { concurrency: 16, retries: 0 })
      for (const result of results) assert.ok(result.ok, JSON.stringify(!result.ok && result.error))
    } finally {
      await quick.close()
    }
  })

  it('fails, and does not wait for ever, a stream reset in the same read as its answer, before its reader came', { timeout: 10_000 }, async () => {
    const resetting = await rawHttp2((stream) =>
      Buffer.concat([frame(HEADERS, END_HEADERS, stream, fields([[':status', '200']])), frame(DATA, 0, stream, content('half', 500)), frame(RST_STREAM, 0, stream, Buffer.alloc(4))]),
    )
    try {
      const results = await fetchAll(Array.from({ length: 32 }, (_, i) => `${resetting.url}/r${i} r${i}.bin`).join('\n'), { concurrency: 16, retries: 0 })
      for (const result of results) assert.equal(failed(result).error, 'The connection was closed before the response was complete.')
      assert.deepEqual(await readdir(directory), [])
    } finally {
      await resetting.close()
    }
  })

  it('fails an attempt, without opening connection after connection, on a server that goes away as it greets', async () => {
    const leaving = await rawHttp2(() => Buffer.alloc(0), Buffer.concat([frame(SETTINGS, 0, 0), frame(GOAWAY, 0, 0, Buffer.alloc(8))]))
    try {
      const [result] = await fetchAll(`${leaving.url}/a a.bin`, { retries: 1 })
      assert.match(failed(result).error, /^The (connection was closed before the response was complete|server did not take the request \(it refused the HTTP\/2 stream\))\.$/)
      assert.ok(leaving.connections() <= 6, `${leaving.connections()} connections`)
    } finally {
      await leaving.close()
    }
  })

  it('opens a new connection for the next requests when a stream stalls, as the connection may be dead', async () => {
    // The first connection answers two streams and then nothing; later ones answer every stream.
    const answered = new Map<number, number>()
    const dying = await hostile((stream, path, connection) => {
      const count = (answered.get(connection) ?? 0) + 1
      answered.set(connection, count)
      if (connection === 1 && count > 2) return
      stream.respond({ ':status': 200 })
      stream.end(content(path))
    })
    try {
      const results = await fetchAll(Array.from({ length: 8 }, (_, i) => `${dying.url}/d${i} d${i}.bin sha256=${sha256(content(`/d${i}`))}`).join('\n'), { concurrency: 4, timeoutMs: 300, retries: 1 })
      for (const result of results) assert.ok(result.ok, JSON.stringify(result))
      assert.ok(dying.sessions() >= 2)
    } finally {
      await dying.close()
    }
  })

  it('retries every download that a connection closed with an error code took down, not only the one at fault', async () => {
    const failing = await hostile((stream, path, _connection, seen) => {
      stream.respond({ ':status': 200 })
      if (path === '/fault' && seen === 1) return void setTimeout(() => stream.session?.destroy(undefined, 2), 50)
      stream.write(content(path, 1000), () => setTimeout(() => stream.end(), path === '/fault' ? 0 : 200))
    })
    try {
      const results = await fetchAll(['fault', 'innocent'].map((name) => `${failing.url}/${name} ${name}.bin sha256=${sha256(content(`/${name}`))}`).join('\n'), { retries: 1 })
      for (const result of results) assert.ok(result.ok, JSON.stringify(result))
      assert.equal(failing.sessions(), 2)
    } finally {
      await failing.close()
    }
  })

  it('opens another connection past the streams a server takes at once, so that no request waits for a place while its timeout runs', async () => {
    const limited = await startServer({ http2: true, maxStreams: 2 })
    try {
      const results = await fetchAll(
        Array.from({ length: 6 }, (_, i) => `${limited.url}/trickle/150/t${i}?size=4000 t${i}.bin sha256=${sha256(content(`t${i}`, 4000))}`).join('\n'),
        { concurrency: 6, timeoutMs: 350, retries: 0 },
      )
      for (const result of results) assert.ok(result.ok, JSON.stringify(result))
      assert.equal(limited.connections, 3)
    } finally {
      await limited.close()
    }
  })

  it('words every HTTP/2 reset as one that another attempt may get past, naming its code', () => {
    const cases: [string, string, string][] = [
      ['ERR_HTTP2_STREAM_ERROR', 'Stream closed with error code NGHTTP2_PROTOCOL_ERROR', 'The HTTP/2 stream was reset (PROTOCOL_ERROR).'],
      ['ERR_HTTP2_SESSION_ERROR', 'Session closed with error code 2', 'The HTTP/2 connection was closed (INTERNAL_ERROR).'],
      ['ERR_HTTP2_SESSION_ERROR', 'Session closed with error code 99', 'The HTTP/2 connection was closed (99).'],
      ['ERR_HTTP2_ERROR', 'Protocol error', "The server's HTTP/2 answer was not valid (Protocol error); the connection was closed."],
    ]
    for (const [code, message, sentence] of cases) {
      const error = networkError(Object.assign(new Error(message), { code }))
      assert.equal(error.message, sentence)
      assert.equal(error.retryable, true, message)
    }
  })

  it('says so, at once, when a server takes no streams at all', async () => {
    const none = await startServer({ http2: true, maxStreams: 0 })
    try {
      const results = await fetchAll(`${none.url}/file/a a.bin\n${none.url}/file/b b.bin`, { retries: 1, timeoutMs: 2000 })
      for (const result of results) {
        assert.equal(failed(result).error, 'The request failed: the server takes no HTTP/2 streams (its SETTINGS_MAX_CONCURRENT_STREAMS is 0); `http2: false` asks it over HTTP/1.1.')
        assert.equal(failed(result).attempts, 1)
      }
    } finally {
      await none.close()
    }
  })

  it('refuses, in the headers input, the header names HTTP/2 forbids', () => {
    assert.deepEqual(
      parseHeaderLines('Proxy-Connection: keep-alive\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA').problems,
      ["line 1: header 'Proxy-Connection' is set by the action and can't be given", "line 2: header 'HTTP2-Settings' is set by the action and can't be given"],
    )
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
    assert.ok(on.stdout.includes(`::debug::${server.url} speaks HTTP/2: one connection carries up to 4294967295 downloads from it`), on.stdout)
  })

  it('leaves at once, with its report, when cancelled during a TLS handshake that never ends', { skip: NO_SIGNALS }, async () => {
    const sockets = new Set<Socket>()
    const silent = createTcpServer((socket) => sockets.add(socket))
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done))
    let sent = 0
    try {
      const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}/never`
      const run = await runAction(
        { manifest: `${url} never.bin`, timeout: '30' },
        {
          env: env(),
          started: (child) => {
            setTimeout(() => {
              sent = performance.now()
              child.kill('SIGINT')
            }, 500)
          },
        },
      )
      assert.equal(run.code, 130, run.stdout)
      assert.ok(performance.now() - sent < 2000, `left ${performance.now() - sent} ms after the signal`)
      assert.match(run.stdout, /^::error::The run was cancelled \(SIGINT\): 1 of 1 entries were not finished/m)
      assert.equal(json<{ path: string }[]>(run.outputs.failures).length, 1)
      assert.notEqual(run.summary, '')
    } finally {
      for (const socket of sockets) socket.destroy()
      silent.close()
    }
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

  it('settles at once on a stream that failed, was destroyed or ended before its reader came', { timeout: 5000 }, async () => {
    const failedEarly = frames(10)
    failedEarly.stream.destroy(new Error('reset early'))
    await assert.rejects(async () => {
      for await (const chunk of framesOf(failedEarly.stream)) assert.fail(`read ${chunk.length} bytes`)
    }, /reset early/)
    const destroyed = frames(10)
    destroyed.stream.destroy()
    await assert.rejects(async () => {
      for await (const chunk of framesOf(destroyed.stream)) assert.fail(`read ${chunk.length} bytes`)
    }, { code: 'ERR_STREAM_PREMATURE_CLOSE' })
    const ended = frames(0)
    ended.stream.resume()
    await new Promise((done) => ended.stream.once('end', done))
    for await (const chunk of framesOf(ended.stream)) assert.fail(`read ${chunk.length} bytes`)
  })

  it('destroys the stream when the reader stops early', async () => {
    const { stream } = frames(100)
    for await (const chunk of framesOf(stream)) if (chunk.length > 0) break
    assert.ok(stream.destroyed)
  })
})
