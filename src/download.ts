import { createHash, randomBytes, type Hash } from 'node:crypto'
import { open, rename, unlink, type FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Folders } from './folders.ts'
import type { Algorithm } from './manifest.ts'
import type { Download } from './plan.ts'
import { AttemptError, discard, get, networkError, statusError, type Connections, type Response } from './request.ts'

export interface DownloadOptions {
  connections: Connections
  folders: Folders
  /** Further attempts after a transient failure. */
  retries: number
  /** The first backoff delay; each retry doubles it, with jitter. */
  retryDelayMs: number
}

interface Attempted {
  download: Download
  attempts: number
  ms: number
}
export interface Downloaded extends Attempted {
  ok: true
  bytes: number
  sha256: string
}
export interface Failed extends Attempted {
  ok: false
  /** A sentence. */
  error: string
  /** The HTTP status of the last attempt, when there was one. */
  status?: number
}
export type DownloadResult = Downloaded | Failed

/** Downloads one entry, retrying transient failures. Never throws: a failure is a result. */
export async function download(item: Download, options: DownloadOptions): Promise<DownloadResult> {
  const started = performance.now()
  for (let attempts = 1; ; attempts++) {
    const outcome = await attempt(item, options)
    const done = { download: item, attempts, ms: Math.round(performance.now() - started) }
    if (!(outcome instanceof AttemptError)) return { ...done, ok: true, ...outcome }
    if (!outcome.retryable || attempts > options.retries) {
      return { ...done, ok: false, error: outcome.message, status: outcome.status }
    }
    await sleep(backoff(attempts, outcome.retryAfterMs, options.retryDelayMs))
  }
}

/** The longest wait between attempts, whatever the backoff or a Retry-After header asks. */
export const MAX_DELAY_MS = 60_000

/** Exponential backoff with jitter (half fixed, half random), unless the server said when to come back. */
export function backoff(attempt: number, retryAfterMs: number | undefined, baseMs: number, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_DELAY_MS)
  const delay = Math.min(baseMs * 2 ** (attempt - 1), MAX_DELAY_MS)
  return delay / 2 + (random() * delay) / 2
}

async function attempt(item: Download, options: DownloadOptions): Promise<{ bytes: number; sha256: string } | AttemptError> {
  try {
    await options.folders.ensure(dirname(item.destination)).catch(diskError(item))
    const response = await get(item.url, item.headers, options.connections)
    if (response.statusCode < 200 || response.statusCode > 299) {
      discard(response)
      return statusError(response)
    }
    return await save(response, item)
  } catch (error) {
    return networkError(error)
  }
}

/** Body bytes gathered before a write: smaller bodies are written in one go, larger ones in slices this big. */
const WRITE_BYTES = 1 << 20

// Temporary names are unique to this run without asking for randomness per file.
const TEMP_PREFIX = `.download-${randomBytes(4).toString('hex')}-`
let temps = 0

/**
 * Streams the body to disk and puts it at the destination only once it is whole and verified,
 * so the destination is never half-written and an old file there survives every failure.
 * A body smaller than WRITE_BYTES is verified in memory and then written with one file
 * creation (see `create`); a larger one goes to a temporary file beside the destination
 * that is renamed into place.
 */
async function save(response: Response, item: Download): Promise<{ bytes: number; sha256: string }> {
  const hashes = new Map<Algorithm, Hash>([['sha256', createHash('sha256')]])
  for (const algorithm of Object.keys(item.checksums) as Algorithm[]) hashes.set(algorithm, createHash(algorithm))
  const pending: Buffer[] = []
  let pendingBytes = 0
  let bytes = 0
  let temp: TempFile | undefined
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      bytes += chunk.length
      for (const hash of hashes.values()) hash.update(chunk)
      pending.push(chunk)
      pendingBytes += chunk.length
      if (pendingBytes > WRITE_BYTES) {
        temp ??= await TempFile.open(item)
        const written = pending.splice(0)
        await temp.write(written)
        release(written)
        pendingBytes = 0
      }
    }
    checkLength(response, bytes)
    const digests = new Map([...hashes].map(([algorithm, hash]) => [algorithm, hash.digest('hex')]))
    checkDigests(item, digests)
    if (temp !== undefined || !(await create(item, pending))) {
      temp ??= await TempFile.open(item)
      await temp.write(pending)
      await temp.commit()
    }
    release(pending)
    return { bytes, sha256: digests.get('sha256') ?? '' }
  } catch (error) {
    await temp?.discard()
    throw error
  }
}

/**
 * Writes a whole, verified body straight to its destination when nothing is there yet: one
 * file creation, as curl makes, instead of a temporary file and a rename, which on a CI
 * runner's disk cost about as much again. Returns false, having written nothing, when the
 * destination exists: that file must stay as it is until its replacement is whole.
 */
async function create(item: Download, chunks: Buffer[]): Promise<boolean> {
  let file: FileHandle
  try {
    file = await open(item.destination, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    return diskError(item)(error)
  }
  try {
    await writeAll(file, chunks, item)
    await file.close()
    return true
  } catch (error) {
    await file.close().catch(() => undefined)
    await unlink(item.destination).catch(() => undefined)
    throw error
  }
}

/** A temporary file beside the destination, renamed into place by commit() or removed by discard(). */
class TempFile {
  readonly #item: Download
  readonly #path: string
  readonly #file: FileHandle
  #open = true

  private constructor(item: Download, path: string, file: FileHandle) {
    this.#item = item
    this.#path = path
    this.#file = file
  }

  static async open(item: Download): Promise<TempFile> {
    const path = join(dirname(item.destination), `${TEMP_PREFIX}${++temps}.tmp`)
    return new TempFile(item, path, await open(path, 'wx').catch(diskError(item)))
  }

  write(chunks: Buffer[]): Promise<void> {
    return writeAll(this.#file, chunks, this.#item)
  }

  async commit(): Promise<void> {
    this.#open = false
    await this.#file.close().catch(diskError(this.#item))
    await rename(this.#path, this.#item.destination).catch(diskError(this.#item))
  }

  async discard(): Promise<void> {
    if (this.#open) await this.#file.close().catch(() => undefined)
    await unlink(this.#path).catch(() => undefined)
  }
}

/**
 * Frees the memory of body chunks that have been hashed and written. Each socket read gets
 * a fresh 64 KiB buffer that V8 collects only once some 64 MiB of them are garbage, which
 * would make a large download's memory grow by that much; detaching them frees it now.
 */
function release(chunks: Buffer[]): void {
  for (const { buffer } of chunks) if (buffer instanceof ArrayBuffer && !buffer.detached) buffer.transfer(0)
}

/** One writev for the chunks, however many; a short write (rare, on a full disk) is finished with plain writes. */
async function writeAll(file: FileHandle, chunks: Buffer[], item: Download): Promise<void> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0)
  let written = total === 0 ? 0 : (await file.writev(chunks).catch(diskError(item))).bytesWritten
  if (written === total) return
  const data = Buffer.concat(chunks)
  while (written < total) written += (await file.write(data, written).catch(diskError(item))).bytesWritten
}

function checkLength(response: Response, bytes: number): void {
  const declared = response.headers['content-length']
  if (typeof declared === 'string' && response.headers['content-encoding'] === undefined && Number(declared) !== bytes) {
    throw new AttemptError(`The body ended after ${bytes} of ${declared} bytes.`, true)
  }
}

function checkDigests(item: Download, digests: Map<Algorithm, string>): void {
  for (const [algorithm, expected] of Object.entries(item.checksums) as [Algorithm, string][]) {
    const actual = digests.get(algorithm)
    if (actual !== expected) throw new AttemptError(`The ${algorithm} is ${actual}, not the pinned ${expected}.`, false)
  }
}

/** File-system failures are not the network's: they are reported as they are and not retried. */
function diskError(item: Download): (error: unknown) => never {
  return (error) => {
    const message = error instanceof Error ? error.message : String(error)
    throw new AttemptError(`Could not write '${item.path}': ${message}.`, false)
  }
}
