import pMap from 'p-map'
import { CANCELLED, download, type DownloadResult, type Progress } from './download.ts'
import { Folders } from './folders.ts'
import type { Settings } from './inputs.ts'
import type { Download } from './plan.ts'
import { Connections } from './request.ts'
import type { Store } from './store.ts'

export type RunOptions = Pick<Settings, 'directory' | 'concurrency' | 'retries' | 'timeoutMs'> & {
  /** Whether HTTP/2 is spoken to https origins that offer it (the default). */
  http2?: boolean
  /** The first backoff delay between attempts. */
  retryDelayMs?: number
  /** Where files are kept between runs, searched in order. */
  stores?: Store[]
  progress?: Progress
  /** Cancels the run: entries not yet started fail at once, those running stop and clean up. */
  signal?: AbortSignal
  /**
   * Every entry of the manifest, when `downloads` is a shard's share: an entry that a symlink
   * makes one file with an entry of another shard fails in every job, as it would unsharded.
   */
  manifest?: Download[]
}

/**
 * Downloads every entry, at most `concurrency` at once over one set of keep-alive connections.
 * Results come back in manifest order; `onResult` hears of each as it finishes.
 */
export async function runAll(
  downloads: Download[],
  options: RunOptions,
  onResult: (result: DownloadResult) => void = () => undefined,
): Promise<DownloadResult[]> {
  const connections = new Connections(options)
  const folders = new Folders(options.directory)
  const downloadOptions = {
    connections,
    folders,
    clashes: await folders.clashes(options.manifest ?? downloads),
    stores: options.stores ?? [],
    progress: options.progress,
    retries: options.retries,
    retryDelayMs: options.retryDelayMs ?? 1000,
    signal: options.signal,
  }
  try {
    return await pMap(
      downloads,
      async (item) => {
        // Not p-map's own signal: it would reject at once, before the running entries clean up.
        const result = options.signal?.aborted ? cancelled(item) : await download(item, downloadOptions)
        onResult(result)
        return result
      },
      { concurrency: options.concurrency },
    )
  } finally {
    connections.close()
    await folders.prune()
  }
}

function cancelled(item: Download): DownloadResult {
  return { download: item, ok: false, attempts: 0, ms: 0, error: CANCELLED }
}
