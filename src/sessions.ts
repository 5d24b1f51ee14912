import type { ClientHttp2Session, ClientHttp2Stream, IncomingHttpHeaders as Http2Headers } from 'node:http2'
import type { IncomingHttpHeaders } from 'node:http'
import { isIP } from 'node:net'
import type { Readable } from 'node:stream'
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
/** Node's errors for a request on a session that closed or had a GOAWAY since it was taken: the request was never sent. */
const NOT_SENT = new Set(['ERR_HTTP2_GOAWAY_SESSION', 'ERR_HTTP2_INVALID_SESSION', 'ERR_HTTP2_OUT_OF_STREAMS'])

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

/** A session of the run, and the streams it carries now. */
export interface Live {
  origin: string
  session: ClientHttp2Session
  streams: number
  /** Takes no new stream: it had a GOAWAY, an error or a stalled stream, or it closed. */
  retired: boolean
}

/**
 * HTTP/2 sessions to each https origin that offers it in the TLS handshake (ALPN), carrying
 * every request to that origin as a stream: one handshake and one connection instead of one per
 * download in flight, which is what curl does too. A session carries at most as many streams
 * as its server allows at once (SETTINGS_MAX_CONCURRENT_STREAMS, 128 on nginx); past that, another
 * session is opened, so that no request waits for a place while its timeout runs. An origin that
 * picks HTTP/1.1 is remembered, and its requests go to node:https's keep-alive agent.
 */
export class Sessions {
  readonly #timeoutMs: number
  readonly #streamWindow: number
  readonly #live = new Map<string, Live[]>()
  readonly #opening = new Map<string, Promise<unknown>>()
  readonly #http1 = new Set<string>()
  readonly #all = new Set<ClientHttp2Session | TLSSocket>()

  constructor(timeoutMs: number, concurrency: number) {
    this.#timeoutMs = timeoutMs
    this.#streamWindow = Math.min(MAX_STREAM_WINDOW, Math.max(MIN_STREAM_WINDOW, Math.floor(WINDOWS_IN_ALL / concurrency)))
  }

  /**
   * A place for one more stream on a session to `url`'s origin, opening one if need be;
   * undefined when the origin speaks HTTP/1.1 only. `signal` ends the wait, not the handshake.
   */
  async take(url: URL, signal?: AbortSignal): Promise<Live | undefined> {
    for (;;) {
      if (this.#http1.has(url.origin)) return undefined
      const roomy = this.#live.get(url.origin)?.find((live) => live.streams < (live.session.remoteSettings.maxConcurrentStreams ?? Infinity))
      if (roomy) {
        roomy.streams++
        return roomy
      }
      let opening = this.#opening.get(url.origin)
      if (opening === undefined) {
        opening = this.#open(url).finally(() => this.#opening.delete(url.origin))
        this.#opening.set(url.origin, opening)
      }
      await abortable(opening, signal)
    }
  }

  /** Takes no new stream on `live`, and closes it once the streams it carries end: one of them stalled, and the connection may be dead. */
  retire(live: Live): void {
    this.#drop(live)
    if (!live.session.closed && !live.session.destroyed) live.session.close()
  }

  close(): void {
    for (const each of this.#all) each.destroy()
  }

  /**
   * One GET as a stream of `live`, whose place it gives back when the stream closes. A stream idle
   * for `timeout.ms`, before the response or inside its body, fails and retires its session; so
   * does `signal`, alone. Rejects with Refused when the server did not take the request.
   */
  request(live: Live, url: URL, headers: Headers, timeout: Timeout, signal?: AbortSignal): Promise<Answer> {
    return new Promise((resolve, reject) => {
      let stream: ClientHttp2Stream
      try {
        stream = live.session.request(requestHeaders(url, headers), { endStream: true, signal })
      } catch (error) {
        live.streams--
        return reject(NOT_SENT.has((error as { code?: string }).code ?? '') ? new Refused((error as Error).message, { cause: error }) : (error as Error))
      }
      let answered = false
      // From the start: Node may push END_STREAM's end before it emits 'response'.
      endsOnlyWhole(stream)
      stream.setTimeout(timeout.ms, () => {
        this.retire(live)
        stream.destroy(timeout.error(answered))
      })
      stream.on('error', (error: Error) => {
        if (answered) return
        reject(refused(stream) ? new Refused(error.message, { cause: error }) : error)
      })
      stream.once('close', () => {
        live.streams--
        if (!answered) reject(refused(stream) ? new Refused('The server refused the stream.') : fault('ECONNRESET', 'The stream closed before an answer came.'))
      })
      stream.once('response', (fields) => {
        answered = true
        resolve({ statusCode: Number(fields[':status']), headers: responseHeaders(fields), body: stream })
      })
    })
  }

  async #open(url: URL): Promise<void> {
    const socket = await this.#handshake(url)
    if (socket.alpnProtocol !== 'h2') {
      core.debug(`${url.origin} offers HTTP/1.1 only: a connection per download in flight`)
      this.#http1.add(url.origin)
      socket.destroy()
      return
    }
    const { connect } = await import('node:http2')
    const session = connect(url.origin, {
      createConnection: () => socket,
      settings: { enablePush: false, initialWindowSize: this.#streamWindow },
      // Node refuses new streams once a session holds this many MiB: the windows may hold all of it.
      maxSessionMemory: Math.ceil((2 * WINDOWS_IN_ALL) / (1 << 20)),
    })
    this.#all.add(session)
    const live: Live = { origin: url.origin, session, streams: 0, retired: false }
    // After a GOAWAY the session takes no new stream; the next request opens another.
    session.on('goaway', () => this.#drop(live))
    session.on('error', () => this.#drop(live))
    session.on('close', () => {
      this.#drop(live)
      this.#all.delete(session)
    })
    // The server's SETTINGS say how many streams it takes at once; they come with its first bytes.
    await this.#settled(session)
    // Gone at once (a GOAWAY with the SETTINGS): this attempt's failure, not a reason to open another.
    if (session.destroyed || session.closed) throw closedEarly()
    if (session.remoteSettings.maxConcurrentStreams === 0) {
      session.close()
      throw new Error('the server takes no HTTP/2 streams (its SETTINGS_MAX_CONCURRENT_STREAMS is 0); `http2: false` asks it over HTTP/1.1')
    }
    session.setLocalWindowSize(CONNECTION_WINDOW)
    core.debug(`${url.origin} speaks HTTP/2: one connection carries up to ${session.remoteSettings.maxConcurrentStreams ?? 'any number of'} downloads from it`)
    this.#live.set(url.origin, [...(this.#live.get(url.origin) ?? []), live])
  }

  #settled(session: ClientHttp2Session): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        session.destroy()
        reject(timedOut())
      }, this.#timeoutMs)
      const done = (error?: Error): void => {
        clearTimeout(timer)
        session.off('remoteSettings', ok).off('error', done).off('close', closed)
        if (error) reject(error)
        else resolve()
      }
      const ok = (): void => done()
      const closed = (): void => done(closedEarly())
      session.once('remoteSettings', ok).once('error', done).once('close', closed)
    })
  }

  #handshake(url: URL): Promise<TLSSocket> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    // Server names are for host names: an IP address in SNI is not allowed (RFC 6066).
    const socket = tlsConnect({ host, port: Number(url.port || 443), servername: isIP(host) ? undefined : host, ALPNProtocols: ['h2', 'http/1.1'] })
    this.#all.add(socket)
    socket.on('close', () => this.#all.delete(socket))
    return new Promise((resolve, reject) => {
      socket.setTimeout(this.#timeoutMs, () => socket.destroy(timedOut()))
      socket.once('error', reject)
      socket.once('secureConnect', () => {
        socket.setTimeout(0)
        socket.off('error', reject)
        resolve(socket)
      })
    })
  }

  #drop(live: Live): void {
    live.retired = true
    const others = (this.#live.get(live.origin) ?? []).filter((each) => each !== live)
    if (others.length > 0) this.#live.set(live.origin, others)
    else this.#live.delete(live.origin)
  }
}

/** An error with the code Node's own network errors carry, by which networkError words it. */
function fault(code: 'ETIMEDOUT' | 'ECONNRESET' | 'ERR_STREAM_PREMATURE_CLOSE', message: string): Error {
  return Object.assign(new Error(message), { code })
}

const timedOut = (): Error => fault('ETIMEDOUT', 'The connection timed out.')
const closedEarly = (): Error => fault('ECONNRESET', 'The connection was closed before the response was complete.')

/** `promise`, or the signal's reason once it aborts, whichever comes first. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal === undefined) return promise
  return new Promise((resolve, reject) => {
    const abort = (): void => reject(signal.reason as Error)
    if (signal.aborted) return abort()
    signal.addEventListener('abort', abort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}

/**
 * Makes a body that did not end with END_STREAM fail. Node ends a stream's body alike when
 * END_STREAM came and when the stream was reset without an error code (NO_ERROR, CANCEL) or lost
 * with its connection: a body without a Content-Length would then pass for whole. END_STREAM is
 * the end that comes while the stream is still open; Node pushes another when it closes.
 */
function endsOnlyWhole(stream: ClientHttp2Stream): void {
  let ended = false
  const push = stream.push.bind(stream)
  stream.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (chunk !== null || ended) return push(chunk, encoding)
    if (!stream.closed) {
      ended = true
      return push(null)
    }
    // Not at once: Node goes on with the stream after this push.
    process.nextTick(() => stream.destroy(fault('ECONNRESET', 'The stream was closed before the body ended.')))
    return false
  }
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
  const end = (error?: Error): void => {
    if (done) return
    done = true
    failure = error
    wake?.()
  }
  // Events, not stream.finished: it takes an HTTP/2 stream whose frames have all come (`closed`)
  // for a stream closed before its end, while the last of them still wait to be read.
  const ended = (): void => end()
  const closed = (): void => end(fault('ERR_STREAM_PREMATURE_CLOSE', 'Premature close'))
  stream.on('data', take).on('end', ended).on('error', end).on('close', closed)
  // A stream may have ended or failed before its reader came: its events have gone by.
  if (stream.errored) end(stream.errored)
  else if (stream.readableEnded) ended()
  else if (stream.destroyed) closed()
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
    // The error listener stays: an error still on its way must not end the process.
    stream.off('data', take).off('end', ended).off('close', closed)
    if (!done) stream.destroy()
  }
}
