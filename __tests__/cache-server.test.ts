// The cache service stand-in, driven by the real @actions/cache client: what it saves there comes
// back, and the service's refusals and failures reach the client as they would from GitHub's.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, afterEach, before, beforeEach, describe, it, mock, type TestContext } from 'node:test'
import { restoreCache, saveCache } from '@actions/cache'
import { BlockBlobClient } from '@azure/storage-blob'
import { startCacheServer, type CacheServer } from './helpers/cache-server.ts'

let cache: CacheServer
/** What @actions/core wrote in the test: its lines, ::warning:: and ::add-mask:: commands among them. */
let log: string[] = []

/** @actions/cache puts the compression into the version, zstd's whenever a `zstd` runs. */
const COMPRESSION = spawnSync('zstd', ['--version']).error ? 'gzip' : 'zstd-without-long'

/** The version @actions/cache gives an entry: the paths as given, the compression, on Windows a mark of its own, and a salt. */
function version(paths: string[]): string {
  return createHash('sha256').update([...paths, COMPRESSION, ...(process.platform === 'win32' ? ['windows-only'] : []), '1.0'].join('|')).digest('hex')
}

/** A folder with `files` in it, at a new path in the workspace. */
async function folder(files: Record<string, string | Buffer>): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'cache-')), 'deps')
  await fill(path, files)
  return path
}

async function fill(path: string, files: Record<string, string | Buffer>): Promise<void> {
  await rm(path, { recursive: true, force: true })
  await mkdir(path, { recursive: true })
  for (const [name, data] of Object.entries(files)) await writeFile(join(path, name), data)
}

async function contents(path: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const name of (await readdir(path)).sort()) files[name] = await readFile(join(path, name), 'utf8')
  return files
}

/** Sets variables for one test, as a runner would for the action, and puts the old ones back after it. */
function useEnv(t: TestContext, variables: Record<string, string>): void {
  const before = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]))
  Object.assign(process.env, variables)
  t.after(() => {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  })
}

async function twirp(method: string, request: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${cache.url}/twirp/github.actions.results.api.v1.CacheService/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cache.env().ACTIONS_RUNTIME_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  })
  return (await response.json()) as Record<string, unknown>
}

before(async () => {
  cache = await startCacheServer()
  // Archives go to RUNNER_TEMP (without it, /home/actions/temp), paths are taken relative to the workspace.
  Object.assign(process.env, cache.env(), { RUNNER_TEMP: tmpdir(), GITHUB_WORKSPACE: tmpdir() })
})
after(async () => {
  await cache.close()
})
beforeEach(() => {
  cache.clear()
  cache.denyWrites = false
  cache.failStatus = undefined
  log = []
  // @actions/core writes strings; the test runner's own reports, which must go through, are buffers.
  const write = process.stdout.write.bind(process.stdout)
  mock.method(process.stdout, 'write', (chunk: string | Uint8Array, ...rest: never[]) => {
    if (typeof chunk !== 'string') return write(chunk, ...rest)
    // Its lines end with os.EOL: \r\n on Windows.
    log.push(...chunk.split(/\r?\n/).filter(Boolean))
    return true
  })
})
afterEach(() => {
  mock.restoreAll()
})

describe('the cache service stand-in, with @actions/cache', () => {
  it('saves a folder and restores it into a fresh copy of the same path, by its key', async () => {
    const path = await folder({ 'a.txt': 'alpha', 'b.txt': 'beta' })
    const id = await saveCache([path], 'deps-linux-1')
    assert.ok(id > 0, log.join('\n'))
    const [entry] = cache.entries()
    assert.deepEqual(entry && { key: entry.key, version: entry.version }, { key: 'deps-linux-1', version: version([path]) })
    assert.ok((entry?.size ?? 0) > 0)
    assert.deepEqual(
      cache.requests.map(({ route }) => route),
      ['CreateCacheEntry', 'PutBlob', 'FinalizeCacheEntryUpload'],
    )
    // The client masks the signatures of the signed URLs it is given.
    assert.ok(log.some((line) => line.startsWith('::add-mask::')))

    await rm(path, { recursive: true })
    assert.equal(await restoreCache([path], 'deps-linux-1'), 'deps-linux-1', log.join('\n'))
    assert.deepEqual(await contents(path), { 'a.txt': 'alpha', 'b.txt': 'beta' })
    // A URL off Azure is fetched with one plain GET, no range.
    const gets = cache.requests.filter(({ route }) => route === 'GetBlob')
    assert.equal(gets.length, 1)
    assert.equal(gets[0]?.headers.range, undefined)
  })

  it('misses when the paths differ, since they make the version', async () => {
    const path = await folder({ 'a.txt': 'alpha' })
    await saveCache([path], 'deps-linux-1')
    assert.equal(await restoreCache([`${path}/`], 'deps-linux-1'), undefined)
    assert.equal(cache.count('GetBlob'), 0)
  })

  it('restores by a restore-key prefix, the newest of the entries it matches', async () => {
    const path = await folder({ 'a.txt': 'old' })
    await saveCache([path], 'deps-linux-old')
    await fill(path, { 'a.txt': 'new' })
    await saveCache([path], 'deps-linux-new')
    await fill(path, { 'a.txt': 'older' })
    await saveCache([path], 'deps-mac')
    assert.deepEqual(cache.entries().map(({ key }) => key), ['deps-linux-old', 'deps-linux-new', 'deps-mac'])

    await rm(path, { recursive: true })
    assert.equal(await restoreCache([path], 'deps-linux-2', ['deps-linux-', 'deps-']), 'deps-linux-new')
    assert.deepEqual(await contents(path), { 'a.txt': 'new' })
    assert.ok(log.includes('Cache hit for restore-key: deps-linux-new'), log.join('\n'))
    // An exact match comes before newer entries the key is a prefix of.
    assert.equal(await restoreCache([path], 'deps-linux-old', [], { lookupOnly: true }), 'deps-linux-old')
  })

  it('refuses a second save under a key, which the client reports without throwing', async () => {
    const path = await folder({ 'a.txt': 'alpha' })
    assert.ok((await saveCache([path], 'deps-linux-1')) > 0)
    await fill(path, { 'a.txt': 'changed' })
    assert.equal(await saveCache([path], 'deps-linux-1'), -1)
    assert.equal(cache.count('CreateCacheEntry'), 2)
    assert.equal(cache.count('PutBlob'), 1)
    assert.equal(cache.entries().length, 1)
    // The service's 409 becomes an info line in @actions/cache 6, not a warning.
    assert.ok(log.includes('Failed to save: Unable to reserve cache with key deps-linux-1, another job may be creating this cache.'), log.join('\n'))
    assert.equal(log.filter((line) => line.startsWith('::warning::')).length, 0)
  })

  it('refuses saves for a read-only token, which the client warns of without throwing', async () => {
    cache.denyWrites = true
    const path = await folder({ 'a.txt': 'alpha' })
    assert.equal(await saveCache([path], 'deps-linux-1'), -1)
    assert.deepEqual(cache.entries(), [])
    assert.equal(cache.count('PutBlob'), 0)
    assert.deepEqual(
      log.filter((line) => line.startsWith('::warning::')),
      ['::warning::Failed to save: Unable to reserve cache with key deps-linux-1. More details: cache write denied: the token for this run is read-only'],
    )
  })

  it('fails restores with 500s, which the client retries five times and takes for a miss', async (t) => {
    cache.failStatus = 500
    // The client waits 3 s, then longer, between attempts: the test does not wait for real.
    const setTimeout = globalThis.setTimeout
    t.mock.method(globalThis, 'setTimeout', (callback: () => void) => setTimeout(callback, 0))
    const path = await folder({ 'a.txt': 'alpha' })
    assert.equal(await restoreCache([path], 'deps-linux-1'), undefined)
    assert.equal(cache.count('GetCacheEntryDownloadURL'), 5)
    assert.deepEqual(
      log.filter((line) => line.startsWith('::warning::')),
      ['::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Failed to make request after 5 attempts: Failed request: (500) Internal Server Error: the cache service is failing'],
    )
  })

  it('takes a staged upload (Put Block, Put Block List) and shows the entry only once finalized', async () => {
    // @actions/cache stages blocks for archives over 128 MiB; the same SDK call, with a smaller limit.
    const archive = randomBytes(10_000)
    const created = await twirp('CreateCacheEntry', { key: 'big', version: 'v1' })
    assert.equal(created.ok, true)
    await new BlockBlobClient(String(created.signed_upload_url)).uploadData(archive, { maxSingleShotSize: 4096, blockSize: 4096 })
    assert.equal(cache.count('PutBlock'), 3)
    assert.equal(cache.count('PutBlockList'), 1)
    assert.deepEqual(await twirp('GetCacheEntryDownloadURL', { key: 'big', version: 'v1' }), { ok: false, signed_download_url: '', matched_key: '' })

    assert.deepEqual(await twirp('FinalizeCacheEntryUpload', { key: 'big', version: 'v1', size_bytes: '9999' }), { ok: false, entry_id: '0', message: 'uploaded 10000 bytes, not 9999' })
    const finalized = await twirp('FinalizeCacheEntryUpload', { key: 'big', version: 'v1', size_bytes: '10000' })
    assert.equal(finalized.ok, true)
    assert.match(String(finalized.entry_id), /^[1-9]\d*$/)
    const found = await twirp('GetCacheEntryDownloadURL', { key: 'big', version: 'v1' })
    assert.equal(found.matched_key, 'big')
    const url = String(found.signed_download_url)
    assert.deepEqual(Buffer.from(await (await fetch(url)).arrayBuffer()), archive)
    // Each URL opens only its own operations.
    assert.equal((await fetch(String(created.signed_upload_url))).status, 403)
    assert.equal((await fetch(url, { method: 'PUT', body: 'x' })).status, 403)
  })

  it('restores through the Azure SDK, in ranged parts, from blob URLs on an Azure host', async (t) => {
    const azure = await startCacheServer({ azure: true })
    t.after(() => azure.close())
    useEnv(t, azure.env())
    // Random bytes do not compress: an archive over 4 MiB, which the SDK fetches in two parts.
    const path = await folder({ 'random.bin': randomBytes(5 * 1024 * 1024) })
    assert.ok((await saveCache([path], 'deps-linux-1')) > 0, log.join('\n'))
    await rm(path, { recursive: true })
    assert.equal(await restoreCache([path], 'deps-linux-1'), 'deps-linux-1', log.join('\n'))
    assert.equal((await readFile(join(path, 'random.bin'))).length, 5 * 1024 * 1024)
    assert.equal(azure.count('GetBlobProperties'), 1)
    const ranges = azure.requests.filter(({ route }) => route === 'GetBlob').map(({ headers }) => headers['x-ms-range'])
    const size = azure.entries()[0]?.size ?? 0
    assert.deepEqual(ranges.sort(), [`bytes=0-${4 * 1024 * 1024 - 1}`, `bytes=${4 * 1024 * 1024}-${size - 1}`])
    // The blob requests came by way of the proxy, for the Azure host.
    const blobs = azure.requests.filter(({ path }) => path.includes('/actions-cache/'))
    assert.deepEqual([...new Set(blobs.map(({ headers }) => headers.host))], ['cache.blob.core.windows.net'])
  })
})
