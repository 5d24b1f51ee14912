import { Agent as HttpAgent, STATUS_CODES, request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import { reason } from './format.ts'
import { mergeHeaders, type Headers } from './headers.ts'
import { Refused, Sessions, type Live } from './sessions.ts'

const MAX_REDIRECTS = 10
const REDIRECTS = new Set([301, 302, 303, 307, 308])
/** What every request carries, to any origin: the file on disk must be the resource, so no encoding is asked for. */
const ANONYMOUS: Headers = { 'User-Agent': 'parallel-download-action', 'Accept-Encoding': 'identity' }

interface Client {
  request: typeof httpRequest
  agent: HttpAgent
}

// p-map bounds the requests in flight, so the agents need no bound of their own; lifo reuses
// the socket that was busy last, which is the one least likely to have been closed.
const AGENT_OPTIONS = { keepAlive: true, keepAliveMsecs: 30_000, maxFreeSockets: 256, scheduling: 'lifo' as const }

/** How many times a request the server did not take (a stream refused, a session gone away) is sent again at once. */
const REFUSED_TRIES = 3

/**
 * The connections of a run, shared by every download: an HTTP/2 session per https origin that
 * offers it, and a keep-alive agent per scheme for the rest. node:http rather than undici, and
 * TLS only once an https URL comes: loading undici takes longer than Node's own start, and TLS
 * is not needed for http (docs/benchmarks.md).
 */
export class Connections {
  /** How long a request may go without receiving a byte. */
  readonly timeoutMs: number
  readonly #options: typeof AGENT_OPTIONS & { proxyEnv?: NodeJS.ProcessEnv }
  readonly #http: Client
  #https: Promise<Client> | undefined
  /** None behind a proxy: Node's agents speak to proxies, its HTTP/2 client does not. */
  readonly #sessions: Sessions | undefined

  /**
   * HTTP_PROXY, HTTPS_PROXY and NO_PROXY, in either case, as self-hosted runners behind a
   * proxy set them, are honoured by Node's own agents (`proxyEnv`).
   */
  constructor({ timeoutMs, concurrency, http2 = true }: { timeoutMs: number; concurrency: number; http2?: boolean }, env: NodeJS.ProcessEnv = process.env) {
    this.timeoutMs = timeoutMs
    const proxied = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'].some((name) => env[name])
    this.#options = proxied ? { ...AGENT_OPTIONS, proxyEnv: env } : AGENT_OPTIONS
    this.#http = { request: httpRequest, agent: new HttpAgent(this.#options) }
    this.#sessions = proxied || !http2 ? undefined : new Sessions(timeoutMs, concurrency)
  }

  /** A place on an HTTP/2 session for `url`, when its origin speaks HTTP/2. */
  async stream(url: URL, signal?: AbortSignal): Promise<{ sessions: Sessions; live: Live } | undefined> {
    const live = url.protocol === 'https:' ? await this.#sessions?.take(url, signal) : undefined
    return live && this.#sessions && { sessions: this.#sessions, live }
  }

  client(url: URL): Client | Promise<Client> {
    if (url.protocol === 'http:') return this.#http
    this.#https ??= import('node:https').then(({ request, Agent }) => ({ request, agent: new Agent(this.#options) }))
    return this.#https
  }

  close(): void {
    this.#sessions?.close()
    this.#http.agent.destroy()
    void this.#https?.then((client) => client.agent.destroy())
  }
}

/** Why an attempt failed, and whether trying again may help. */
export class AttemptError extends Error {
  readonly retryable: boolean
  readonly status?: number
  readonly retryAfterMs?: number
  constructor(message: string, retryable: boolean, status?: number, retryAfterMs?: number) {
    super(message)
    this.retryable = retryable
    this.status = status
    this.retryAfterMs = retryAfterMs
  }
}

export interface Response {
  url: URL
  statusCode: number
  headers: IncomingHttpHeaders
  body: Readable
  /** Whether the body comes in HTTP/2 DATA frames. */
  http2?: true
}

/**
 * GETs `url`, following redirects here so that the headers `own` gives for a URL go to `url`'s
 * own origin only: a redirect elsewhere (a pre-signed storage URL, say) gets none of them.
 * `everywhere` gives the headers for each URL on the way, whatever its origin (a Range, say).
 * Resolves with the first non-redirect response, whatever its status.
 */
export async function get(url: URL, own: (url: URL) => Headers, connections: Connections, everywhere: (url: URL) => Headers = () => ({}), signal?: AbortSignal): Promise<Response> {
  const visited = new Set([url.href])
  let current = url
  for (;;) {
    const more = everywhere(current)
    const anywhere = Object.keys(more).length > 0 ? mergeHeaders(ANONYMOUS, more) : ANONYMOUS
    const response = await send(current, current.origin === url.origin ? mergeHeaders(anywhere, own(current)) : anywhere, connections, signal)
    if (!REDIRECTS.has(response.statusCode)) return response
    discard(response)
    current = nextUrl(current, response.statusCode, response.headers.location, visited)
  }
}

/** One request, over HTTP/2 where the origin offers it. */
async function send(url: URL, headers: Headers, connections: Connections, signal?: AbortSignal): Promise<Response> {
  const timeout = { ms: connections.timeoutMs, error: timedOut }
  for (let tries = 1; ; tries++) {
    const place = await connections.stream(url, signal)
    if (place === undefined) return sendHttp1(url, headers, connections, signal)
    try {
      return { url, ...(await place.sessions.request(place.live, url, headers, timeout, signal)), http2: true }
    } catch (error) {
      if (!(error instanceof Refused) || tries === REFUSED_TRIES || signal?.aborted) throw error
    }
  }
}

function timedOut(answered: boolean): AttemptError {
  return answered ? new AttemptError('The body stalled: no data arrived before the timeout.', true) : new AttemptError('No response arrived before the timeout.', true)
}

/** One HTTP/1.1 request. A socket idle for `timeoutMs`, before the response or inside its body, fails it; so does `signal`. */
async function sendHttp1(url: URL, headers: Headers, connections: Connections, signal?: AbortSignal): Promise<Response> {
  const client = await connections.client(url)
  return new Promise((resolve, reject) => {
    let body: IncomingMessage | undefined
    const request = client.request(url, { headers, agent: client.agent, timeout: connections.timeoutMs, signal })
    request.on('timeout', () => (body ?? request).destroy(timedOut(body !== undefined)))
    // A body that ends when the connection does (no Content-Length, no chunks) is complete as
    // far as Node's parser can tell even when a reset cut it: only the request hears of the
    // reset, so the body must be told. (A body with a length or chunks knows its own end; an
    // error after it, such as bytes a broken server sent past it, is no part of it.) The body's
    // own listener keeps an error that comes when nobody reads it (a discarded body) from
    // ending the process.
    request.on('error', (error) => {
      if (body === undefined) reject(reused(request, error))
      else if (!body.readableEnded && closeDelimited(body)) body.destroy(error)
    })
    request.on('response', (response) => {
      body = response
      response.on('error', () => undefined)
      resolve({ url, statusCode: response.statusCode ?? 0, headers: response.headers, body: response })
    })
    request.end()
  })
}

function closeDelimited(body: IncomingMessage): boolean {
  return body.headers['content-length'] === undefined && !/\bchunked\b/i.test(body.headers['transfer-encoding'] ?? '')
}

/**
 * An answer that is not HTTP on a kept-alive connection may be what a broken server sent after
 * the last one (a 304 with a body, bytes past a Content-Length): the next attempt, on a new
 * connection, may go well.
 */
function reused(request: ClientRequest, error: Error): Error {
  const what = notHttp(error)
  return request.reusedSocket && what !== undefined ? new AttemptError(`The answer on a reused connection was not valid HTTP (${what}).`, true) : error
}

/** What llhttp found wrong, when the error is its (the other end does not speak HTTP there, or speaks it wrongly). */
function notHttp(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && code.startsWith('HPE_') ? reason(error).replace(/^Parse Error: /, '') : undefined
}

/** Drops a body that is not wanted, keeping the connection for the next request when it is small. */
export function discard(response: Response): void {
  // A 304's and a 204's body is empty whatever their headers say: the connection stays.
  const length = [204, 304].includes(response.statusCode) ? 0 : Number(response.headers['content-length'] ?? Infinity)
  if (length <= 65_536) response.body.resume()
  else response.body.destroy()
}

function nextUrl(current: URL, status: number, location: string | undefined, visited: Set<string>): URL {
  if (location === undefined) throw new AttemptError(`The server answered ${status} without a Location to redirect to.`, false, status)
  const next = URL.parse(location, current.href)
  if (next === null || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
    throw new AttemptError(`The server redirected to '${location}', which is not an http or https URL.`, false, status)
  }
  if (visited.has(next.href)) throw new AttemptError(`Redirect loop: ${next.href} was reached twice.`, false, status)
  if (visited.size > MAX_REDIRECTS) throw new AttemptError(`More than ${MAX_REDIRECTS} redirects.`, false, status)
  visited.add(next.href)
  return next
}

/** The answer to a status outside 2xx: 408, 429 and 5xx may pass, other 4xx will not. */
export function statusError(response: Response, now = Date.now()): AttemptError {
  const { statusCode } = response
  const retryable = statusCode === 408 || statusCode === 429 || statusCode >= 500
  const retryAfter = response.headers['retry-after']
  const retryAfterMs = retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, now)
  const reason = STATUS_CODES[statusCode] ? ` ${STATUS_CODES[statusCode]}` : ''
  return new AttemptError(`The server answered ${statusCode}${reason}.`, retryable, statusCode, retryAfterMs)
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string, now: number): number | undefined {
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

const NETWORK_MESSAGES: Record<string, string> = {
  ECONNREFUSED: 'The connection was refused.',
  ECONNRESET: 'The connection was closed before the response was complete.',
  EPIPE: 'The connection was closed while sending the request.',
  ETIMEDOUT: 'The connection timed out.',
  EAI_AGAIN: 'The host name could not be resolved for now.',
  ENETUNREACH: 'The network is unreachable.',
  EHOSTUNREACH: 'The host is unreachable.',
  ERR_STREAM_PREMATURE_CLOSE: 'The connection was closed before the response was complete.',
  ERR_HTTP2_STREAM_CANCEL: 'The connection was closed before the response was complete.',
  ERR_HTTP2_GOAWAY_SESSION: 'The connection was closed before the response was complete.',
  ERR_HTTP2_INVALID_SESSION: 'The connection was closed before the response was complete.',
}

/** HTTP/2's error codes (RFC 9113, 7), which Node names for a stream and numbers for a session. */
const HTTP2_ERRORS = ['NO_ERROR', 'PROTOCOL_ERROR', 'INTERNAL_ERROR', 'FLOW_CONTROL_ERROR', 'SETTINGS_TIMEOUT', 'STREAM_CLOSED', 'FRAME_SIZE_ERROR', 'REFUSED_STREAM', 'CANCEL', 'COMPRESSION_ERROR', 'CONNECT_ERROR', 'ENHANCE_YOUR_CALM', 'INADEQUATE_SECURITY', 'HTTP_1_1_REQUIRED']

/**
 * A reset of one stream, or of the whole connection, by the server or by Node's own checks of
 * what it sent: the next attempt may go well, and another download on the connection was not at fault.
 */
function http2Error(error: unknown): AttemptError | undefined {
  const reset = /^(Stream|Session) closed with error code (?:NGHTTP2_)?(\w+)$/.exec(reason(error))
  if (reset) {
    const name = HTTP2_ERRORS[Number(reset[2])] ?? reset[2]
    return new AttemptError(reset[1] === 'Stream' ? `The HTTP/2 stream was reset (${name}).` : `The HTTP/2 connection was closed (${name}).`, true)
  }
  if ((error as { code?: unknown }).code === 'ERR_HTTP2_ERROR') return new AttemptError(`The server's HTTP/2 answer was not valid (${reason(error)}); the connection was closed.`, true)
  return undefined
}

/** Turns an error thrown while requesting or reading a body into an AttemptError. */
export function networkError(error: unknown): AttemptError {
  if (error instanceof AttemptError) return error
  if (error instanceof Refused) return new AttemptError('The server did not take the request (it refused the HTTP/2 stream).', true)
  const http2 = http2Error(error)
  if (http2) return http2
  const code = (error as { code?: unknown }).code
  const known = typeof code === 'string' ? NETWORK_MESSAGES[code] : undefined
  if (known) return new AttemptError(known, true)
  if (code === 'ENOTFOUND') return new AttemptError('The host name could not be resolved.', false)
  const what = notHttp(error)
  if (what !== undefined) return new AttemptError(`The server's answer is not valid HTTP (${what}); check the URL's scheme and port.`, false)
  return new AttemptError(`The request failed: ${reason(error)}.`, false)
}
