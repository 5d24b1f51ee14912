import type { ClientHttp2Session, ClientHttp2Stream, IncomingHttpHeaders as Http2Headers } from 'node:http2'
import type { IncomingHttpHeaders } from 'node:http'
import { isIP } from 'node:net'
import { finished, type Readable } from 'node:stream'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import * as core from '@actions/core'
import type { Headers } from './headers.ts'

/**
 * What one stream may hold unread. A window smaller than a link's bandwidth × round trip caps a
 * large body's speed (1 MiB at 20 ms: a quarter of HTTP/1.1's speed on the large set); what
 * every stream holds together is memory, so the windows share WINDOWS_IN_ALL, within bounds.
 */
const MIN_STREAM_WINDOW = 4 << 20
const MAX_STREAM_WINDOW = 32 << 20
const WINDOWS_IN_ALL = 256 << 20
/** The connection's own window: Node grants it back as bytes arrive, so it bounds nothing; the stream windows do. */
const CONNECTION_WINDOW = 1 << 30

const REFUSED_STREAM = 0x7

/** An HTTP/2 stream's answer, in the shape node:http gives an HTTP/1.1 one. */
export interface Answer {
  statusCode: number
  headers: IncomingHttpHeaders
  body: ClientHttp2Stream
}

/** How long a stream may go without receiving a byte, and the error it then fails with, before its answer or inside the body. */
export interface Timeout {
  ms: number
  error: (answered: boolean) => Error
}

/** Why a stream failed where sending the same request again, on a new session, is safe: the server did not take it. */
export class Refused extends Error {}

/**
 * HTTP/2 sessions, one per https origin that offers it in the TLS handshake (ALPN), each
 * carrying every request to that origin as a stream: one handshake and one connection instead
 * of one per concurrent download, which is what curl does too. An origin that picks HTTP/1.1
 * is remembered, and its requests go to node:https's keep-alive agent.
 */
export class Sessions {
  readonly #timeoutMs: number
  readonly #streamWindow: number
  readonly #sessions = new Map<string, Promise<ClientHttp2Session | undefined>>()
  readonly #http1 = new Set<string>()
  readonly #all = new Set<ClientHttp2Session | TLSSocket>()

  constructor(timeoutMs: number, concurrency: number) {
    this.#timeoutMs = timeoutMs
    this.#streamWindow = Math.min(MAX_STREAM_WINDOW, Math.max(MIN_STREAM_WINDOW, Math.floor(WINDOWS_IN_ALL / concurrency)))
  }

  /** The session for `url`'s origin; undefined when the origin speaks HTTP/1.1 only. */
  session(url: URL): Promise<ClientHttp2Session | undefined> | undefined {
    if (this.#http1.has(url.origin)) return undefined
    let session = this.#sessions.get(url.origin)
    if (session === undefined) {
      session = this.#open(url)
      this.#sessions.set(url.origin, session)
      // A failed handshake is this attempt's failure; the next one tries again.
      session.catch(() => this.#forget(url.origin, session))
    }
    return session
  }

  close(): void {
    for (const each of this.#all) each.destroy()
  }

  async #open(url: URL): Promise<ClientHttp2Session | undefined> {
    const socket = await this.#handshake(url)
    if (socket.alpnProtocol !== 'h2') {
      core.debug(`${url.origin} offers HTTP/1.1 only: a connection per download in flight`)
      this.#http1.add(url.origin)
      socket.destroy()
      return undefined
    }
    const { connect } = await import('node:http2')
    const session = connect(url.origin, {
      createConnection: () => socket,
      settings: { enablePush: false, initialWindowSize: this.#streamWindow },
      // Node refuses new streams once a session holds this many MiB: the windows may hold all of it.
      maxSessionMemory: Math.ceil((2 * WINDOWS_IN_ALL) / (1 << 20)),
    })
    core.debug(`${url.origin} speaks HTTP/2: one connection carries every download from it`)
    this.#all.add(session)
    const forget = (): void => this.#forget(url.origin, undefined, session)
    // After a GOAWAY the session takes no new stream; the next request opens another.
    session.on('goaway', forget)
    session.on('error', forget)
    session.on('close', () => {
      forget()
      this.#all.delete(session)
    })
    session.once('connect', () => session.setLocalWindowSize(CONNECTION_WINDOW))
    return session
  }

  #handshake(url: URL): Promise<TLSSocket> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    // Server names are for host names: an IP address in SNI is not allowed (RFC 6066).
    const socket = tlsConnect({ host, port: Number(url.port || 443), servername: isIP(host) ? undefined : host, ALPNProtocols: ['h2', 'http/1.1'] })
    this.#all.add(socket)
    socket.on('close', () => this.#all.delete(socket))
    return new Promise((resolve, reject) => {
      socket.setTimeout(this.#timeoutMs, () => socket.destroy(Object.assign(new Error('The connection timed out.'), { code: 'ETIMEDOUT' })))
      socket.once('error', reject)
      socket.once('secureConnect', () => {
        socket.setTimeout(0)
        socket.off('error', reject)
        resolve(socket)
      })
    })
  }

  #forget(origin: string, promise?: Promise<unknown>, session?: ClientHttp2Session): void {
    const current = this.#sessions.get(origin)
    if (current === undefined) return
    if (promise !== undefined && current !== promise) return
    if (session !== undefined) void current.then((open) => open === session && this.#sessions.get(origin) === current && this.#sessions.delete(origin))
    else this.#sessions.delete(origin)
  }
}

/**
 * One GET as a stream of `session`. A stream idle for `timeoutMs`, before the response or inside
 * its body, fails; so does `signal`. Rejects with Refused when the server did not take the request.
 */
export function request(session: ClientHttp2Session, url: URL, headers: Headers, timeout: Timeout, signal?: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let stream: ClientHttp2Stream
    try {
      stream = session.request(requestHeaders(url, headers), { endStream: true, signal })
    } catch (error) {
      // A session that has had a GOAWAY, or was closed, since it was handed out.
      return reject(new Refused((error as Error).message, { cause: error }))
    }
    let answered = false
    stream.setTimeout(timeout.ms, () => stream.destroy(timeout.error(answered)))
    stream.on('error', (error: Error) => {
      if (answered) return
      reject(refused(stream) ? new Refused(error.message, { cause: error }) : error)
    })
    stream.on('close', () => {
      if (!answered) reject(refused(stream) ? new Refused('The server refused the stream.') : Object.assign(new Error('The stream closed before an answer came.'), { code: 'ECONNRESET' }))
    })
    stream.once('response', (fields) => {
      answered = true
      resolve({ statusCode: Number(fields[':status']), headers: responseHeaders(fields), body: stream })
    })
  })
}

/** REFUSED_STREAM, or a stream above a GOAWAY's last stream: the server processed none of it (RFC 9113, 8.7). */
function refused(stream: ClientHttp2Stream): boolean {
  return stream.rstCode === REFUSED_STREAM || (stream.id === undefined && stream.destroyed)
}

function requestHeaders(url: URL, headers: Headers): Record<string, string> {
  const fields: Record<string, string> = { ':method': 'GET', ':authority': url.host, ':scheme': 'https', ':path': url.pathname + url.search }
  for (const [name, value] of Object.entries(headers)) fields[name.toLowerCase()] = value
  return fields
}

function responseHeaders(fields: Http2Headers): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {}
  for (const [name, value] of Object.entries(fields)) if (!name.startsWith(':')) headers[name] = value
  return headers
}

/** What a reader may have waiting before the stream is paused. */
const QUEUED_BYTES = 1 << 20

/**
 * An HTTP/2 body's chunks, each as it came. Readable's own iterator joins whatever is buffered
 * into one new buffer, a copy of every byte of a body that comes in DATA frames of 8 or 16 KiB:
 * the large set over the network took 3.6 s with it, 3.1 s without (docs/benchmarks.md). The
 * stream is paused while a MiB waits, so memory stays bounded; it is destroyed when the reader
 * stops early, as the iterator does.
 */
export async function* framesOf(stream: Readable): AsyncGenerator<Buffer> {
  const queue: Buffer[] = []
  let queued = 0
  let wake: (() => void) | undefined
  let done = false
  let failure: Error | undefined
  const take = (chunk: Buffer): void => {
    queue.push(chunk)
    queued += chunk.length
    if (queued >= QUEUED_BYTES) stream.pause()
    wake?.()
  }
  stream.on('data', take)
  const stop = finished(stream, (error) => {
    done = true
    failure = error ?? undefined
    wake?.()
  })
  try {
    for (let at = 0; ; ) {
      if (at < queue.length) {
        const chunk = queue[at++] as Buffer
        queued -= chunk.length
        if (stream.isPaused() && queued < QUEUED_BYTES) stream.resume()
        yield chunk
        continue
      }
      queue.length = at = 0
      if (failure) throw failure
      if (done) return
      await new Promise<void>((resolve) => (wake = resolve))
      wake = undefined
    }
  } finally {
    stream.off('data', take)
    stop()
    if (!done) stream.destroy()
  }
}
