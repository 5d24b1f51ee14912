import { STATUS_CODES } from 'node:http'
import { Agent, request, type Dispatcher } from 'undici'
import { mergeHeaders, type Headers } from './headers.ts'

const MAX_REDIRECTS = 10
const REDIRECTS = new Set([301, 302, 303, 307, 308])
const USER_AGENT = 'parallel-download-action'

/** The one dispatcher of a run: keep-alive connections shared by every download. */
export function createDispatcher(timeoutMs: number): Agent {
  return new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  })
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
  headers: Dispatcher.ResponseData['headers']
  body: Dispatcher.ResponseData['body']
}

/**
 * GETs `url`, following redirects here rather than in undici so that `headers` go to the
 * URL's own origin only: a redirect elsewhere (a pre-signed storage URL, say) gets none of them.
 * Resolves with the first non-redirect response, whatever its status.
 */
export async function get(url: URL, headers: Headers, dispatcher: Dispatcher): Promise<Response> {
  const visited = new Set([url.href])
  let current = url
  for (;;) {
    const sent = mergeHeaders({ 'User-Agent': USER_AGENT }, current.origin === url.origin ? headers : {})
    const response = await request(current, { dispatcher, method: 'GET', headers: sent })
    if (!REDIRECTS.has(response.statusCode)) return { url: current, ...response }
    await response.body.dump()
    current = nextUrl(current, response.statusCode, response.headers.location, visited)
  }
}

function nextUrl(current: URL, status: number, location: string | string[] | undefined, visited: Set<string>): URL {
  if (typeof location !== 'string') throw new AttemptError(`The server answered ${status} without a Location to redirect to.`, false, status)
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
  const retryAfterMs = typeof retryAfter === 'string' ? parseRetryAfter(retryAfter, now) : undefined
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
  ECONNRESET: 'The connection was reset.',
  EPIPE: 'The connection was closed while sending the request.',
  ETIMEDOUT: 'The connection timed out.',
  EAI_AGAIN: 'The host name could not be resolved for now.',
  ENETUNREACH: 'The network is unreachable.',
  EHOSTUNREACH: 'The host is unreachable.',
  UND_ERR_SOCKET: 'The connection was closed before the response was complete.',
  UND_ERR_CONNECT_TIMEOUT: 'Could not connect before the timeout.',
  UND_ERR_HEADERS_TIMEOUT: 'No response arrived before the timeout.',
  UND_ERR_BODY_TIMEOUT: 'The body stalled: no data arrived before the timeout.',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'The body did not match its Content-Length.',
  UND_ERR_CLOSED: 'The connection was closed.',
}

/** Turns an error thrown while requesting or reading a body into an AttemptError. */
export function networkError(error: unknown): AttemptError {
  if (error instanceof AttemptError) return error
  const code = (error as { code?: unknown }).code
  const known = typeof code === 'string' ? NETWORK_MESSAGES[code] : undefined
  if (known) return new AttemptError(known, true)
  if (code === 'ENOTFOUND') return new AttemptError('The host name could not be resolved.', false)
  return new AttemptError(`The request failed: ${error instanceof Error ? error.message : String(error)}.`, false)
}
