import { createHash } from 'node:crypto'
import { readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import type { DownloadResult } from './download.ts'
import { reason } from './format.ts'
import { removeOptions } from './platform.ts'
import { Store } from './store.ts'

/** Where a run's files go in GitHub's Actions cache, and where a run may start from. */
export interface CacheKeys {
  /** Names the manifest's source and the entries: `parallel-download-<source>-<entries>-`; the saved key adds the content. */
  entries: string
  /** Any cache of the same manifest source, newest first, when no cache of these entries is there. */
  restore: string[]
  /** The folder the cache is restored into and saved from; the same for every run of this manifest, as the cache's version is its path. */
  folder: string
}

const PREFIX = 'parallel-download'

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16)
}

/**
 * The keys of a manifest's cache (pure). `source` names where the manifest came from and where
 * it writes (a file or inline, the directory, the shard), so that two steps of one job keep
 * apart; the entries are named as the action reads them, whatever the format or spacing.
 */
export function cacheKeys(source: unknown, entries: { url: URL; path: string; checksums: object }[], temp: string): CacheKeys {
  const from = `${PREFIX}-${digest(source)}-`
  const named = entries.map(({ url, path, checksums }) => [url.href, path, Object.entries(checksums).sort()])
  return { entries: `${from}${digest(named)}-`, restore: [from], folder: join(temp, `${PREFIX}-cache-${digest(source)}`) }
}

/** The key a run's files are saved under: its entries' key and what each URL gave (pure). */
export function savedKey(keys: CacheKeys, results: DownloadResult[]): string {
  return `${keys.entries}${digest(results.map((result) => [result.download.url.href, result.ok ? result.sha256 : null]))}`
}

type CacheClient = typeof import('@actions/cache')

/**
 * How long a restore and a save may take. @actions/cache waits minutes on a service that does
 * not answer, five times over; a step must not hang on a cache, which only saves time.
 */
export const LIMITS = { restoreMs: 5 * 60_000, saveMs: 10 * 60_000 }

let abandoned = false

/** Whether a restore or a save was given up while @actions/cache still waited: its requests would keep the process alive. */
export function cacheAbandoned(): boolean {
  return abandoned
}

/**
 * The promise's value; or undefined once `ms` have passed (with a warning) or the run is
 * cancelled: @actions/cache takes no signal, so its requests are left to the process's exit.
 */
async function within<T>(promise: Promise<T>, ms: number, what: string, signal?: AbortSignal): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  let stop: (() => void) | undefined
  const late = new Promise<undefined>((done) => {
    const give = (): void => {
      abandoned = true
      done(undefined)
    }
    timer = setTimeout(() => {
      core.warning(`GitHub's Actions cache service did not ${what} within ${ms / 60_000} minutes; going on without it.`)
      give()
    }, ms)
    stop = () => give()
    if (signal?.aborted) give()
    signal?.addEventListener('abort', stop, { once: true })
  })
  try {
    return await Promise.race([promise, late])
  } finally {
    clearTimeout(timer)
    if (stop) signal?.removeEventListener('abort', stop)
  }
}

/**
 * GitHub's Actions cache, through @actions/cache: restored into a store of this run's own before
 * the downloads, saved from it right after them. Loaded only when caching is on. Nothing here
 * fails the step: a service that can't be reached, or refuses, is a warning, and the files come
 * from their URLs.
 */
export class ActionsCache {
  readonly store: Store
  readonly keys: CacheKeys
  /** The key of the cache restored, if one was. */
  readonly matchedKey: string | undefined
  readonly #client: CacheClient

  private constructor(client: CacheClient, keys: CacheKeys, matchedKey: string | undefined) {
    this.#client = client
    this.keys = keys
    this.matchedKey = matchedKey
    this.store = new Store(keys.folder, false)
  }

  /**
   * The newest cache of these entries, or else of this manifest, restored; undefined when the
   * service is not there, or a restore given up on (it goes on unpacking into the folder, which
   * this run then leaves alone: nothing of it is used or saved).
   */
  static async restore(keys: CacheKeys, signal?: AbortSignal): Promise<ActionsCache | undefined> {
    const client = await import('@actions/cache')
    if (!client.isFeatureAvailable()) {
      core.warning("GitHub's Actions cache service is not available to this job (the runner set no ACTIONS_RESULTS_URL); the files come from their URLs.")
      return undefined
    }
    await rm(keys.folder, removeOptions(process.platform))
    let matched: string | undefined
    try {
      matched = await within(client.restoreCache([keys.folder], keys.entries, keys.restore), LIMITS.restoreMs, 'restore the files', signal)
    } catch (error) {
      core.warning(`Could not restore from the Actions cache: ${reason(error)}; the files come from their URLs.`)
    }
    if (cacheAbandoned()) return undefined
    core.debug(`actions cache: ${matched === undefined ? 'nothing restored' : `restored ${matched}`}`)
    return new ActionsCache(client, keys, matched)
  }

  /**
   * Saves the run's files under a key naming their content, unless a cache with that content was
   * restored, or an entry failed (the next run would save a whole one). Returns the key the files
   * are cached under, or '' when they are not.
   */
  async save(results: DownloadResult[], signal?: AbortSignal): Promise<string> {
    try {
      const failed = results.filter((result) => !result.ok).length
      if (failed > 0) {
        core.info(`Not saved to the Actions cache: ${failed} entries failed.`)
        return ''
      }
      const key = savedKey(this.keys, results)
      if (key === this.matchedKey) {
        core.info(`The Actions cache already holds these files, under ${key}.`)
        return key
      }
      const missing = await this.#gather(results)
      if (missing > 0) {
        // An archive's folder was up to date, and its file was never fetched: a cache without it would name content it lacks.
        core.info(`Not saved to the Actions cache: the files of ${missing} entries are not at hand.`)
        return ''
      }
      // A key is saved once: content that comes back (upstream rolled back) is already there, under it.
      if ((await within(this.#client.restoreCache([this.keys.folder], key, [], { lookupOnly: true }), LIMITS.saveMs, 'look the key up', signal)) === key) {
        core.info(`The Actions cache already holds these files, under ${key}.`)
        return key
      }
      const id = await within(this.#client.saveCache([this.keys.folder], key), LIMITS.saveMs, 'save the files', signal)
      if (id === undefined || id === -1) return ''
      core.info(`Saved to the Actions cache under ${key}.`)
      return key
    } catch (error) {
      core.warning(`Could not save to the Actions cache: ${reason(error)}.`)
      return ''
    } finally {
      await rm(this.keys.folder, removeOptions(process.platform)).catch(() => undefined)
    }
  }

  /**
   * Leaves in the store exactly this run's files: each entry's, linked in where the run did not
   * put it there, and nothing restored that the manifest no longer names. Returns how many
   * entries' files it could not gather.
   */
  async #gather(results: DownloadResult[]): Promise<number> {
    const wanted = new Set<string>()
    let missing = 0
    for (const result of results) {
      if (!result.ok) continue
      wanted.add(result.sha256)
      // An archive's file went in on its way to being unpacked; its destination is a folder.
      if (result.download.extract === undefined && (await this.store.file(result.sha256)) === undefined) await this.store.add(result.sha256, result.download.destination)
      if ((await this.store.file(result.sha256)) === undefined) missing++
    }
    const folder = join(this.keys.folder, 'sha256')
    for (const name of await readdir(folder).catch(() => [])) {
      if (!wanted.has(name)) await rm(join(folder, name), { force: true })
    }
    const urls = new Set(results.map((result) => this.store.recordName(result.download.url.href)))
    const records = join(this.keys.folder, 'urls')
    for (const name of await readdir(records).catch(() => [])) {
      if (!urls.has(name)) await rm(join(records, name), { force: true })
    }
    return missing
  }
}

/** The folder for the cache's store: RUNNER_TEMP, which the runner empties after the job. */
export function cacheTemp(): string {
  return process.env.RUNNER_TEMP || tmpdir()
}
