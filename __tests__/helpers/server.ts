// A real HTTP server on 127.0.0.1 that misbehaves on request, for the tests to download from.
// It can deliver bodies the way real links do: in small paced writes, chunked without a length,
// over TLS.
import { createHash } from 'node:crypto'
import { brotliCompressSync, deflateSync, gzipSync, zstdCompressSync } from 'node:zlib'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import { createSecureServer, type Http2ServerResponse, type ServerHttp2Session } from 'node:http2'
import type { AddressInfo, Socket } from 'node:net'
import { testCertificate } from './tls.ts'

/** How a body goes out: in writes of `piece` bytes, `everyMs` apart (0: one per tick), or all at once. */
export interface Delivery {
  /** Bytes per write; 0 writes the whole body at once. */
  piece: number
  everyMs: number
  /** Transfer-Encoding: chunked, with no Content-Length, where the route needs no length. */
  chunked: boolean
}

/** One fast write, as loopback tests used to: it hid a bug that failed every body over 1 MiB on real links. */
export const FAST: Delivery = { piece: 0, everyMs: 0, chunked: false }

/** Ways real links hand bodies over; every body path is tested with each. */
export const DELIVERIES: Record<string, Delivery> = {
  'TCP segments, one a tick': { piece: 1448, everyMs: 0, chunked: false },
  '8 KiB every millisecond': { piece: 8192, everyMs: 1, chunked: false },
  'chunked, without a length': { piece: 1448, everyMs: 0, chunked: true },
}

export interface ServerOptions {
  /** https, with a certificate this process trusts. */
  tls?: boolean
  /** https offering HTTP/2 (and HTTP/1.1 to a client that asks only for that), as nginx and CDNs do. */
  http2?: boolean
  /** HTTP/2: close each connection gracefully (GOAWAY) once it has brought this many requests, as nginx does after 1000. */
  streamsPerSession?: number
  /** HTTP/2: the most streams a connection carries at once (SETTINGS_MAX_CONCURRENT_STREAMS; nginx: 128). */
  maxStreams?: number
  delivery?: Delivery
}

export interface TestServer {
  /** Base URL, without a trailing slash. */
  url: string
  /** Every request, in arrival order, with its HTTP version ('1.1' or '2.0'). */
  requests: { path: string; headers: IncomingHttpHeaders; version: string }[]
  /** How many requests each path received. */
  count(path: string): number
  /** How many body bytes were sent for each path, over all its requests. */
  sent(path: string): number
  /** The most requests that were being answered at once. */
  maxInFlight: number
  /** TCP connections accepted. */
  connections: number
  /** Bodies that /blob/NAME serves. */
  blobs: Map<string, Buffer>
  close(): Promise<void>
}

/** The bytes /file/NAME serves: SIZE bytes (default 1000) that differ from name to name. */
export function content(name: string, size = 1000): Buffer {
  const seed = createHash('sha256').update(name).digest()
  const body = Buffer.alloc(size)
  for (let i = 0; i < size; i++) body[i] = (seed[i % seed.length] ?? 0) ^ (i & 0xff)
  return body
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * Routes (counts are per path):
 *   /file/NAME?size=N            200 with content(NAME, N)
 *   /status/CODE[?retry-after=S] CODE every time
 *   /flaky/N/CODE/NAME[?retry-after=S]  CODE for the first N requests, then the file
 *   /drop/N/NAME[?unsized]       the first N requests send half the body, then reset the connection;
 *                                `unsized`: with no length and no chunks, the body ending with the connection
 *   /short/NAME                  declares 1000 bytes, sends 500 and closes, every time
 *   /stall/NAME                  headers and 100 bytes, then nothing
 *   /hang                        nothing at all
 *   /slow/MS/NAME                the file after MS milliseconds
 *   /trickle/MS/NAME             the file in four parts, MS milliseconds apart
 *   /ranged/N/NAME[?etag=weak|changing]  the file with Accept-Ranges and an ETag, answering
 *                                Range + If-Range with 206; the first N requests reset the
 *                                connection halfway through what they send
 *   /redirect/N/NAME             N redirects (302), then the file
 *   /loop/A and /loop/B          redirect to each other
 *   /to?location=URL             302 to URL
 *   /moved/NAME                  302 to what `blobs` holds under moved:NAME, which a test may change
 *   /encoded/ENCODING/NAME[?corrupt|trailing|empty|transfer]  the file compressed with ENCODING (gzip,
 *                                deflate, br, zstd; any other name sends it as it is), with that
 *                                Content-Encoding (or Transfer-Encoding), spoilt on request
 *   /no-content[/CODE]           204, or CODE (205), with no body
 *   /echo                        the request headers as JSON
 *   /blob/NAME                   what `blobs` holds under NAME
 *   /versioned/NAME              the same, with an ETag naming the content and a Last-Modified
 *                                date; 304 to an If-None-Match with that ETag
 */
export async function startServer({ tls = false, http2: offersHttp2 = false, streamsPerSession, maxStreams, delivery = FAST }: ServerOptions = {}): Promise<TestServer> {
  const counts = new Map<string, number>()
  const sent = new Map<string, number>()
  const sockets = new Set<Socket>()
  let inFlight = 0
  const state: TestServer = {
    url: '',
    requests: [],
    count: (path) => counts.get(path) ?? 0,
    sent: (path) => sent.get(path) ?? 0,
    maxInFlight: 0,
    connections: 0,
    blobs: new Map(),
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://x')
    const seen = (counts.get(url.pathname) ?? 0) + 1
    counts.set(url.pathname, seen)
    state.requests.push({ path: url.pathname + url.search, headers: request.headers, version: request.httpVersion })
    inFlight++
    state.maxInFlight = Math.max(state.maxInFlight, inFlight)
    response.on('close', () => inFlight--)
    const count = (chunk: unknown): void => {
      if (Buffer.isBuffer(chunk)) sent.set(url.pathname, (sent.get(url.pathname) ?? 0) + chunk.length)
    }
    const write = response.write.bind(response) as (chunk: Buffer, callback?: () => void) => boolean
    response.write = ((chunk: Buffer, callback?: () => void) => (count(chunk), write(chunk, callback))) as typeof response.write
    const end = response.end.bind(response) as (chunk?: Buffer) => ServerResponse
    response.end = ((chunk?: Buffer) => (count(chunk), end(chunk))) as typeof response.end
    const blob = url.pathname.startsWith('/blob/') ? state.blobs.get(url.pathname.slice('/blob/'.length)) : undefined
    const versioned = url.pathname.startsWith('/versioned/') ? state.blobs.get(url.pathname.slice('/versioned/'.length)) : undefined
    const moved = url.pathname.startsWith('/moved/') ? state.blobs.get(`moved:${url.pathname.slice('/moved/'.length)}`) : undefined
    if (blob) send(response, blob, delivery)
    else if (versioned) validated(request, response, versioned, delivery)
    else if (moved) response.writeHead(302, { location: moved.toString() }).end()
    else route(url, seen, request, response, delivery)
  }
  // The compatibility API hands an HTTP/2 stream over as a request and a response like node:http's.
  const server = offersHttp2
    ? createSecureServer({ ...testCertificate(), allowHTTP1: true, settings: { maxConcurrentStreams: maxStreams } }, handle as unknown as Parameters<typeof createSecureServer>[1])
    : tls
      ? createTlsServer(testCertificate(), handle)
      : createServer(handle)
  server.on('session', (session: ServerHttp2Session) => {
    let streams = 0
    session.on('stream', () => {
      if (++streams === streamsPerSession) session.close()
    })
  })
  server.on('connection', (socket: Socket) => {
    state.connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  state.url = `${tls || offersHttp2 ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`
  return state
}

function route(url: URL, seen: number, request: IncomingMessage, response: ServerResponse, delivery: Delivery): void {
  const [, kind = '', a = '', b = '', c = ''] = url.pathname.split('/')
  const size = Number(url.searchParams.get('size') ?? 1000)
  const retryAfter = url.searchParams.get('retry-after')
  const fail = (code: number): void => {
    response.writeHead(code, retryAfter === null ? {} : { 'retry-after': retryAfter }).end(`status ${code}`)
  }
  switch (kind) {
    case 'file':
      return send(response, content(a, size), delivery)
    case 'status':
      return fail(Number(a))
    case 'flaky':
      return seen <= Number(a) ? fail(Number(b)) : send(response, content(c, size), delivery)
    case 'drop':
      if (seen > Number(a)) return send(response, content(b, size), delivery)
      if (url.searchParams.has('unsized')) {
        // No length and no chunks: the body ends when the connection does, as HTTP/1.0 has it.
        response.useChunkedEncodingByDefault = false
        return deliver(response, content(b, size), delivery, { headers: { connection: 'close' }, cut: { at: size / 2, reset: true } })
      }
      return deliver(response, content(b, size), delivery, { headers: { 'content-length': size }, cut: { at: size / 2, reset: true } })
    case 'short':
      response.writeHead(200, { 'content-length': 1000 })
      response.write(content(a, 500), () => resetStream(response) || response.socket?.destroy())
      return
    case 'stall':
      response.writeHead(200, { 'content-length': 1000 })
      response.write(content(a, 100))
      return
    case 'hang':
      return
    case 'ranged':
      return ranged(url, seen <= Number(a), request, response, content(b, size), b, seen, delivery)
    case 'encoded':
      return encoded(a, content(b, size), response, delivery, url.searchParams)
    case 'no-content':
      response.writeHead(Number(a || 204)).end()
      return
    case 'trickle': {
      const body = content(b, size)
      response.writeHead(200, { 'content-length': size })
      const part = Math.ceil(size / 4)
      const next = (offset: number): void => {
        if (offset >= size) return void response.end()
        response.write(body.subarray(offset, offset + part))
        setTimeout(() => next(offset + part), Number(a))
      }
      return next(0)
    }
    case 'slow':
      setTimeout(() => send(response, content(b, size), delivery), Number(a))
      return
    case 'redirect':
      if (Number(a) === 0) return send(response, content(b, size), delivery)
      response.writeHead(302, { location: `/redirect/${Number(a) - 1}/${b}` }).end()
      return
    case 'loop':
      response.writeHead(302, { location: a === 'A' ? '/loop/B' : '/loop/A' }).end()
      return
    case 'to':
      response.writeHead(302, { location: url.searchParams.get('location') ?? '/' }).end()
      return
    case 'echo':
      return send(response, Buffer.from(JSON.stringify(request.headers)), delivery)
    default:
      response.writeHead(404).end()
  }
}

/**
 * Ends an HTTP/2 response before its body does, as HTTP/2 cuts one stream: RST_STREAM without
 * END_STREAM, INTERNAL_ERROR for a reset and NO_ERROR for what would be a clean close on
 * HTTP/1.1 (closing the connection would cut every other stream on it too). Node's own
 * `close(code)` would send END_STREAM first, which makes the body whole as far as HTTP/2 goes.
 * False for an HTTP/1.1 response.
 */
function resetStream(response: ServerResponse, reset = true): boolean {
  const { stream } = response as unknown as Partial<Http2ServerResponse>
  if (stream === undefined) return false
  stream.on('error', () => undefined)
  stream.destroy(reset ? new Error('cut') : undefined)
  return true
}

/** A 200 with the body, its length unless the delivery is chunked. */
function send(response: ServerResponse, body: Buffer, delivery: Delivery): void {
  const headers: OutgoingHttpHeaders = { 'content-type': 'application/octet-stream' }
  if (!delivery.chunked) headers['content-length'] = body.length
  deliver(response, body, delivery, { headers })
}

interface Answer {
  status?: number
  headers: OutgoingHttpHeaders
  /** Stop after `at` bytes: a reset (RST) or a close (FIN), which hands the client exactly what was sent. */
  cut?: { at: number; reset: boolean }
}

/** Writes a body as `delivery` says, each write after the last, until it ends or is cut. */
function deliver(response: ServerResponse, body: Buffer, delivery: Delivery, { status = 200, headers, cut }: Answer): void {
  // HTTP/2 has no Connection header: a stream ends alone.
  if ('stream' in response) delete headers.connection
  response.writeHead(status, headers)
  const end = cut?.at ?? body.length
  const stop = (): void => {
    if (cut === undefined) return void response.end()
    if (resetStream(response, cut.reset)) return
    try {
      // A TLS socket can't be reset (it throws); it is closed instead.
      if (cut.reset) return void response.socket?.resetAndDestroy()
    } catch {
      // fall through to a close
    }
    response.socket?.destroy()
  }
  const write = (offset: number): void => {
    if (response.destroyed) return
    if (offset >= end) return void response.write('', stop)
    const next = delivery.piece > 0 ? Math.min(offset + delivery.piece, end) : end
    response.write(body.subarray(offset, next))
    if (delivery.everyMs > 0) setTimeout(() => write(next), delivery.everyMs)
    else setImmediate(() => write(next))
  }
  write(0)
}

/** A resource with validators, as most servers send files: a 304 when the client's copy is the current one. */
function validated(request: IncomingMessage, response: ServerResponse, body: Buffer, delivery: Delivery): void {
  const headers = { etag: `"${sha256(body).slice(0, 16)}"`, 'last-modified': 'Wed, 21 Oct 2015 07:28:00 GMT' }
  if (request.headers['if-none-match'] === headers.etag) return void response.writeHead(304, headers).end()
  deliver(response, body, delivery, { headers: { ...headers, 'content-length': body.length } })
}

/** The body compressed as `encoding` says, with that Content-Encoding, whatever the client asked for. */
/**
 * The body compressed with `encoding`; `?corrupt` spoils its middle, `?trailing` adds bytes after
 * its end, `?empty` sends no bytes at all, `?transfer` sends it as a Transfer-Encoding
 * (`gzip, chunked`) rather than a Content-Encoding.
 */
function encoded(encoding: string, body: Buffer, response: ServerResponse, delivery: Delivery, query: URLSearchParams): void {
  const compressors: Record<string, (data: Buffer) => Buffer> = {
    gzip: gzipSync,
    deflate: deflateSync,
    br: brotliCompressSync,
    zstd: zstdCompressSync,
  }
  let compressed = query.has('empty') ? Buffer.alloc(0) : (compressors[encoding] ?? ((data: Buffer) => data))(body)
  if (query.has('corrupt')) compressed.fill(0x55, compressed.length >> 1, (compressed.length >> 1) + 64)
  if (query.has('trailing')) compressed = Buffer.concat([compressed, Buffer.from('not part of it')])
  const headers: OutgoingHttpHeaders = query.has('transfer') ? { 'transfer-encoding': `${encoding}, chunked` } : { 'content-encoding': encoding }
  if (!delivery.chunked && !query.has('transfer')) headers['content-length'] = compressed.length
  deliver(response, compressed, delivery, { headers })
}

function ranged(url: URL, drop: boolean, request: IncomingMessage, response: ServerResponse, body: Buffer, name: string, seen: number, delivery: Delivery): void {
  const kind = url.searchParams.get('etag')
  const etag = kind === 'weak' ? `W/"${name}"` : kind === 'changing' ? `"${name}-${seen}"` : `"${name}"`
  const from = /^bytes=(\d+)-$/.exec(request.headers.range ?? '')?.[1]
  const partial = from !== undefined && request.headers['if-range'] === etag
  const start = partial ? Number(from) : 0
  const rest = body.subarray(start)
  // A resumable answer always has a length, however the delivery goes.
  const headers: OutgoingHttpHeaders = { 'accept-ranges': 'bytes', etag, 'content-length': rest.length }
  if (partial) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`
  const cut = drop ? { at: Math.floor(rest.length / 2), reset: false } : undefined
  deliver(response, rest, delivery, { status: partial ? 206 : 200, headers, cut })
}
