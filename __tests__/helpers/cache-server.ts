// A stand-in for GitHub's Actions cache service (v2) on 127.0.0.1, for the real @actions/cache to
// save to and restore from: the three Twirp routes its client calls, and the storage blobs that the
// signed URLs it hands out point at, taking uploads and serving downloads as the Azure SDK makes them.
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { CACHE_WRITE_DENIED_PREFIX } from '@actions/cache'

const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/'
/** The container the real service keeps archives in; a blob's path ends with /actions-cache/ID. */
const BLOB_PATH = /\/actions-cache\/(\d+)$/
/** A host @actions/cache takes for Azure storage, restoring through the Azure SDK rather than one GET. */
const AZURE_HOST = 'cache.blob.core.windows.net'

export interface CacheEntry {
  key: string
  version: string
  /** Bytes of the archive, as uploaded. */
  size: number
}

export interface CacheServerOptions {
  /**
   * Hand out blob URLs on an Azure storage host, which env() sends through this server as an
   * HTTP proxy: @actions/cache then restores as on a real runner, with the Azure SDK (Get Blob
   * Properties, then ranged Get Blobs of 4 MiB) rather than the one plain GET it makes elsewhere.
   */
  azure?: boolean
}

export interface CacheServer {
  /** Base URL, without a trailing slash. */
  url: string
  /** Finalized entries, oldest first. */
  entries(): CacheEntry[]
  /** Every request, in arrival order, by route: a Twirp method, or a blob operation as Azure names it. */
  requests: { route: string; method: string; path: string; headers: IncomingHttpHeaders }[]
  /** Requests per route: CreateCacheEntry, PutBlob, PutBlock, PutBlockList, GetBlobProperties, GetBlob... */
  count(route: string): number
  /** CreateCacheEntry refuses as the service does when the run's token is read-only. */
  denyWrites: boolean
  /**
   * While set, every Twirp call answers with this status and a Twirp error. @actions/cache retries
   * 500, 502, 503 and 504 five times, waiting 3 s and more in between (about 25 s in all); other
   * statuses fail at once.
   */
  failStatus: number | undefined
  /** The variables a runner sets that point @actions/cache here; it reads them at each call. */
  env(): Record<string, string>
  /** Forgets every entry and every request. */
  clear(): void
  close(): Promise<void>
}

interface Stored {
  id: number
  key: string
  version: string
  /** The `sig` of its upload URL and of its download URL, which only open their own operations. */
  sig: { upload: string; download: string }
  /** Put Block's blocks by id, until Put Block List joins them. */
  blocks: Map<string, Buffer>
  blob?: Buffer
  finalized: boolean
}

interface Answer {
  status: number
  body: unknown
}

type Json = Record<string, unknown>

export async function startCacheServer({ azure = false }: CacheServerOptions = {}): Promise<CacheServer> {
  const token = randomUUID()
  const sockets = new Set<Socket>()
  let stored: Stored[] = []
  let nextId = 1
  const state: CacheServer = {
    url: '',
    entries: () => stored.filter((entry) => entry.finalized).map(({ key, version, blob }) => ({ key, version, size: blob?.length ?? 0 })),
    requests: [],
    count: (route) => state.requests.filter((request) => request.route === route).length,
    denyWrites: false,
    failStatus: undefined,
    env: () => ({
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: `${state.url}/`,
      ACTIONS_RUNTIME_TOKEN: token,
      // Any other host is GHES, where @actions/cache falls back to the v1 service.
      GITHUB_SERVER_URL: 'https://github.com',
      // A token that may read and write; under 'read' @actions/cache skips saves without asking.
      ACTIONS_CACHE_MODE: 'write',
      // The Azure SDK takes HTTPS_PROXY before HTTP_PROXY; @actions/http-client never proxies 127.0.0.1.
      ...(azure ? { HTTPS_PROXY: state.url, HTTP_PROXY: state.url } : {}),
    }),
    clear: () => {
      stored = []
      state.requests.length = 0
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }

  const blobUrl = (entry: Stored, permissions: 'cw' | 'r'): string => {
    // IP-style storage URLs (Azurite's) carry the account in the path; the Azure SDK insists on it.
    const base = azure ? `http://${AZURE_HOST}` : `${state.url}/cache`
    const sig = permissions === 'r' ? entry.sig.download : entry.sig.upload
    const expiry = new Date(Date.now() + 3600_000).toISOString()
    return `${base}/actions-cache/${entry.id}?sv=2025-01-05&sr=b&sp=${permissions}&se=${encodeURIComponent(expiry)}&sig=${sig}`
  }

  const twirp: Record<string, (request: Json) => Answer> = {
    CreateCacheEntry: ({ key, version }) => {
      if (typeof key !== 'string' || typeof version !== 'string') return twirpError(400, 'invalid_argument', 'key and version are required')
      if (state.denyWrites) {
        // A refusal in the answer, not an HTTP error: @actions/cache matches the message's prefix.
        return { status: 200, body: { ok: false, signed_upload_url: '', message: `${CACHE_WRITE_DENIED_PREFIX} the token for this run is read-only` } }
      }
      // Finalized or still uploading: either way the key and version are taken.
      if (stored.some((entry) => entry.key === key && entry.version === version)) {
        return twirpError(409, 'already_exists', 'cache entry with the same key, version, and scope already exists')
      }
      const entry: Stored = { id: nextId++, key, version, sig: { upload: signature(), download: signature() }, blocks: new Map(), finalized: false }
      stored.push(entry)
      return { status: 200, body: { ok: true, signed_upload_url: blobUrl(entry, 'cw'), message: '' } }
    },
    FinalizeCacheEntryUpload: ({ key, version, size_bytes }) => {
      const entry = stored.find((candidate) => candidate.key === key && candidate.version === version && !candidate.finalized)
      if (!entry) return twirpError(404, 'not_found', 'cache entry not found')
      if (entry.blob?.length !== Number(size_bytes)) {
        return { status: 200, body: { ok: false, entry_id: '0', message: `uploaded ${entry.blob?.length ?? 0} bytes, not ${String(size_bytes)}` } }
      }
      entry.finalized = true
      return { status: 200, body: { ok: true, entry_id: String(entry.id), message: '' } }
    },
    GetCacheEntryDownloadURL: ({ key, restore_keys, version }) => {
      const keys = [key, ...(Array.isArray(restore_keys) ? (restore_keys as unknown[]) : [])].filter((each): each is string => typeof each === 'string')
      const entry = match(stored.filter((candidate) => candidate.finalized && candidate.version === version).reverse(), keys)
      if (!entry) return { status: 200, body: { ok: false, signed_download_url: '', matched_key: '' } }
      return { status: 200, body: { ok: true, signed_download_url: blobUrl(entry, 'r'), matched_key: entry.key } }
    },
  }

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    // Through the proxy, the request line holds the whole URL.
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const body = await read(request)
    if (url.pathname.startsWith(TWIRP)) {
      const method = url.pathname.slice(TWIRP.length)
      state.requests.push({ route: method, method: request.method ?? '', path: url.pathname, headers: request.headers })
      const answer =
        request.headers.authorization !== `Bearer ${token}` ? twirpError(401, 'unauthenticated', 'invalid token')
        : state.failStatus !== undefined ? twirpError(state.failStatus, 'internal', 'the cache service is failing')
        : (twirp[method]?.(parse(body)) ?? twirpError(404, 'bad_route', `no handler for ${url.pathname}`))
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body))
      return
    }
    const id = Number(BLOB_PATH.exec(url.pathname)?.[1])
    const route = blobOperation(request.method ?? '', url.searchParams.get('comp'))
    state.requests.push({ route, method: request.method ?? '', path: url.pathname + url.search, headers: request.headers })
    const entry = stored.find((candidate) => candidate.id === id)
    if (!entry) return storageError(response, 404, 'BlobNotFound')
    if (url.searchParams.get('sig') !== (request.method === 'PUT' ? entry.sig.upload : entry.sig.download)) {
      return storageError(response, 403, 'AuthenticationFailed')
    }
    storage(route, entry, url, request.headers, body, response)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500)
      response.end(String(error))
    })
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return state
}

/**
 * As the service searches: for each key in turn, an exact match, else the newest entry that the
 * key is a prefix of. `newestFirst` holds only entries of the requested version.
 */
function match(newestFirst: Stored[], keys: string[]): Stored | undefined {
  for (const key of keys) {
    const found = newestFirst.find((entry) => entry.key === key) ?? newestFirst.find((entry) => entry.key.startsWith(key))
    if (found) return found
  }
  return undefined
}

function blobOperation(method: string, comp: string | null): string {
  if (method === 'PUT') return comp === 'block' ? 'PutBlock' : comp === 'blocklist' ? 'PutBlockList' : 'PutBlob'
  if (method === 'HEAD') return 'GetBlobProperties'
  return method === 'GET' ? 'GetBlob' : method
}

/** A blob operation, on an entry whose signature the request carries. */
function storage(route: string, entry: Stored, url: URL, headers: IncomingHttpHeaders, body: Buffer, response: ServerResponse): void {
  switch (route) {
    case 'PutBlob':
      entry.blob = body
      entry.blocks.clear()
      return void response.writeHead(201, { etag: etag(body) }).end()
    case 'PutBlock':
      entry.blocks.set(url.searchParams.get('blockid') ?? '', body)
      return void response.writeHead(201).end()
    case 'PutBlockList': {
      // <BlockList><Latest>id</Latest>...</BlockList>: the blob is the listed blocks, in order.
      const parts = [...body.toString().matchAll(/<(?:Latest|Uncommitted)>([^<]*)</g)].map(([, id]) => entry.blocks.get(id ?? ''))
      if (parts.some((part) => part === undefined)) return storageError(response, 400, 'InvalidBlockList')
      entry.blob = Buffer.concat(parts as Buffer[])
      entry.blocks.clear()
      return void response.writeHead(201, { etag: etag(entry.blob) }).end()
    }
    case 'GetBlobProperties':
    case 'GetBlob':
      if (!entry.blob) return storageError(response, 404, 'BlobNotFound')
      return download(entry.blob, route === 'GetBlob', headers, response)
    default:
      return storageError(response, 405, 'UnsupportedHttpVerb')
  }
}

/** The blob, or the part of it that x-ms-range (the Azure SDK's) or Range asks for. */
function download(body: Buffer, withBody: boolean, headers: IncomingHttpHeaders, response: ServerResponse): void {
  const common: OutgoingHttpHeaders = { 'accept-ranges': 'bytes', etag: etag(body), 'x-ms-blob-type': 'BlockBlob', 'content-type': 'application/octet-stream' }
  const range = /^bytes=(\d+)-(\d*)$/.exec(String(headers['x-ms-range'] ?? headers.range ?? ''))
  if (!range) {
    response.writeHead(200, { ...common, 'content-length': body.length })
    return void response.end(withBody ? body : undefined)
  }
  const start = Number(range[1])
  const end = Math.min(range[2] ? Number(range[2]) : body.length - 1, body.length - 1)
  if (start > end) return storageError(response, 416, 'InvalidRange')
  const part = body.subarray(start, end + 1)
  response.writeHead(206, { ...common, 'content-length': part.length, 'content-range': `bytes ${start}-${end}/${body.length}` })
  response.end(withBody ? part : undefined)
}

function twirpError(status: number, code: string, msg: string): Answer {
  return { status, body: { code, msg } }
}

/** Azure storage's error: its code in a header and in an XML body. */
function storageError(response: ServerResponse, status: number, code: string): void {
  response
    .writeHead(status, { 'x-ms-error-code': code, 'content-type': 'application/xml' })
    .end(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`)
}

function etag(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`
}

function signature(): string {
  return randomBytes(24).toString('base64url')
}

function parse(body: Buffer): Json {
  try {
    const value: unknown = JSON.parse(body.toString())
    return typeof value === 'object' && value !== null ? (value as Json) : {}
  } catch {
    return {}
  }
}

async function read(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
