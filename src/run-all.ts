import pMap from 'p-map'
import { download, type DownloadResult, type Progress } from './download.ts'
import { Folders } from './folders.ts'
import type { Settings } from './inputs.ts'
import type { Download } from './plan.ts'
import { Connections } from './request.ts'
import type { Store } from './store.ts'

export type RunOptions = Pick<Settings, 'directory' | 'concurrency' | 'retries' | 'timeoutMs'> & {
  /** The first backoff delay between attempts. */
  retryDelayMs?: number
  store?: Store
  progress?: Progress
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
  const connections = new Connections(options.timeoutMs)
  const folders = new Folders(options.directory)
  const downloadOptions = {
    connections,
    folders,
    twins: await folders.twins(downloads),
    store: options.store,
    progress: options.progress,
    retries: options.retries,
    retryDelayMs: options.retryDelayMs ?? 1000,
  }
  try {
    return await pMap(
      downloads,
      async (item) => {
        const result = await download(item, downloadOptions)
        onResult(result)
        return result
      },
      { concurrency: options.concurrency },
    )
  } finally {
    connections.close()
  }
}
