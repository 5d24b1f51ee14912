import * as core from '@actions/core'
import { lstatSync } from 'node:fs'
import { STATUS_CODES } from 'node:http'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Folders } from './folders.ts'
import type { ArchiveType } from './manifest.ts'
import type { Download } from './plan.ts'
import { conditionalHeaders, fromStores, keep, known, notModified, pinnedContent, validatorsOf, type Known, type Validators } from './reuse.ts'
import type { Store } from './store.ts'
import { dispose, temporary } from './temporaries.ts'
import { reason, shortened } from './format.ts'
import { AttemptError, discard, get, networkError, statusError, type Connections } from './request.ts'
import { diskError, Transfer, type Content } from './transfer.ts'

/**
 * What a download says while it runs: progress lines for one that takes a while (the first after
 * `afterMs`, then one every `everyMs`, none while it waits to try again), and each failed
 * attempt that will be tried again, with the wait before the next.
 */
export interface Progress {
  afterMs: number
  everyMs: number
  report: (item: Download, bytes: number, total: number | undefined, bytesPerSecond: number) => void
  retrying: (item: Download, attempt: number, failure: AttemptError, waitMs: number) => void
}

export interface DownloadOptions {
  connections: Connections
  folders: Folders
  /** Entries that a symlink makes one file with an earlier entry, or puts inside it: by index, with why. */
  clashes: Map<number, string>
  progress?: Progress
  /** Where files and what their URLs answered are kept between runs, searched in order. */
  stores: Store[]
  /** Further attempts after a transient failure. */
  retries: number
  /** The first backoff delay; each retry doubles it, with jitter. */
  retryDelayMs: number
  /** Cancels the run: requests, waits and unpacking stop, and nothing is left behind. */
  signal?: AbortSignal
}

interface Attempted {
  download: Download
  attempts: number
  ms: number
}
/**
 * How an entry came to be at its destination: over the network, already there, from a store,
 * or the file its URL gave last time, which the server said had not changed.
 */
export type Source = 'downloaded' | 'up-to-date' | 'cached' | 'not-modified'

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

/** A result before it is timed and tied to its entry. */
type Outcome = Omit<Succeeded, 'download' | 'ms'> | Omit<Failed, 'download' | 'ms'>

/**
 * Puts one entry at its destination: nothing to do when the file there already matches every
 * pinned checksum, else a copy from the store or a download, retrying transient failures; an
 * archive is then unpacked. Never throws: a failure is a result.
 */
export async function download(item: Download, options: DownloadOptions): Promise<DownloadResult> {
  const started = performance.now()
  const outcome = await isolated(item, options)
  return { download: item, ms: Math.round(performance.now() - started), ...outcome }
}

/** Whatever an entry throws becomes its failed result: one entry's trouble never sinks the run. */
async function isolated(item: Download, options: DownloadOptions): Promise<Outcome> {
  const clash = options.clashes.get(item.index)
  if (clash) return { ok: false, attempts: 0, error: `Could not write '${item.path}': ${clash}.` }
  try {
    return item.extract === undefined ? await place(item, options) : await unpacked(item, item.extract, options)
  } catch (error) {
    return { ok: false, attempts: 0, error: `Could not finish '${item.path}': ${reason(error)}.` }
  }
}

async function place(item: Download, options: DownloadOptions): Promise<Outcome> {
  const current = await upToDate(item, options.folders, options.signal)
  return current ? { ok: true, status: 'up-to-date', attempts: 0, ...current } : obtain(item, options)
}

/** An archive entry: the archive is fetched beside the folder, verified, unpacked into it, and removed. */
async function unpacked(item: Download, type: ArchiveType, options: DownloadOptions): Promise<Outcome> {
  // Loaded only by runs that unpack something.
  const { extract, stillUnpacked } = await import('./extract.ts')
  // The folder's parents first: one that a symlink leads out of is refused, as for any destination.
  const parent = await options.folders.ensure(dirname(item.destination)).then(() => true, () => false)
  const unchangedSince = parent && Object.keys(item.checksums).length > 0 ? await stillUnpacked(item.destination, item.checksums) : undefined
  if (unchangedSince) {
    core.debug(`${item.path}: up to date: unpacked from an archive with these pins, and unchanged since`)
    return { ok: true, status: 'up-to-date', attempts: 0, bytes: unchangedSince.bytes, sha256: unchangedSince.sha256 }
  }
  const archive = { ...item, destination: temporary(dirname(item.destination), 'archive') }
  try {
    const outcome = await obtain(archive, options)
    if (!outcome.ok) return outcome
    try {
      await extract(archive.destination, type, item.destination, { pins: item.checksums, bytes: outcome.bytes, sha256: outcome.sha256 }, options.signal)
    } catch (error) {
      if ((error as Error).cause) core.debug(`${item.path}: ${String((error as Error).cause)}`)
      // Cut short: a link's target or a folder deep in the archive can be as long as a path may be.
      const why = options.signal?.aborted ? CANCELLED : `Could not unpack '${item.path}': ${shortened(reason(error), 1000)}.`
      return { ok: false, attempts: outcome.attempts, error: why }
    }
    return outcome
  } finally {
    await dispose(archive.destination)
  }
}

/** The entry's content from the store, or else from its URL. */
async function obtain(item: Download, options: DownloadOptions): Promise<Outcome> {
  try {
    // Before anything is written, from the store or the network: the folder must not lead out.
    await options.folders.ensure(dirname(item.destination)).catch(diskError(item))
  } catch (error) {
    return { ok: false, attempts: 0, error: (error as AttemptError).message }
  }
  const stored = await fromStores(item, options.stores, options.signal)
  if (stored) {
    await keep(item, stored, options.stores)
    return { ok: true, status: 'cached', attempts: 0, ...stored }
  }
  const transfer = new Transfer(item)
  const waiting = { now: false }
  const stopWatching = options.progress && watch(item, transfer, options.progress, waiting)
  try {
    return await withRetries(item, options, transfer, waiting, await known(item, options.stores, options.signal))
  } finally {
    stopWatching?.()
  }
}

/** Reports progress at a steady pace while a download runs, the rate measured since the last line. */
function watch(item: Download, transfer: Transfer, progress: Progress, waiting: { now: boolean }): () => void {
  let last = { at: performance.now(), bytes: 0 }
  const tick = (): void => {
    // A wait between attempts has its own line; '0 B, 0 B/s' would only say nothing.
    if (waiting.now) return
    const { bytes, total } = transfer.progress()
    const now = performance.now()
    progress.report(item, bytes, total, ((bytes - last.bytes) * 1000) / Math.max(1, now - last.at))
    last = { at: now, bytes }
  }
  let every: NodeJS.Timeout | undefined
  const first = setTimeout(() => {
    tick()
    every = setInterval(tick, progress.everyMs)
  }, progress.afterMs)
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}

async function withRetries(item: Download, options: DownloadOptions, transfer: Transfer, waiting: { now: boolean }, at?: Known): Promise<Outcome> {
  const { signal } = options
  for (let attempts = 1; ; attempts++) {
    const outcome = await attempt(item, options, transfer, at)
    if (!(outcome instanceof AttemptError)) {
      if (!signal?.aborted) await keep(item, outcome, options.stores)
      const { bytes, sha256, unchanged } = outcome
      return { ok: true, status: unchanged ? 'not-modified' : 'downloaded', attempts, bytes, sha256 }
    }
    if (!outcome.retryable || attempts > options.retries || signal?.aborted) {
      await transfer.abandon()
      return { ok: false, attempts, error: signal?.aborted ? CANCELLED : outcome.message, httpStatus: outcome.status }
    }
    await transfer.interrupted()
    const waitMs = backoff(attempts, outcome.retryAfterMs, options.retryDelayMs)
    options.progress?.retrying(item, attempts, outcome, waitMs)
    waiting.now = true
    // A cancellation ends the wait; the next attempt then ends at once.
    await sleep(waitMs, undefined, { signal }).catch(() => undefined)
    waiting.now = false
  }
}

/** The error of an entry that a cancellation stopped, or that never started. */
export const CANCELLED = 'The run was cancelled before this entry was finished.'

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
async function upToDate(item: Download, folders: Folders, signal?: AbortSignal): Promise<Content | undefined> {
  if (Object.keys(item.checksums).length === 0) return undefined
  // Most destinations do not exist yet. In a folder this run made, none can; elsewhere a
  // synchronous lstat says so without a trip through libuv's thread pool, which costs a small
  // file a tenth of a millisecond (docs/benchmarks.md).
  // A folder that is refused is reported by obtain(); there is nothing to check in it here.
  const fresh = await folders.ensure(dirname(item.destination)).catch(() => true)
  if (fresh || !lstatSync(item.destination, { throwIfNoEntry: false })?.isFile()) return undefined
  const content = await pinnedContent(item, item.destination, signal)
  core.debug(`${item.path}: ${content ? 'up to date: the file there matches every pin' : 'the file there does not match its pins; fetching'}`)
  return content
}

/** What an attempt brought: a body, or the word that the file at hand has not changed; with the URL's validators. */
type Brought = Content & Validators & { unchanged?: true }

async function attempt(item: Download, options: DownloadOptions, transfer: Transfer, at?: Known): Promise<Brought | AttemptError> {
  try {
    const range = transfer.rangeHeaders()
    const ask = at && range.Range === undefined ? conditionalHeaders(at) : () => ({})
    const response = await get(item.url, item.headersAt, options.connections, (hop) => ({ ...range, ...ask(hop) }), options.signal)
    if (response.statusCode === 304 && at !== undefined) {
      discard(response)
      // The file asked about is gone or changed since (a partial restore): then the whole body, now.
      return (await unchanged(item, at, options.signal)) ?? (await attempt(item, options, transfer))
    }
    if (response.statusCode === 416 && range.Range !== undefined) {
      discard(response)
      await transfer.abandon()
      return new AttemptError('The server could not send the rest of the body; starting over.', true, 416)
    }
    if (response.statusCode < 200 || response.statusCode > 299) {
      discard(response)
      return statusError(response)
    }
    // 204 and 205 have no body by definition: there is nothing to save, and an old file must stay.
    if (response.statusCode === 204 || response.statusCode === 205) {
      discard(response)
      return new AttemptError(`The server answered ${response.statusCode} ${STATUS_CODES[response.statusCode]}: there is no file at this URL to save.`, false, response.statusCode)
    }
    return { ...(await transfer.receive(response)), ...validatorsOf(response.url, response.headers) }
  } catch (error) {
    return networkError(error)
  }
}

/** The file at hand, after a 304, or undefined when it is no longer the one asked about: the server's word is for that file only. */
async function unchanged(item: Download, at: Known, signal?: AbortSignal): Promise<Brought | undefined> {
  const content = await notModified(item, at, signal)
  if (content === undefined) return undefined
  core.debug(`${item.path}: not modified since the last run (${at.inPlace ? 'left in place' : 'placed from the store'})`)
  const { final, etag, lastModified } = at.remembered
  return { ...content, final, etag, lastModified, unchanged: true }
}
