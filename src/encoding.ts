import type { Readable } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate, createZstdDecompress } from 'node:zlib'
import { reason } from './format.ts'
import { AttemptError, type Response } from './request.ts'
import { framesOf } from './sessions.ts'

type Decoder = ReturnType<typeof createGunzip>

/**
 * The content codings the action undoes. It asks for none (Accept-Encoding: identity), but a
 * server may encode anyway, and the file on disk must be the resource, not its compressed form.
 */
const DECODERS: Record<string, () => Decoder> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
  zstd: createZstdDecompress,
}

/** A response body as the resource's own bytes. */
export interface Body {
  chunks: AsyncIterable<Buffer>
  /** Whether the chunks are decoded from what came over the wire. */
  decoded: boolean
  /** Bytes as they came over the wire, which Content-Length counts; undefined when nothing was decoded. */
  wireBytes(): number | undefined
  /** A decoder's own error as a sentence; undefined for any other error (the network's, say). */
  failure(error: unknown): AttemptError | undefined
}

/**
 * The body of a response, decoded as its Content-Encoding and Transfer-Encoding say (Node's
 * HTTP client undoes only `chunked`); throws for a coding it can't undo.
 */
export function bodyOf(response: Response): Body {
  const header = [response.headers['content-encoding'], response.headers['transfer-encoding']].filter((value) => value !== undefined).join(', ')
  const codings = header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity' && coding !== 'chunked')
  // An empty body is empty in every coding, though a decoder would call it cut short.
  if (codings.length === 0 || response.headers['content-length'] === '0') {
    return { chunks: response.http2 ? framesOf(response.body) : response.body, decoded: false, wireBytes: () => undefined, failure: () => undefined }
  }
  const unknown = codings.find((coding) => DECODERS[coding] === undefined)
  if (unknown !== undefined) {
    throw new AttemptError(`The server sent the body encoded as '${unknown}', which the action can't decode; ask the server for it unencoded.`, false)
  }
  // Codings are listed in the order they were applied: the last one is undone first.
  const decoders = [...codings].reverse().map((coding) => (DECODERS[coding] as () => Decoder)())
  const forwarded = new WeakSet<object>()
  let own: unknown
  let source: Readable = response.body
  for (const decoder of decoders) {
    const from = source
    from.on('error', (error: Error) => {
      forwarded.add(error)
      decoder.destroy(error)
    })
    decoder.on('error', (error: Error) => {
      if (!forwarded.has(error)) own ??= error
    })
    source = from.pipe(decoder)
  }
  return {
    chunks: source as AsyncIterable<Buffer>,
    decoded: true,
    wireBytes: () => decoders[0]?.bytesWritten,
    // A body that ends too soon may come whole next time; one that is not what it says will not.
    failure: (error) =>
      error === own
        ? new AttemptError(`The ${codings.join(', ')}-encoded body could not be decoded (${reason(error)}).`, (error as { code?: string }).code === 'Z_BUF_ERROR')
        : undefined,
  }
}
