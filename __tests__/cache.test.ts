// Caching between runs, through the committed bundle: GitHub's Actions cache (a stand-in for the
// service on 127.0.0.1, spoken to by the real @actions/cache) on a hosted runner, and the store in
// a self-hosted runner's tool cache.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import { cacheKeys } from '../src/actions-cache.ts'
import { parseManifest } from '../src/manifest.ts'
import { planDownloads } from '../src/plan.ts'
import { json, runAction, type Run, type RunOptions } from './helpers/action.ts'
import { startCacheServer, type CacheServer } from './helpers/cache-server.ts'
import { content, sha256, startServer, type TestServer } from './helpers/server.ts'

interface Result {
  status: string
  sha256: string
}

let server: TestServer
let cache: CacheServer
before(async () => {
  server = await startServer()
  cache = await startCacheServer()
})
after(async () => {
  await cache.close()
  await server.close()
})

describe('the Actions cache', () => {
  // RUNNER_TEMP is the same path on every hosted runner, and the cache's version is its path.
  let temp = ''
  const hosted = (more: Record<string, string> = {}): RunOptions => ({ env: { ...cache.env(), RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_TEMP: temp, ...more } })
  const statuses = (run: Run): string[] => json<Result[]>(run.outputs.results).map((result) => result.status)
  beforeEach(async () => {
    temp = await mkdtemp(join(tmpdir(), 'runner-temp-'))
    cache.clear()
  })

  it('fills the cache on the first run; a fresh runner then sends no request for pinned entries and only conditional ones for the others', async () => {
    server.blobs.set('model.bin', content('model', 300_000))
    server.blobs.set('labels.csv', content('labels v1'))
    const manifest = `${server.url}/blob/model.bin model.bin sha256=${sha256(content('model', 300_000))}\n${server.url}/versioned/labels.csv data/labels.csv`
    const first = await runAction({ manifest, cache: 'true' }, hosted())
    assert.equal(first.code, 0, first.stdout)
    assert.deepEqual(statuses(first), ['downloaded', 'downloaded'])
    assert.deepEqual(cache.entries().map((entry) => entry.key), [first.outputs['cache-key']])
    assert.equal(first.outputs['cache-matched-key'], '')

    const requests = server.requests.length
    const second = await runAction({ manifest, cache: 'true' }, hosted())
    assert.equal(second.code, 0, second.stdout)
    assert.deepEqual(statuses(second), ['cached', 'not-modified'])
    const sent = server.requests.slice(requests)
    assert.deepEqual(
      sent.map((request) => [request.path, request.headers['if-none-match'] !== undefined]),
      [['/versioned/labels.csv', true]],
    )
    assert.ok((await readFile(join(second.workspace, 'model.bin'))).equals(content('model', 300_000)))
    assert.ok((await readFile(join(second.workspace, 'data/labels.csv'))).equals(content('labels v1')))
    assert.deepEqual(
      [second.outputs['cache-hit'], second.outputs['cache-matched-key'], second.outputs['cache-key']],
      ['true', first.outputs['cache-key'], first.outputs['cache-key']],
    )
    assert.equal(cache.entries().length, 1, 'nothing saved again')
    assert.match(second.summary, /^<li>🔁 <b>1<\/b> not modified<\/li>$/m)
    assert.match(second.stdout, /^= data\/labels\.csv \(1000 B, not modified, \d+ ms\)$/m)
    // The cache's folder under RUNNER_TEMP is gone: the runner keeps no second copy.
    assert.deepEqual((await readdir(temp)).filter((name) => name.startsWith('parallel-download-cache')), [])
  })

  it('saves a changed upstream file under a new key, and the next run gets the new content', async () => {
    server.blobs.set('notes.txt', content('notes v1'))
    const manifest = `${server.url}/versioned/notes.txt notes.txt`
    const first = await runAction({ manifest, cache: 'true' }, hosted())
    server.blobs.set('notes.txt', content('notes v2'))
    const changed = await runAction({ manifest, cache: 'true' }, hosted())
    assert.deepEqual(statuses(changed), ['downloaded'])
    assert.notEqual(changed.outputs['cache-key'], first.outputs['cache-key'])
    assert.equal(changed.outputs['cache-matched-key'], first.outputs['cache-key'])
    assert.deepEqual(cache.entries().map((entry) => entry.key), [first.outputs['cache-key'], changed.outputs['cache-key']])
    const next = await runAction({ manifest, cache: 'true' }, hosted())
    assert.deepEqual(statuses(next), ['not-modified'])
    assert.equal(next.outputs['cache-matched-key'], changed.outputs['cache-key'])
    assert.ok((await readFile(join(next.workspace, 'notes.txt'))).equals(content('notes v2')))
  })

  it('starts a changed manifest from its newest cache, and leaves out what the manifest no longer names', async () => {
    for (const name of ['kept', 'dropped', 'added']) server.blobs.set(`${name}.bin`, content(name))
    const line = (name: string): string => `${server.url}/blob/${name}.bin ${name}.bin sha256=${sha256(content(name))}`
    const first = await runAction({ manifest: [line('kept'), line('dropped')].join('\n'), cache: 'true' }, hosted())
    const changed = await runAction({ manifest: [line('kept'), line('added')].join('\n'), cache: 'true' }, hosted())
    assert.deepEqual(statuses(changed), ['cached', 'downloaded'])
    assert.equal(changed.outputs['cache-matched-key'], first.outputs['cache-key'])
    assert.deepEqual((await readdir(changed.workspace)).sort(), ['added.bin', 'kept.bin'])
    // The new cache holds the two files the manifest names, not the one it dropped.
    const last = await runAction({ manifest: line('dropped'), cache: 'true' }, hosted())
    assert.deepEqual(statuses(last), ['downloaded'])
  })

  it('warns and goes on when the service refuses a save or can not be reached', async () => {
    server.blobs.set('refused.bin', content('refused'))
    const manifest = `${server.url}/blob/refused.bin refused.bin sha256=${sha256(content('refused'))}`
    cache.denyWrites = true
    try {
      const refused = await runAction({ manifest, cache: 'true' }, hosted())
      assert.equal(refused.code, 0, refused.stdout)
      assert.match(refused.stdout, /^::warning::Failed to save: .*cache write denied/m)
      assert.deepEqual([refused.outputs['cache-key'], cache.entries().length], ['', 0])
    } finally {
      cache.denyWrites = false
    }
    const unreachable = await runAction({ manifest, cache: 'true' }, hosted({ ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' }))
    assert.equal(unreachable.code, 0, unreachable.stdout)
    assert.deepEqual(statuses(unreachable), ['downloaded'])
    assert.doesNotMatch(unreachable.stdout, /^::error/m)
    const none = await runAction({ manifest, cache: 'true' }, { env: { RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_TEMP: temp } })
    assert.equal(none.code, 0, none.stdout)
    assert.match(none.stdout, /^::warning::GitHub's Actions cache service is not available to this job/m)
  })

  it('is off by default: nothing is restored or saved', async () => {
    server.blobs.set('default.bin', content('default'))
    const run = await runAction({ manifest: `${server.url}/blob/default.bin` }, hosted())
    assert.equal(run.code, 0, run.stdout)
    assert.deepEqual([cache.count('GetCacheEntryDownloadURL'), cache.count('CreateCacheEntry')], [0, 0])
  })
})

describe('the store in a self-hosted runner\'s tool cache', () => {
  it('remembers what an unpinned URL answered, and asks whether it changed when the file is still in place', async () => {
    const toolCache = await mkdtemp(join(tmpdir(), 'tool-cache-'))
    server.blobs.set('inplace.txt', content('in place'))
    const manifest = `${server.url}/versioned/inplace.txt inplace.txt`
    const first = await runAction({ manifest }, { toolCache })
    const again = await runAction({ manifest }, { toolCache, again: first })
    assert.deepEqual(json<Result[]>(again.outputs.results).map((result) => result.status), ['not-modified'])
    // In a fresh workspace the file is not at hand: the store does not give an unpinned URL's file, which any repository could have put there.
    const fresh = await runAction({ manifest }, { toolCache })
    assert.deepEqual(json<Result[]>(fresh.outputs.results).map((result) => result.status), ['downloaded'])
    assert.equal((await stat(join(again.workspace, 'inplace.txt'))).size, 1000)
  })
})

describe('cache keys', () => {
  const keysOf = async (manifest: string, source: unknown = 'list.txt') => {
    const { entries } = await parseManifest(manifest)
    return cacheKeys(source, planDownloads(entries, '/ws', []).downloads, '/tmp')
  }

  it('name the entries as the action reads them, not the way the manifest was written', async () => {
    const lines = await keysOf('https://h.example/a.bin  a.bin   sha256=' + 'a'.repeat(64) + '\n# comment\n')
    const yaml = await keysOf(`- url: https://h.example/a.bin\n  path: a.bin\n  sha256: ${'a'.repeat(64)}\n`)
    assert.deepEqual(lines, yaml)
    assert.match(lines.entries, /^parallel-download-[0-9a-f]{16}-[0-9a-f]{16}-$/)
    assert.deepEqual(lines.restore, [lines.entries.replace(/[0-9a-f]{16}-$/, '')])
  })

  it('differ for another pin, another destination, or another manifest source, and keep the folder of one source', async () => {
    const base = await keysOf('https://h.example/a.bin a.bin')
    for (const other of [await keysOf('https://h.example/a.bin b.bin'), await keysOf(`https://h.example/a.bin a.bin md5=${'0'.repeat(32)}`)]) {
      assert.notEqual(other.entries, base.entries)
      assert.equal(other.folder, base.folder)
    }
    const elsewhere = await keysOf('https://h.example/a.bin a.bin', 'other.txt')
    assert.notDeepEqual([elsewhere.restore, elsewhere.folder], [base.restore, base.folder])
  })
})
