import { createHash, randomBytes, type Hash } from 'node:crypto'
import { constants } from 'node:fs'
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
/** How an entry came to be at its destination: over the network, or already there. */
export type Source = 'downloaded' | 'up-to-date'

export interface Succeeded extends Attempted {
  ok: true
  status: Source
  bytes: number
  sha256: string
}
export interface Failed extends Attempted {
  ok: false
  /** A sentence. */
  error: string
  /** The HTTP status of the last attempt, when there was one. */
  httpStatus?: number
}
export type DownloadResult = Succeeded | Failed

interface Content {
  bytes: number
  sha256: string
}

/**
 * Puts one entry at its destination: nothing to do when the file there already matches every
 * pinned checksum, else a download, retrying transient failures. Never throws: a failure is a result.
 */
export async function download(item: Download, options: DownloadOptions): Promise<DownloadResult> {
  const started = performance.now()
  const elapsed = (): number => Math.round(performance.now() - started)
  const current = await upToDate(item, options.folders)
  if (current) return { download: item, attempts: 0, ms: elapsed(), ok: true, status: 'up-to-date', ...current }
  for (let attempts = 1; ; attempts++) {
    const outcome = await attempt(item, options)
    const done = { download: item, attempts, ms: elapsed() }
    if (!(outcome instanceof AttemptError)) return { ...done, ok: true, status: 'downloaded', ...outcome }
    if (!outcome.retryable || attempts > options.retries) {
      return { ...done, ok: false, error: outcome.message, httpStatus: outcome.status }
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

/**
 * The destination's size and sha256 when it is a regular file that matches every pinned
 * checksum; undefined when nothing is pinned, or it is missing, different, or a symlink
 * (which a checked-out pull request could point anywhere).
 */
async function upToDate(item: Download, folders: Folders): Promise<Content | undefined> {
  if (Object.keys(item.checksums).length === 0) return undefined
  const hashes = hashesFor(item)
  let bytes = 0
  try {
    await folders.ensure(dirname(item.destination))
    const file = await open(item.destination, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
    for await (const chunk of file.createReadStream({ highWaterMark: WRITE_BYTES }) as AsyncIterable<Buffer>) {
      bytes += chunk.length
      for (const hash of hashes.values()) hash.update(chunk)
    }
  } catch {
    return undefined
  }
  const digests = digestsOf(hashes)
  return mismatch(item, digests) === undefined ? { bytes, sha256: digests.get('sha256') ?? '' } : undefined
}

async function attempt(item: Download, options: DownloadOptions): Promise<Content | AttemptError> {
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
async function save(response: Response, item: Download): Promise<Content> {
  const hashes = hashesFor(item)
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
    const digests = digestsOf(hashes)
    const wrong = mismatch(item, digests)
    if (wrong !== undefined) throw new AttemptError(wrong, false)
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

/** sha256 always, for the results; every pinned algorithm besides. */
function hashesFor(item: Download): Map<Algorithm, Hash> {
  const hashes = new Map<Algorithm, Hash>([['sha256', createHash('sha256')]])
  for (const algorithm of Object.keys(item.checksums) as Algorithm[]) hashes.set(algorithm, createHash(algorithm))
  return hashes
}

function digestsOf(hashes: Map<Algorithm, Hash>): Map<Algorithm, string> {
  return new Map([...hashes].map(([algorithm, hash]) => [algorithm, hash.digest('hex')]))
}

/** Why the digests don't match the pins, or undefined when they do. */
function mismatch(item: Download, digests: Map<Algorithm, string>): string | undefined {
  for (const [algorithm, expected] of Object.entries(item.checksums) as [Algorithm, string][]) {
    const actual = digests.get(algorithm)
    if (actual !== expected) return `The ${algorithm} is ${actual}, not the pinned ${expected}.`
  }
  return undefined
}

/** File-system failures are not the network's: they are reported as they are and not retried. */
function diskError(item: Download): (error: unknown) => never {
  return (error) => {
    const message = error instanceof Error ? error.message : String(error)
    throw new AttemptError(`Could not write '${item.path}': ${message}.`, false)
  }
}
