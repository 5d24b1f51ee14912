import { createHash, type Hash } from 'node:crypto'
import * as core from '@actions/core'
import { closeSync, constants, openSync, writeSync, writevSync } from 'node:fs'
import { lstat, open, type FileHandle } from 'node:fs/promises'
import type { IncomingHttpHeaders } from 'node:http'
import { dirname } from 'node:path'
import type { Headers } from './headers.ts'
import type { Algorithm } from './manifest.ts'
import { bodyOf } from './encoding.ts'
import { dispose, madeFile, move, settled, temporary, track } from './temporaries.ts'
import type { Download } from './plan.ts'
import { diskProblem, reason } from './format.ts'
import { AttemptError, type Response } from './request.ts'

/** What reached the destination. */
export interface Content {
  bytes: number
  sha256: string
}

/** Body bytes gathered before a write: smaller bodies are written in one go, larger ones in slices this big. */
export const WRITE_BYTES = 1 << 20

/** How to ask a server for the rest of a body: sent by one that takes byte ranges of a stable resource. */
interface Resumable {
  /** A strong ETag or a Last-Modified date, for If-Range. */
  validator: string
  /** The whole body's length. */
  total: number
}

/**
 * One entry's body on its way to disk, across the attempts of one download: what has arrived,
 * its hashes, and how to ask for the rest after an interruption.
 *
 * The destination is written only once the body is whole and verified, so it is never
 * half-written and an old file there survives every failure. A body smaller than WRITE_BYTES
 * is verified in memory and then written with one file creation (see `create`); a larger one
 * goes to a temporary file beside the destination, renamed into place.
 */
export class Transfer {
  readonly #item: Download
  #hashes: Map<Algorithm, Hash>
  #bytes = 0
  #pending: Buffer[] = []
  #pendingBytes = 0
  #temp: TempFile | undefined
  #resumable: Resumable | undefined
  #total: number | undefined

  constructor(item: Download) {
    this.#item = item
    this.#hashes = hashesFor(item)
  }

  /** Body bytes received so far, and the whole length when the server said it: for progress lines. */
  progress(): { bytes: number; total?: number } {
    return { bytes: this.#bytes, total: this.#total }
  }

  /** Range and If-Range asking for the rest of an interrupted body; none when starting afresh. */
  rangeHeaders(): Headers {
    if (this.#resumable === undefined || this.#bytes === 0) return {}
    core.debug(`${this.#item.path}: asking for the rest, from byte ${this.#bytes} of ${this.#resumable.total}`)
    return { Range: `bytes=${this.#bytes}-`, 'If-Range': this.#resumable.validator }
  }

  /** Takes a 2xx response: a 206 continues where the last attempt stopped; any other starts over. */
  async receive(response: Response): Promise<Content> {
    if (response.statusCode === 206) this.#checkContinues(response)
    else await this.#restart(resumableFrom(response))
    const before = this.#bytes
    const body = bodyOf(response)
    const length = Number(response.headers['content-length'])
    this.#total = this.#resumable?.total ?? (Number.isSafeInteger(length) && !body.decoded ? before + length : undefined)
    try {
      await this.#consume(body.chunks)
    } catch (error) {
      throw body.failure(error) ?? error
    }
    checkLength(response, body.wireBytes() ?? this.#bytes - before, body.decoded)
    if (this.#resumable !== undefined && this.#bytes !== this.#resumable.total) {
      throw new AttemptError(`The body ended after ${this.#bytes} of ${this.#resumable.total} bytes.`, true)
    }
    return this.#finish()
  }

  /** After a failed attempt: keep what arrived when the server can send the rest, else let it go. */
  async interrupted(): Promise<void> {
    if (this.#resumable === undefined || this.#bytes === 0) return this.#restart(undefined)
    try {
      await this.#flush()
    } catch {
      await this.#restart(undefined)
    }
  }

  /** After the last attempt failed: nothing may be left behind. */
  abandon(): Promise<void> {
    return this.#restart(undefined)
  }

  // Async iteration rather than 'data' events: the promises it allocates make V8 collect dead
  // socket buffers sooner, which keeps memory flat on large files (docs/benchmarks.md).
  async #consume(body: AsyncIterable<unknown>): Promise<void> {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const flushing = this.#take(chunk)
      if (flushing) await flushing
    }
  }

  async #finish(): Promise<Content> {
    const digests = digestsOf(this.#hashes)
    const wrong = mismatch(this.#item, digests)
    if (wrong !== undefined) throw new AttemptError(wrong, false)
    await this.#place()
    return { bytes: this.#bytes, sha256: digests.get('sha256') ?? '' }
  }

  #checkContinues(response: Response): void {
    const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(response.headers['content-range'] ?? '')
    if (this.#resumable === undefined || Number(range?.[1]) !== this.#bytes || Number(range?.[2]) !== this.#resumable.total) {
      throw new AttemptError('The server answered 206 with a range that does not continue the download.', true, 206)
    }
  }

  async #restart(resumable: Resumable | undefined): Promise<void> {
    this.#resumable = resumable
    if (this.#bytes === 0 && this.#temp === undefined) return
    await this.#temp?.discard()
    this.#temp = undefined
    this.#hashes = hashesFor(this.#item)
    this.#bytes = 0
    this.#pending = []
    this.#pendingBytes = 0
  }

  #take(chunk: Buffer): Promise<void> | undefined {
    this.#bytes += chunk.length
    for (const hash of this.#hashes.values()) hash.update(chunk)
    this.#pending.push(chunk)
    this.#pendingBytes += chunk.length
    return this.#pendingBytes > WRITE_BYTES ? this.#flush() : undefined
  }

  /** Writes what is pending to the temporary file, opening it first if need be. */
  async #flush(): Promise<void> {
    const chunks = this.#pending
    this.#pending = []
    this.#pendingBytes = 0
    this.#temp ??= await TempFile.open(this.#item)
    await this.#temp.write(chunks)
  }

  async #place(): Promise<void> {
    if (this.#temp === undefined && (await create(this.#item, this.#pending, this.#pendingBytes))) {
      this.#pending = []
    } else {
      await this.#flush()
      await this.#temp?.commit()
    }
    this.#temp = undefined
  }
}

/**
 * Opens a file for reading only when it is a regular file, never through a symlink: a FIFO
 * would hold one of libuv's threads (and with it the process's exit) and a device would never
 * end. The store and the workspace are both places that others can write.
 */
export async function openRegular(path: string, noFollow: number | null = constants.O_NOFOLLOW ?? null): Promise<{ file: FileHandle; size: number }> {
  // Windows has no O_NOFOLLOW: the name is looked at first, and must still be that file once open.
  const before = noFollow === null ? await lstat(path, { bigint: true }) : undefined
  if (before?.isSymbolicLink()) throw new Error(`'${path}' is a symlink`)
  const file = await open(path, constants.O_RDONLY | (noFollow ?? 0) | (constants.O_NONBLOCK ?? 0))
  const stat = await file.stat({ bigint: true })
  const same = before === undefined || (before.ino === stat.ino && before.dev === stat.dev)
  if (stat.isFile() && same) return { file, size: Number(stat.size) }
  await file.close()
  throw new Error(same ? `'${path}' is not a regular file` : `'${path}' changed while it was opened`)
}

/** A strong ETag, the one validator that names exact bytes: for If-Range, and for If-None-Match next run. */
export function strongEtag(headers: IncomingHttpHeaders): string | undefined {
  return headers.etag !== undefined && !headers.etag.startsWith('W/') ? headers.etag : undefined
}

/** The resume terms a 200 response offers: byte ranges, a known length, and a strong validator. */
function resumableFrom(response: Response): Resumable | undefined {
  const { headers } = response
  const total = Number(headers['content-length'])
  const validator = strongEtag(headers) ?? headers['last-modified']
  const ranges = /\bbytes\b/.test(headers['accept-ranges'] ?? '')
  if (!ranges || validator === undefined || !Number.isSafeInteger(total) || headers['content-encoding'] !== undefined) return undefined
  return { validator, total }
}

/**
 * Writes a whole, verified body straight to its destination when nothing is there yet: one
 * file creation, as curl makes, instead of a temporary file and a rename, which on a CI
 * runner's disk cost about as much again. Returns false, having written nothing, when the
 * destination exists: that file must stay as it is until its replacement is whole.
 *
 * A small body synchronously: three trips through libuv's thread pool (open, write, close) cost
 * it more than the writes themselves (2000 files of 16 KiB take a tenth less time so,
 * docs/benchmarks.md); a larger one beside the event loop, which meanwhile reads the sockets.
 */
async function create(item: Download, chunks: Buffer[], bytes: number): Promise<boolean> {
  let file: NewFile
  try {
    file = await madeFile(item.destination, () => openNew(item.destination, bytes <= SYNC_BYTES), (made) => made.close())
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    return diskError(item)(error)
  }
  const tracked = track(item.destination)
  const fail = async (error: unknown): Promise<never> => {
    await dispose(item.destination)
    return diskError(item)(error)
  }
  try {
    await writeAll(file, chunks)
  } catch (error) {
    await closeQuietly(file)
    return fail(error)
  }
  // Closed once only, even when closing fails: the descriptor may already belong to another file.
  await file.close().catch(fail)
  if (tracked) settled(item.destination)
  return true
}

/** Closes a file that failed: the disk may fail the close too, and the file is removed next either way. */
async function closeQuietly(file: NewFile): Promise<void> {
  try {
    await file.close()
  } catch {
    // Nothing more to do with it.
  }
}

/** The largest body written on the event loop itself. */
const SYNC_BYTES = 64 * 1024

/** A file being written, by the event loop's own calls or through the thread pool; each write says how many bytes it wrote. */
interface NewFile {
  writev(chunks: Buffer[]): Promise<number>
  write(data: Buffer, from: number): Promise<number>
  close(): Promise<void>
}

/** Creates a file that must not exist yet. */
async function openNew(path: string, sync: boolean): Promise<NewFile> {
  if (sync) {
    const fd = openSync(path, 'wx')
    return { writev: (chunks) => now(() => writevSync(fd, chunks)), write: (data, from) => now(() => writeSync(fd, data, from)), close: () => now(() => closeSync(fd)) }
  }
  const file = await open(path, 'wx')
  return {
    writev: async (chunks) => (await file.writev(chunks)).bytesWritten,
    write: async (data, from) => (await file.write(data, from)).bytesWritten,
    close: () => file.close(),
  }
}

/** A synchronous call as a promise, which rejects with what the call throws, as the thread pool's calls do. */
function now<T>(call: () => T): Promise<T> {
  return new Promise((resolve) => resolve(call()))
}

/** A temporary file beside the destination, renamed into place by commit() or removed by discard(). */
class TempFile {
  readonly #item: Download
  readonly #path: string
  readonly #file: NewFile
  #open = true

  private constructor(item: Download, path: string, file: NewFile) {
    this.#item = item
    this.#path = path
    this.#file = file
  }

  static async open(item: Download): Promise<TempFile> {
    const path = temporary(dirname(item.destination), 'tmp')
    const file = await madeFile(path, () => openNew(path, false), (made) => made.close()).catch((error: unknown) => {
      settled(path)
      return diskError(item)(error)
    })
    return new TempFile(item, path, file)
  }

  write(chunks: Buffer[]): Promise<void> {
    return writeAll(this.#file, chunks).catch(diskError(this.#item))
  }

  async commit(): Promise<void> {
    this.#open = false
    await this.#file.close().catch(diskError(this.#item))
    await move(this.#path, this.#item.destination).catch(diskError(this.#item))
    settled(this.#path)
  }

  async discard(): Promise<void> {
    if (this.#open) await this.#file.close().catch(() => undefined)
    this.#open = false
    await dispose(this.#path)
  }
}

/** One writev for the chunks, however many; a short write (rare, on a full disk) is finished with plain writes. */
async function writeAll(file: NewFile, chunks: Buffer[]): Promise<void> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0)
  let written = total === 0 ? 0 : await file.writev(chunks)
  if (written === total) return
  const data = Buffer.concat(chunks)
  while (written < total) written += await file.write(data, written)
}

/** `bytes` as they came over the wire: Content-Length counts a body before it is decoded. */
function checkLength(response: Response, bytes: number, decoded: boolean): void {
  const declared = Number(response.headers['content-length'] ?? bytes)
  if (declared === bytes) return
  // A decoder stops where its data ends (a cut body fails it first): the rest was not the file, and will not be next time.
  if (decoded && bytes < declared) throw new AttemptError(`The server sent ${declared - bytes} bytes after the end of the encoded body.`, false)
  throw new AttemptError(`The body ended after ${bytes} of ${declared} bytes.`, true)
}

/** sha256 always, for the results; every pinned algorithm besides. */
export function hashesFor(item: Download | undefined): Map<Algorithm, Hash> {
  const algorithms = new Set<Algorithm>(['sha256', ...(Object.keys(item?.checksums ?? {}) as Algorithm[])])
  return new Map([...algorithms].map((algorithm) => [algorithm, createHash(algorithm)]))
}

export function digestsOf(hashes: Map<Algorithm, Hash>): Map<Algorithm, string> {
  return new Map([...hashes].map(([algorithm, hash]) => [algorithm, hash.digest('hex')]))
}

/** Why the digests don't match the pins, or undefined when they do. */
export function mismatch(item: Download, digests: Map<Algorithm, string>): string | undefined {
  for (const [algorithm, expected] of Object.entries(item.checksums) as [Algorithm, string][]) {
    const actual = digests.get(algorithm)
    if (actual !== expected) return `The ${algorithm} is ${actual}, not the pinned ${expected}.`
  }
  return undefined
}

/**
 * File-system failures are not the network's: they are not retried, and they are said as a
 * sentence about the file; the system's own message, with its paths, goes to the debug log.
 */
export function diskError(item: Download): (error: unknown) => never {
  return (error) => {
    core.debug(`${item.path}: ${reason(error)}`)
    throw new AttemptError(`Could not write '${item.path}': ${diskProblem(error)}.`, false)
  }
}
