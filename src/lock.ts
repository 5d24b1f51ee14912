import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type * as Yaml from 'yaml'
import type { DownloadResult } from './download.ts'
import { looksLikeYaml } from './manifest.ts'
import { dispose, madeFile, move, nothingOpen, temporary } from './temporaries.ts'

/** The sha256 of an entry that reached its destination, by its place in the manifest. */
export interface Pin {
  /** 0-based position among the entries (YAML). */
  index: number
  /** 1-based line (lines format). */
  line: number
  sha256: string
}

/** Writes the locked manifest to `path` whole or not at all. */
export async function writeLock(path: string, manifest: string, results: DownloadResult[]): Promise<void> {
  const pins = results.flatMap((result) => (result.ok ? [{ index: result.download.index, line: result.download.line, sha256: result.sha256 }] : []))
  await mkdir(dirname(path), { recursive: true })
  const temp = temporary(dirname(path), 'tmp')
  try {
    const text = await lockManifest(manifest, pins)
    await madeFile(temp, () => writeFile(temp, text, { flag: 'wx' }), nothingOpen)
    await move(temp, path)
  } finally {
    await dispose(temp)
  }
}

/**
 * The manifest written back in its own format with `sha256` pinned on every entry in `pins`
 * that pins none yet, everything else as it was: committed, it makes the next runs verified
 * and cacheable (trust on first use). Pure but for loading the YAML parser.
 */
export async function lockManifest(text: string, pins: Pin[]): Promise<string> {
  // A byte-order mark is not JSON: it is set aside and put back, so that the format is kept.
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : ''
  const body = text.slice(bom.length)
  if (!looksLikeYaml(body)) return bom + lockLines(body, pins)
  return bom + (lockJson(body, pins) ?? lockYaml(body, pins, await import('yaml')))
}

function lockLines(text: string, pins: Pin[]): string {
  const byLine = new Map(pins.map((pin) => [pin.line, pin.sha256]))
  const lines = text.split(/(\r?\n)/)
  // split with a capture group keeps the line breaks at odd indexes: lines are at even ones.
  return lines
    .map((raw, i) => {
      const sha256 = i % 2 === 0 ? byLine.get(i / 2 + 1) : undefined
      if (sha256 === undefined) return raw
      const comment = raw.search(/\s+#/)
      const entry = comment === -1 ? raw.trimEnd() : raw.slice(0, comment)
      if (entry.split(/\s+/).some((token) => token.startsWith('sha256='))) return raw
      return `${entry} sha256=${sha256}${comment === -1 ? '' : raw.slice(comment)}`
    })
    .join('')
}

/** A manifest that is strict JSON stays JSON; undefined for any other YAML. */
function lockJson(text: string, pins: Pin[]): string | undefined {
  let items: unknown
  try {
    items = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!Array.isArray(items)) return undefined
  for (const { index, sha256 } of pins) {
    const item: unknown = items[index]
    if (typeof item === 'string') items[index] = { url: item, sha256 }
    else if (typeof item === 'object' && item !== null && !('sha256' in item)) items[index] = { ...item, sha256 }
  }
  return `${JSON.stringify(items, null, 2)}\n`
}

function lockYaml(text: string, pins: Pin[], yaml: typeof Yaml): string {
  const doc = yaml.parseDocument(text, { schema: 'failsafe' })
  const list = doc.contents
  if (!yaml.isSeq(list)) return text
  for (const { index, sha256 } of pins) {
    const item = list.items[index]
    if (yaml.isScalar(item)) {
      const pinned = doc.createNode({ url: item.value, sha256 })
      // Comments hang on the node they came with: carry them over to its replacement.
      pinned.commentBefore = item.commentBefore
      pinned.comment = item.comment
      doc.setIn([index], pinned)
    }
    else if (yaml.isMap(item) && !item.has('sha256')) doc.setIn([index, 'sha256'], sha256)
  }
  return doc.toString()
}
