// Caching between runs, through the committed bundle: GitHub's Actions cache (a stand-in for the
// service on 127.0.0.1, spoken to by the real @actions/cache) on a hosted runner, and the store in
// a self-hosted runner's tool cache.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import { cacheKeys } from '../src/actions-cache.ts'
import { parseManifest } from '../src/manifest.ts'
import { planDownloads } from '../src/plan.ts'
import { json, runAction, type Run, type RunOptions } from './helpers/action.ts'
import { startCacheServer, type CacheServer } from './helpers/cache-server.ts'
import { content, sha256, startServer, type TestServer } from './helpers/server.ts'
import { NO_SIGNALS, tar } from './helpers/tools.ts'

interface Result {
  status: string
  sha256: string
}

let server: TestServer
let cache: CacheServer
const statusesOf = (run: Run): string[] => json<Result[]>(run.outputs.results).map((result) => result.status)
/** A file's inode, whole: Windows' 64-bit file ids lose their low bits as a number. */
const inode = async (path: string): Promise<bigint> => (await stat(path, { bigint: true })).ino
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
    assert.deepEqual(statusesOf(first), ['downloaded', 'downloaded'])
    assert.deepEqual(cache.entries().map((entry) => entry.key), [first.outputs['cache-key']])
    assert.equal(first.outputs['cache-matched-key'], '')

    const requests = server.requests.length
    const second = await runAction({ manifest, cache: 'true' }, hosted())
    assert.equal(second.code, 0, second.stdout)
    assert.deepEqual(statusesOf(second), ['cached', 'not-modified'])
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
    assert.deepEqual(statusesOf(changed), ['downloaded'])
    assert.notEqual(changed.outputs['cache-key'], first.outputs['cache-key'])
    assert.equal(changed.outputs['cache-matched-key'], first.outputs['cache-key'])
    assert.deepEqual(cache.entries().map((entry) => entry.key), [first.outputs['cache-key'], changed.outputs['cache-key']])
    const next = await runAction({ manifest, cache: 'true' }, hosted())
    assert.deepEqual(statusesOf(next), ['not-modified'])
    assert.equal(next.outputs['cache-matched-key'], changed.outputs['cache-key'])
    assert.ok((await readFile(join(next.workspace, 'notes.txt'))).equals(content('notes v2')))
  })

  it('starts a changed manifest from its newest cache, and leaves out what the manifest no longer names', async () => {
    for (const name of ['kept', 'dropped', 'added']) server.blobs.set(`${name}.bin`, content(name))
    const line = (name: string): string => `${server.url}/blob/${name}.bin ${name}.bin sha256=${sha256(content(name))}`
    const first = await runAction({ manifest: [line('kept'), line('dropped')].join('\n'), cache: 'true' }, hosted())
    const changed = await runAction({ manifest: [line('kept'), line('added')].join('\n'), cache: 'true' }, hosted())
    assert.deepEqual(statusesOf(changed), ['cached', 'downloaded'])
    assert.equal(changed.outputs['cache-matched-key'], first.outputs['cache-key'])
    assert.deepEqual((await readdir(changed.workspace)).sort(), ['added.bin', 'kept.bin'])
    // The new cache holds the two files the manifest names, not the one it dropped.
    const last = await runAction({ manifest: line('dropped'), cache: 'true' }, hosted())
    assert.deepEqual(statusesOf(last), ['downloaded'])
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
    assert.deepEqual(statusesOf(unreachable), ['downloaded'])
    assert.doesNotMatch(unreachable.stdout, /^::error/m)
    const none = await runAction({ manifest, cache: 'true' }, { env: { RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_TEMP: temp } })
    assert.equal(none.code, 0, none.stdout)
    assert.match(none.stdout, /^::warning::GitHub's Actions cache service is not available to this job/m)
  })

  it('asks whether a file changed only of the URL that gave it: a redirect that now leads elsewhere gets the whole body', async () => {
    server.blobs.set('v1.txt', content('release v1'))
    server.blobs.set('v2.txt', content('release v2'))
    server.blobs.set('moved:latest', Buffer.from(`${server.url}/versioned/v2.txt`))
    const manifest = `${server.url}/moved/latest latest.txt`
    await runAction({ manifest, cache: 'true' }, hosted())
    // Rolled back: the date and tag of v2 would get a 304 from v1 that it does not mean.
    server.blobs.set('moved:latest', Buffer.from(`${server.url}/versioned/v1.txt`))
    const requests = server.requests.length
    const rolled = await runAction({ manifest, cache: 'true' }, hosted())
    assert.deepEqual(statusesOf(rolled), ['downloaded'])
    assert.ok((await readFile(join(rolled.workspace, 'latest.txt'))).equals(content('release v1')))
    assert.deepEqual(server.requests.slice(requests).map((request) => request.headers['if-none-match'] ?? '-'), ['-', '-'])
  })

  it('leaves a pinned archive\'s folder in place when it is unchanged, and saves no cache that lacks its file', async () => {
    const sources = await mkdtemp(join(tmpdir(), 'archive-'))
    await mkdir(join(sources, 'tree'))
    await writeFile(join(sources, 'tree/run.sh'), 'tool\n')
    tar('-czf', join(sources, 'tool.tar.gz'), join(sources, 'tree'), ['.'])
    const archive = await readFile(join(sources, 'tool.tar.gz'))
    server.blobs.set('tool.tar.gz', archive)
    const manifest = `${server.url}/blob/tool.tar.gz tool extract=true sha256=${sha256(archive)}`
    const first = await runAction({ manifest }, hosted())
    const again = await runAction({ manifest, cache: 'true' }, { ...hosted(), again: first })
    assert.deepEqual(statusesOf(again), ['up-to-date'])
    assert.deepEqual([again.outputs['cache-key'], cache.entries().length], ['', 0])
    assert.match(again.stdout, /^Not saved to the Actions cache: the files of 1 entries are not at hand\.$/m)
  })

  it('gives two entries of the same content two files, on the run that saves and on the one that restores', async () => {
    server.blobs.set('pair.bin', content('pair'))
    const manifest = ['one', 'two'].map((name) => `${server.url}/blob/pair.bin ${name}.bin sha256=${sha256(content('pair'))}`).join('\n')
    for (let run = 0; run < 2; run++) {
      const done = await runAction({ manifest, cache: 'true' }, hosted())
      const [one, two] = await Promise.all(['one', 'two'].map((name) => inode(join(done.workspace, `${name}.bin`))))
      assert.notEqual(one, two, `run ${run + 1}`)
    }
  })

  it('names the key the files are under when upstream goes back to content the cache has', async () => {
    server.blobs.set('flip.txt', content('flip v1'))
    const manifest = `${server.url}/versioned/flip.txt flip.txt`
    const v1 = await runAction({ manifest, cache: 'true' }, hosted())
    server.blobs.set('flip.txt', content('flip v2'))
    await runAction({ manifest, cache: 'true' }, hosted())
    server.blobs.set('flip.txt', content('flip v1'))
    const back = await runAction({ manifest, cache: 'true' }, hosted())
    assert.equal(back.code, 0, back.stdout)
    assert.equal(back.outputs['cache-key'], v1.outputs['cache-key'])
    assert.equal(cache.entries().length, 2)
    assert.doesNotMatch(back.stdout, /^::warning::/m)
  })

  it('writes every output when the run is cancelled while the cache service does not answer', { skip: NO_SIGNALS }, async () => {
    const { createServer } = await import('node:net')
    const sockets: import('node:net').Socket[] = []
    const silent = createServer((socket) => void sockets.push(socket))
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done))
    try {
      const url = `http://127.0.0.1:${(silent.address() as import('node:net').AddressInfo).port}/`
      const started = performance.now()
      const run = await runAction(
        { manifest: `${server.url}/blob/pair.bin stuck.bin`, cache: 'true' },
        { ...hosted({ ACTIONS_RESULTS_URL: url }), started: (child) => void setTimeout(() => child.kill('SIGINT'), 1000) },
      )
      assert.equal(run.code, 130, run.stdout)
      assert.ok(performance.now() - started < 4000)
      assert.deepEqual([run.outputs.failed, run.outputs.downloaded], ['1', '0'])
      assert.match(run.summary, /<h2>Downloads<\/h2>/)
    } finally {
      for (const socket of sockets) socket.destroy()
      silent.close()
    }
  })

  it('saves nothing when an entry failed', async () => {
    server.blobs.set('partial.bin', content('partial'))
    const run = await runAction({ manifest: `${server.url}/blob/partial.bin\n${server.url}/status/404 missing.bin`, cache: 'true', retries: '0', 'fail-on-error': 'false' }, hosted())
    assert.deepEqual([run.outputs['cache-key'], cache.count('CreateCacheEntry')], ['', 0])
    assert.match(run.stdout, /^Not saved to the Actions cache: 1 entries failed\.$/m)
  })

  it('is shared by runners whose RUNNER_TEMP is one path, and by no others: the cache\'s version is its folder\'s path', async () => {
    server.blobs.set('shared.bin', content('shared'))
    const manifest = `${server.url}/blob/shared.bin shared.bin sha256=${sha256(content('shared'))}`
    await runAction({ manifest, cache: 'true' }, hosted())
    assert.deepEqual(statusesOf(await runAction({ manifest, cache: 'true' }, hosted())), ['cached'])
    const elsewhere = await mkdtemp(join(tmpdir(), 'runner-temp-'))
    assert.deepEqual(statusesOf(await runAction({ manifest, cache: 'true' }, hosted({ RUNNER_TEMP: elsewhere }))), ['downloaded'])
  })

  it('asks whether a file still in place on a self-hosted runner changed, with the records of the repository\'s own cache', async () => {
    const toolCache = await mkdtemp(join(tmpdir(), 'tool-cache-'))
    server.blobs.set('kept.txt', content('kept'))
    const manifest = `${server.url}/versioned/kept.txt kept.txt`
    const selfHosted = { ...cache.env(), RUNNER_TEMP: temp, RUNNER_ENVIRONMENT: 'self-hosted' }
    const first = await runAction({ manifest, cache: 'true' }, { toolCache, env: selfHosted })
    const again = await runAction({ manifest, cache: 'true' }, { toolCache, env: selfHosted, again: first })
    assert.deepEqual(statusesOf(again), ['not-modified'])
    assert.match(again.stdout, /^::debug::kept\.txt: not modified since the last run \(left in place\)$/m)
  })

  it('is off by default: nothing is restored or saved', async () => {
    server.blobs.set('default.bin', content('default'))
    const run = await runAction({ manifest: `${server.url}/blob/default.bin` }, hosted())
    assert.equal(run.code, 0, run.stdout)
    assert.deepEqual([cache.count('GetCacheEntryDownloadURL'), cache.count('CreateCacheEntry')], [0, 0])
  })
})

describe('the store in a self-hosted runner\'s tool cache', () => {
  it('never pairs another repository\'s record with a file: unpinned entries are asked for whole', async () => {
    const toolCache = await mkdtemp(join(tmpdir(), 'tool-cache-'))
    server.blobs.set('frozen.txt', content('frozen v1'))
    const manifest = `${server.url}/versioned/frozen.txt frozen.txt`
    const first = await runAction({ manifest }, { toolCache, env: { GITHUB_REPOSITORY: 'acme/victim' } })
    // Another repository records the current file with the validators of a newer one, which get a 304.
    server.blobs.set('frozen.txt', content('frozen v2'))
    const url = `${server.url}/versioned/frozen.txt`
    const etag = `"${sha256(content('frozen v2')).slice(0, 16)}"`
    await writeFile(
      join(toolCache, 'parallel-download', 'urls', sha256(`acme/victim\n${url}`)),
      JSON.stringify({ url, final: url, sha256: sha256(content('frozen v1')), etag }),
    )
    const again = await runAction({ manifest }, { toolCache, again: first, env: { GITHUB_REPOSITORY: 'acme/victim' } })
    assert.deepEqual(statusesOf(again), ['downloaded'])
    assert.ok((await readFile(join(again.workspace, 'frozen.txt'))).equals(content('frozen v2')))
  })

  it('gives two entries of the same content two files, never hard links to one', async () => {
    const toolCache = await mkdtemp(join(tmpdir(), 'tool-cache-'))
    server.blobs.set('twin.bin', content('twin'))
    const manifest = ['one', 'two'].map((name) => `${server.url}/blob/twin.bin ${name}.bin sha256=${sha256(content('twin'))}`).join('\n')
    const first = await runAction({ manifest }, { toolCache })
    const second = await runAction({ manifest }, { toolCache })
    for (const run of [first, second]) {
      const [one, two] = await Promise.all(['one', 'two'].map((name) => inode(join(run.workspace, `${name}.bin`))))
      assert.notEqual(one, two)
    }
    assert.deepEqual(statusesOf(second), ['cached', 'cached'])
    // Nor a file of this workspace and one of another.
    assert.notEqual(await inode(join(first.workspace, 'one.bin')), await inode(join(second.workspace, 'one.bin')))
  })
})

describe('the time a cache may take', () => {
  it('is 5 minutes for a restore and 10 for a save', async () => {
    const { LIMITS } = await import('../src/actions-cache.ts')
    assert.deepEqual(LIMITS, { restoreMs: 5 * 60_000, saveMs: 10 * 60_000 })
  })

  it('gives up a restore that the service never answers, and the files come from their URLs', async () => {
    const { createServer } = await import('node:net')
    const { ActionsCache, LIMITS, cacheAbandoned } = await import('../src/actions-cache.ts')
    const sockets: import('node:net').Socket[] = []
    const silent = createServer((socket) => void sockets.push(socket))
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done))
    const saved = { ...process.env }
    const limit = LIMITS.restoreMs
    Object.assign(process.env, cache.env(), { ACTIONS_RESULTS_URL: `http://127.0.0.1:${(silent.address() as import('node:net').AddressInfo).port}/`, RUNNER_TEMP: await mkdtemp(join(tmpdir(), 'runner-temp-')) })
    LIMITS.restoreMs = 300
    try {
      const started = performance.now()
      const restored = await ActionsCache.restore(cacheKeys('inline', [], process.env.RUNNER_TEMP ?? ''))
      assert.ok(performance.now() - started < 5000)
      assert.equal(restored?.matchedKey, undefined)
      assert.equal(cacheAbandoned(), true)
    } finally {
      LIMITS.restoreMs = limit
      process.env = saved
      for (const socket of sockets) socket.destroy()
      silent.close()
    }
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
