import { lstatSync } from 'node:fs'
import type { IncomingHttpHeaders } from 'node:http'
import { basename, dirname } from 'node:path'
import * as core from '@actions/core'
import type { Headers } from './headers.ts'
import type { Algorithm } from './manifest.ts'
import type { Download } from './plan.ts'
import { share, type Remembered, type Store } from './store.ts'
import { dispose, madeFile, move, nothingOpen, settled, temporary } from './temporaries.ts'
import { diskError, digestsOf, hashesFor, mismatch, openRegular, strongEtag, WRITE_BYTES, type Content } from './transfer.ts'

/**
 * What a run can take instead of a body: a store's file that matches the entry's pins, or, for
 * an entry without pins, the file its URL gave last time, once the server says it has not
 * changed since (304 to a conditional request).
 */

/**
 * The validators a response offers for a conditional request next time: a strong ETag, a
 * Last-Modified date; and the URL they belong to, the last after any redirects.
 */
export type Validators = Pick<Remembered, 'final' | 'etag' | 'lastModified'>

export function validatorsOf(final: URL, headers: IncomingHttpHeaders): Validators {
  const etag = strongEtag(headers)
  const lastModified = headers['last-modified']
  return { final: final.href, ...(etag && { etag }), ...(lastModified && { lastModified }) }
}

/** The file an unpinned entry's URL gave last time, and where it is at hand now. */
export interface Known {
  remembered: Remembered
  /** The destination itself when it still holds that file; else the store's copy. */
  path: string
  inPlace: boolean
  store: Store
}

/** Whether a pin whose collisions can't be made names the entry: only then may it take a file that others can write. */
function stronglyPinned(item: Download): boolean {
  return item.checksums.sha256 !== undefined || item.checksums.sha512 !== undefined
}

/**
 * The entry placed from a store, its pins checked on the way; undefined when no store holds it.
 * In a store that other repositories write, only a sha256 or sha512 pin will do: md5 and sha1
 * collisions can be made.
 */
export async function fromStores(item: Download, stores: Store[], signal?: AbortSignal): Promise<(Content & { from: Store }) | undefined> {
  if (Object.keys(item.checksums).length === 0) return undefined
  for (const store of stores) {
    if (store.shared && !stronglyPinned(item)) continue
    const sha256 = item.checksums.sha256 ?? (await store.recall(item.url.href))?.sha256
    const file = sha256 === undefined ? undefined : await store.file(sha256)
    if (file === undefined) continue
    const placed = await placeVerified(item, file, (path) => pinnedContent(item, path, signal), store.mayLink(basename(file)))
    if (placed) {
      await store.used(file)
      core.debug(`${item.path}: placed from the store '${store.root}', its pins checked`)
      return { ...placed, from: store }
    }
    // Changed in place since it was kept (a hard link is the same file as the one a later step
    // wrote to): it goes, so that the download can take its place.
    if (placed === false) await store.forget(file)
  }
  return undefined
}

/**
 * For an entry without pins: what its URL answered last time, with validators to ask whether
 * it changed, and that file at hand: still at the destination, or in the store. Only from a
 * run's own store, restored from this repository's Actions cache: a store that other
 * repositories write could pair any file, or an old one, with validators that get a 304.
 */
export async function known(item: Download, stores: Store[], signal?: AbortSignal): Promise<Known | undefined> {
  if (Object.keys(item.checksums).length > 0) return undefined
  for (const store of stores.filter((candidate) => !candidate.shared)) {
    const remembered = await store.recall(item.url.href)
    if (remembered?.final === undefined || (remembered.etag === undefined && remembered.lastModified === undefined)) continue
    if (lstatSync(item.destination, { throwIfNoEntry: false })?.isFile() && (await sha256Of(item.destination, signal)) === remembered.sha256) {
      return { remembered, path: item.destination, inPlace: true, store }
    }
    const file = await store.file(remembered.sha256)
    if (file !== undefined) return { remembered, path: file, inPlace: false, store }
  }
  return undefined
}

/**
 * If-None-Match and If-Modified-Since for the URL the validators belong to, and for no other: a
 * redirect that now leads elsewhere asks for that file whole, as another file's date or tag
 * would get a 304 it does not mean.
 */
export function conditionalHeaders({ remembered }: Known): (url: URL) => Headers {
  const headers = {
    ...(remembered.etag && { 'If-None-Match': remembered.etag }),
    ...(remembered.lastModified && { 'If-Modified-Since': remembered.lastModified }),
  }
  return (url) => (url.href === remembered.final ? headers : {})
}

/** The file the URL gave last time, which the server says has not changed: left in place, or placed from the store. */
export async function notModified(item: Download, at: Known, signal?: AbortSignal): Promise<Content | undefined> {
  const check = async (path: string): Promise<Content | undefined> => {
    const content = await contentOf(item, path, signal)
    return content?.sha256 === at.remembered.sha256 ? { bytes: content.bytes, sha256: content.sha256 } : undefined
  }
  if (at.inPlace) return check(at.path)
  const placed = await placeVerified(item, at.path, check, at.store.mayLink(at.remembered.sha256))
  // Damaged since it was saved: it goes, so that the body about to be fetched takes its place.
  if (placed === false) await at.store.forget(at.path)
  return placed || undefined
}

/**
 * Keeps what reached the destination for later runs: its file in each store (a shared one only
 * when a strong pin names it), and what its URL answered.
 */
export async function keep(item: Download, content: Content & Validators & { from?: Store }, stores: Store[]): Promise<void> {
  // With validators, for a conditional request; without, for an entry pinned by sha512 alone, which finds its file by the sha256 recorded.
  const record = content.etag !== undefined || content.lastModified !== undefined || item.checksums.sha256 === undefined
  for (const store of stores) {
    if (store === content.from) continue
    if (!store.shared || stronglyPinned(item)) await store.add(content.sha256, item.destination)
    if (record) await store.remember({ url: item.url.href, sha256: content.sha256, final: content.final, etag: content.etag, lastModified: content.lastModified })
  }
}

/**
 * Gives the destination the file at `from` by reflink, hard link or copy, through a temporary
 * name beside it, checked there (a store is a place others can write, and the link is the file
 * that will be used) before it is renamed into place. False when the file is not what it should
 * be; undefined when it could not be placed.
 */
async function placeVerified(item: Download, from: string, check: (path: string) => Promise<Content | undefined>, mayLink: boolean): Promise<Content | false | undefined> {
  const temp = temporary(dirname(item.destination), 'tmp')
  try {
    await madeFile(temp, () => share(from, temp, mayLink), nothingOpen).catch(diskError(item))
    const content = await check(temp)
    if (content === undefined) return false
    await move(temp, item.destination).catch(diskError(item))
    settled(temp)
    return content
  } catch (error) {
    core.debug(`${item.path}: the stored copy could not be placed: ${(error as Error).message}`)
    return undefined
  } finally {
    await dispose(temp)
  }
}

/** A regular file's size and sha256 when it matches every checksum the entry pins; else undefined. */
export async function pinnedContent(item: Download, path: string, signal?: AbortSignal): Promise<Content | undefined> {
  const content = await contentOf(item, path, signal)
  return content !== undefined && mismatch(item, content.digests) === undefined ? { bytes: content.bytes, sha256: content.sha256 } : undefined
}

async function sha256Of(path: string, signal?: AbortSignal): Promise<string | undefined> {
  return (await contentOf(undefined, path, signal))?.sha256
}

/** A regular file's size and digests (sha256, and each the entry pins); undefined when it can't be read as one. */
async function contentOf(item: Download | undefined, path: string, signal?: AbortSignal): Promise<(Content & { digests: Map<Algorithm, string> }) | undefined> {
  const hashes = hashesFor(item)
  let bytes = 0
  try {
    const { file, size } = await openRegular(path)
    // A small file in one read of its size: a stream's 1 MiB buffers, one a file, keep the collector busy.
    const chunks = size <= WRITE_BYTES ? [await file.readFile({ signal }).finally(() => file.close())] : file.createReadStream({ highWaterMark: WRITE_BYTES, signal })
    for await (const chunk of chunks as AsyncIterable<Buffer>) {
      bytes += chunk.length
      for (const hash of hashes.values()) hash.update(chunk)
    }
  } catch {
    return undefined
  }
  const digests = digestsOf(hashes)
  return { bytes, sha256: digests.get('sha256') ?? '', digests }
}
