import { createHash, randomBytes, type Hash } from 'node:crypto'
import { open, rename, unlink, type FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Dispatcher } from 'undici'
import type { Folders } from './folders.ts'
import type { Algorithm } from './manifest.ts'
import type { Download } from './plan.ts'
import { AttemptError, get, networkError, statusError, type Response } from './request.ts'

export interface DownloadOptions {
  dispatcher: Dispatcher
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
    const response = await get(item.url, item.headers, options.dispatcher)
    if (response.statusCode < 200 || response.statusCode > 299) {
      await response.body.dump()
      return statusError(response)
    }
    return await save(response, item)
  } catch (error) {
    return networkError(error)
  }
}

/**
 * Streams the body into a temporary file beside the destination and renames it into place
 * only once it is whole and verified, so the destination is never half-written and an old
 * file there survives every failure.
 */
async function save(response: Response, item: Download): Promise<{ bytes: number; sha256: string }> {
  const temp = join(dirname(item.destination), `.download-${randomBytes(6).toString('hex')}.tmp`)
  const hashes = new Map<Algorithm, Hash>([['sha256', createHash('sha256')]])
  for (const algorithm of Object.keys(item.checksums) as Algorithm[]) hashes.set(algorithm, createHash(algorithm))
  const file = await open(temp, 'wx').catch(diskError(item))
  let bytes = 0
  try {
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        bytes += chunk.length
        for (const hash of hashes.values()) hash.update(chunk)
        await writeAll(file, chunk).catch(diskError(item))
      }
    } finally {
      await file.close()
    }
    checkLength(response, bytes)
    const digests = new Map([...hashes].map(([algorithm, hash]) => [algorithm, hash.digest('hex')]))
    checkDigests(item, digests)
    await rename(temp, item.destination).catch(diskError(item))
    return { bytes, sha256: digests.get('sha256') ?? '' }
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
}

async function writeAll(file: FileHandle, chunk: Buffer): Promise<void> {
  for (let offset = 0; offset < chunk.length; ) offset += (await file.write(chunk, offset)).bytesWritten
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
