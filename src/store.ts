import { lstat } from 'node:fs/promises'
import { arch } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import type { Algorithm } from './manifest.ts'
import type { Download } from './plan.ts'
import { reason } from './format.ts'

/** The store's folder in the runner's tool cache. */
const TOOL = 'parallel-download'
const BLOB = 'blob'
/**
 * The checksums that may key the store, in order. A self-hosted runner's tool cache is shared
 * between repositories, and md5 and sha1 collisions can be made: a file crafted to collide
 * would satisfy another repository's pin. An entry pinned only by them is verified, not stored.
 */
const KEYS: Algorithm[] = ['sha256', 'sha512']

type ToolCache = typeof import('@actions/tool-cache')

/**
 * A content-addressed store of pinned files in the runner's tool cache, kept through
 * @actions/tool-cache: each file under `parallel-download/0.0.0-<algorithm>-<hex>/<arch>/blob`,
 * complete once tool-cache marks it so. It lasts on self-hosted runners; on hosted ones,
 * actions/cache can save and restore its folder.
 */
export class Store {
  /** The store's folder, for actions/cache. */
  readonly dir: string
  #toolCache: Promise<ToolCache> | undefined
  readonly #adding = new Set<string>()

  private constructor(dir: string) {
    this.dir = dir
  }

  /** The store, or undefined when it is off or the runner has no tool cache. */
  static open(enabled: boolean): Store | undefined {
    const root = process.env.RUNNER_TOOL_CACHE
    return enabled && root ? new Store(join(root, TOOL)) : undefined
  }

  /** The stored copy of an entry's content, or undefined. */
  async find(item: Download): Promise<string | undefined> {
    const version = versionOf(item)
    if (version === undefined) return undefined
    const folder = (await this.#load()).find(TOOL, version)
    return folder ? join(folder, BLOB) : undefined
  }

  /**
   * Keeps a verified file for later runs. A failure costs the next run a download, not this
   * one its result, so it is only logged.
   */
  async add(item: Download, file: string): Promise<void> {
    const version = versionOf(item)
    if (version === undefined || this.#adding.has(version)) return
    this.#adding.add(version)
    try {
      // tool-cache removes the folder it caches into, following symlinks on the way: one that
      // another repository put in the shared tool cache would have it remove and write elsewhere.
      const link = await symlinkAmong([this.dir, join(this.dir, version), join(this.dir, version, arch())])
      if (link !== undefined) throw new Error(`'${link}' is a symlink`)
      await (await this.#load()).cacheFile(file, BLOB, TOOL, version)
    } catch (error) {
      core.warning(`Could not keep ${item.path} in the cache: ${reason(error)}.`)
    }
  }

  #load(): Promise<ToolCache> {
    // Loaded once a run needs the store: runs without pinned entries never pay for it.
    this.#toolCache ??= import(/* webpackExports: ["find", "cacheFile"] */ '@actions/tool-cache')
    return this.#toolCache
  }
}

/** The first of `paths` that is a symlink; missing ones are not. */
async function symlinkAmong(paths: string[]): Promise<string | undefined> {
  for (const path of paths) if ((await lstat(path).catch(() => undefined))?.isSymbolicLink()) return path
  return undefined
}

/** A semver version for tool-cache that names the content: `0.0.0-sha256-<hex>`. */
function versionOf(item: Download): string | undefined {
  const algorithm = KEYS.find((candidate) => item.checksums[candidate] !== undefined)
  return algorithm && `0.0.0-${algorithm}-${item.checksums[algorithm]}`
}
