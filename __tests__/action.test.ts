// End to end: the committed bundle, run the way the runner runs it.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { BUNDLE, json, NO_STACK, runAction } from './helpers/action.ts'
import { startProxy } from './helpers/proxy.ts'
import { testCertificate } from './helpers/tls.ts'
import { content, sha256, startServer, type TestServer } from './helpers/server.ts'
import { noXz, tar } from './helpers/tools.ts'
import { zipOf } from './helpers/zip.ts'

let server: TestServer
before(async () => {
  server = await startServer()
})
after(() => server.close())

describe('the action, run from dist/index.js', () => {
  it('runs on Node 24', () => {
    assert.match(process.versions.node, /^24\./)
  })

  it('loads YAML, unpacking and the Actions cache client as chunks of their own, only when a run needs them', async () => {
    const dist = dirname(BUNDLE)
    const main = await readFile(BUNDLE, 'utf8')
    const chunks = (await readdir(dist)).filter((name) => name.endsWith('.js') && name !== 'index.js')
    // A message of yaml's parser, one of the archive checks, and a route of the cache service.
    for (const marker of ['Implicit map keys need to be followed by map values', 'links outside the folder', 'GetCacheEntryDownloadURL']) {
      assert.ok(!main.includes(marker), `dist/index.js holds ${marker}`)
      assert.ok(await someChunkHolds(dist, chunks, marker), `no chunk holds ${marker}`)
    }
  })

  it('downloads a 500-entry manifest file at concurrency 8, every file checked', async () => {
    const names = Array.from({ length: 500 }, (_, i) => `part-${i}`)
    const size = (i: number): number => 1000 + i * 37
    const manifest = [
      '# URL  destination  checksum',
      ...names.map((name, i) => `${server.url}/file/${name}?size=${size(i)}  shard-${i % 7}/${name}.bin  sha256=${sha256(content(name, size(i)))}`),
    ].join('\n')
    server.maxInFlight = 0
    const run = await runAction(
      { 'manifest-file': 'lists/data.txt', directory: 'data', concurrency: '8' },
      {
        prepare: async (workspace) => {
          await mkdir(join(workspace, 'lists'))
          await writeFile(join(workspace, 'lists/data.txt'), manifest)
        },
      },
    )
    assert.equal(run.code, 0, run.stdout)
    const paths = json<string[]>(run.outputs.paths)
    assert.deepEqual(
      paths,
      names.map((name, i) => join(run.workspace, 'data', `shard-${i % 7}`, `${name}.bin`)),
    )
    for (const [i, path] of paths.entries()) assert.equal(sha256(await readFile(path)), sha256(content(names[i] ?? '', size(i))), path)
    assert.equal(run.outputs.downloaded, '500')
    assert.equal(run.outputs.failed, '0')
    assert.equal(Number(run.outputs.bytes), names.reduce((sum, _, i) => sum + size(i), 0))
    assert.deepEqual(json(run.outputs.failures), [])
    const results = json<{ status: string; sha256: string }[]>(run.outputs.results)
    assert.ok(results.every((result, i) => result.status === 'downloaded' && result.sha256 === sha256(content(names[i] ?? '', size(i)))))
    assert.ok(server.maxInFlight <= 8, `${server.maxInFlight} requests in flight`)
    assert.equal((run.summary.match(/<tr>/g) ?? []).length, 501)
    assert.match(run.stdout, /^Downloaded 500 of 500 files \(.+\) in .+\.$/m)
    assert.equal((run.stdout.match(/^✓ /gm) ?? []).length, 500)
  })

  it('sends no request on a rerun of pinned entries, and says it was a cache hit', async () => {
    const manifest = ['a', 'b', 'c'].map((name) => `${server.url}/file/rerun-${name} ${name}.bin sha256=${sha256(content(`rerun-${name}`))}`).join('\n')
    const first = await runAction({ manifest })
    assert.equal(first.code, 0, first.stdout)
    assert.equal(first.outputs['cache-hit'], 'false')
    const second = await runAction({ manifest }, { again: first })
    assert.equal(second.code, 0, second.stdout)
    assert.deepEqual(['a', 'b', 'c'].map((name) => server.count(`/file/rerun-${name}`)), [1, 1, 1])
    assert.equal(second.outputs['cache-hit'], 'true')
    assert.deepEqual(
      json<{ status: string; attempts: number }[]>(second.outputs.results).map((result) => [result.status, result.attempts]),
      [['up-to-date', 0], ['up-to-date', 0], ['up-to-date', 0]],
    )
    assert.equal(second.outputs.downloaded, '0')
    assert.match(second.stdout, /^Downloaded 0 of 3 files \(0 B\) in .*; 3 up to date \(2\.9 KiB without the network\)\.$/m)
    // The debug trail, shown when a run is re-run with debug logging: settings, then each decision.
    for (const line of ['::debug::manifest: inline, ', '::debug::concurrency: 8', '::debug::a.bin: up to date: the file there matches every pin']) {
      assert.ok(second.stdout.includes(line), line)
    }
    assert.match(second.summary, /^<li>♻️ <b>3<\/b> up to date<\/li>$/m)
  })

  it('writes a lock file, in a folder it makes, that makes the next run verified and free of requests', async () => {
    const manifest = `# fixtures\n- ${server.url}/file/lock-a\n- url: ${server.url}/file/lock-b\n  path: b/lock-b.bin\n`
    const first = await runAction(
      { 'manifest-file': 'downloads.yml', 'lock-file': 'locks/downloads.lock.yml' },
      { prepare: (workspace) => writeFile(join(workspace, 'downloads.yml'), manifest) },
    )
    assert.equal(first.code, 0, first.stdout)
    const lock = await readFile(join(first.workspace, 'locks/downloads.lock.yml'), 'utf8')
    assert.equal(
      lock,
      `# fixtures\n- url: ${server.url}/file/lock-a\n  sha256: ${sha256(content('lock-a'))}\n- url: ${server.url}/file/lock-b\n  path: b/lock-b.bin\n  sha256: ${sha256(content('lock-b'))}\n`,
    )
    const second = await runAction({ 'manifest-file': 'locks/downloads.lock.yml' }, { again: first })
    assert.equal(second.code, 0, second.stdout)
    assert.equal(second.outputs['cache-hit'], 'true')
    assert.deepEqual([server.count('/file/lock-a'), server.count('/file/lock-b')], [1, 1])
  })

  it('keeps pinned files in a self-hosted runner\'s tool cache and places them from there on the next job', async () => {
    const toolCache = await mkdtemp(join(tmpdir(), 'tool-cache-'))
    const pinned = (name: string): string => `${server.url}/file/store-${name} ${name}.bin sha256=${sha256(content(`store-${name}`))}`
    const manifest = [pinned('a'), pinned('b'), `${server.url}/file/store-unpinned unpinned.bin`].join('\n')
    const first = await runAction({ manifest }, { toolCache })
    assert.equal(first.code, 0, first.stdout)
    assert.deepEqual((await readdir(join(toolCache, 'parallel-download', 'sha256'))).sort(), [sha256(content('store-a')), sha256(content('store-b'))].sort())

    // Another workspace, as on the next job of a runner whose tool cache lasts.
    const second = await runAction({ manifest }, { toolCache })
    assert.equal(second.code, 0, second.stdout)
    assert.deepEqual(
      json<{ status: string }[]>(second.outputs.results).map((result) => result.status),
      ['cached', 'cached', 'downloaded'],
    )
    assert.deepEqual(['a', 'b', 'unpinned'].map((name) => server.count(`/file/store-${name}`)), [1, 1, 2])
    for (const name of ['a', 'b']) assert.ok((await readFile(join(second.workspace, `${name}.bin`))).equals(content(`store-${name}`)))
    assert.deepEqual([second.outputs['cache-hit'], second.outputs['cache-key'], second.outputs['cache-matched-key']], ['false', '', ''])
    assert.match(second.summary, /^<li>📦 <b>2<\/b> from the cache<\/li>$/m)
  })

  it('unpacks an archive, through the chunks the bundle loads for it', { skip: noXz() }, async () => {
    const sources = await mkdtemp(join(tmpdir(), 'archive-'))
    await mkdir(join(sources, 'tree/docs'), { recursive: true })
    await writeFile(join(sources, 'tree/docs/readme.txt'), 'hello')
    tar('-cJf', join(sources, 'docs.tar.xz'), join(sources, 'tree'), ['docs'])
    const body = await readFile(join(sources, 'docs.tar.xz'))
    server.blobs.set('docs.tar.xz', body)
    const toolCache = await mkdtemp(join(tmpdir(), 'tool-cache-'))
    const manifest = `${server.url}/blob/docs.tar.xz extract=true sha256=${sha256(body)}`
    const run = await runAction({ manifest }, { toolCache })
    assert.equal(run.code, 0, run.stdout)
    assert.equal(await readFile(join(run.workspace, 'docs/docs/readme.txt'), 'utf8'), 'hello')
    assert.deepEqual(await readdir(run.workspace), ['docs'])
    // The next runner unpacks from the store, without a request.
    const again = await runAction({ manifest }, { toolCache })
    assert.equal(again.outputs['cache-hit'], 'true')
    assert.equal(await readFile(join(again.workspace, 'docs/docs/readme.txt'), 'utf8'), 'hello')
    assert.equal(server.count('/blob/docs.tar.xz'), 1)
  })

  it('downloads only its shard of a matrix, after checking the whole manifest', async () => {
    const manifest = Array.from({ length: 6 }, (_, i) => `${server.url}/file/shard-${i} s${i}.bin`).join('\n')
    const run = await runAction({ manifest, shard: '2/3' })
    assert.equal(run.code, 0, run.stdout)
    assert.deepEqual(json(run.outputs.paths), [join(run.workspace, 's1.bin'), join(run.workspace, 's4.bin')])
    assert.match(run.stdout, /^Shard 2\/3: 2 of 6 entries\.$/m)
    assert.deepEqual(await readdir(run.workspace), ['s1.bin', 's4.bin'])
    const bad = await runAction({ manifest: `${manifest}\nftp://example.org/x`, shard: '1/3' })
    assert.equal(bad.code, 1)
    assert.match(bad.stdout, /^::error title=Invalid manifest::line 7: 'ftp:' URLs are not supported/m)
  })

  it('goes through HTTP_PROXY, except to NO_PROXY hosts', async () => {
    const proxy = await startProxy()
    try {
      const port = new URL(server.url).port
      const manifest = `http://localhost:${port}/file/proxied proxied.bin\n${server.url}/file/direct direct.bin`
      const run = await runAction({ manifest }, { env: { HTTP_PROXY: proxy.url, no_proxy: '127.0.0.1' } })
      assert.equal(run.code, 0, run.stdout)
      assert.deepEqual(proxy.seen, [`GET http://localhost:${port}/file/proxied`])
      assert.ok((await readFile(join(run.workspace, 'proxied.bin'))).equals(content('proxied')))
      assert.equal(server.count('/file/direct'), 1)
    } finally {
      await proxy.close()
    }
  })

  it('downloads over https, and tunnels it through HTTPS_PROXY with CONNECT', async () => {
    const tls = await startServer({ tls: true })
    const proxy = await startProxy()
    const env = { NODE_EXTRA_CA_CERTS: testCertificate().file }
    try {
      const manifest = `${tls.url}/file/secure secure.bin sha256=${sha256(content('secure'))}`
      const direct = await runAction({ manifest }, { env })
      assert.equal(direct.code, 0, direct.stdout)
      assert.deepEqual(proxy.seen, [])
      const tunnelled = await runAction({ manifest }, { env: { ...env, HTTPS_PROXY: proxy.url } })
      assert.equal(tunnelled.code, 0, tunnelled.stdout)
      assert.deepEqual(proxy.seen, [`CONNECT ${new URL(tls.url).host}`])
      assert.ok((await readFile(join(tunnelled.workspace, 'secure.bin'))).equals(content('secure')))
      assert.equal(tls.count('/file/secure'), 2)
    } finally {
      await proxy.close()
      await tls.close()
    }
  })

  it('keeps no store with store-size: 0, nor on a GitHub-hosted runner, whose tool cache goes with its VM', async () => {
    const toolCache = await mkdtemp(join(tmpdir(), 'tool-cache-'))
    const manifest = `${server.url}/file/nostore x.bin sha256=${sha256(content('nostore'))}`
    const off = await runAction({ manifest, 'store-size': '0' }, { toolCache })
    const hosted = await runAction({ manifest }, { toolCache, env: { RUNNER_ENVIRONMENT: 'github-hosted' } })
    for (const run of [off, hosted]) assert.equal(run.code, 0, run.stdout)
    assert.deepEqual(await readdir(toolCache), [])
  })

  it('takes a YAML manifest, masks header values, and sends them', async () => {
    const run = await runAction({
      manifest: `- url: ${server.url}/echo\n  path: echo.json\n  headers:\n    X-Entry-Token: entry-s3cret\n- ${server.url}/file/plain\n`,
      headers: `${server.url}/ Authorization: Bearer input-s3cret`,
    })
    assert.equal(run.code, 0, run.stdout)
    const echoed = JSON.parse(await readFile(join(run.workspace, 'echo.json'), 'utf8')) as Record<string, string>
    assert.equal(echoed.authorization, 'Bearer input-s3cret')
    assert.equal(echoed['x-entry-token'], 'entry-s3cret')
    for (const secret of ['input-s3cret', 'entry-s3cret']) {
      assert.match(run.stdout, new RegExp(`^::add-mask::${secret}$`, 'm'))
      const unmasked = run.stdout.split('\n').filter((line) => line.includes(secret) && !line.startsWith('::add-mask::'))
      assert.deepEqual(unmasked, [])
    }
    assert.ok(run.stdout.indexOf('::add-mask::') < run.stdout.indexOf('✓ '))
  })

  it('rejects a bad manifest before downloading anything, naming each line, without a stack trace', async () => {
    const run = await runAction(
      { 'manifest-file': 'list.txt', directory: 'out' },
      {
        prepare: (workspace) =>
          writeFile(
            join(workspace, 'list.txt'),
            [`${server.url}/file/good good.bin`, `${server.url}/file/a ../../etc/a`, 'ftp://example.org/x', `${server.url}/file/b good.bin`].join('\n'),
          ),
      },
    )
    assert.equal(run.code, 1)
    assert.deepEqual(run.stdout.split('\n').filter((line) => line.startsWith('::error')), [
      "::error title=Invalid manifest,file=list.txt,line=2::line 2: the destination '../../etc/a' resolves outside the directory.",
      "::error title=Invalid manifest,file=list.txt,line=3::line 3: 'ftp:' URLs are not supported, only http and https.",
      "::error title=Invalid manifest,file=list.txt,line=4::line 4: it has the same destination as line 1 ('good.bin').",
      '::error::The inputs and the manifest have 3 problem(s); nothing was downloaded.',
    ])
    assert.doesNotMatch(run.stdout, NO_STACK)
    assert.deepEqual(await readdir(run.workspace), ['list.txt'])
    assert.equal(server.count('/file/good'), 0)
    assert.equal(run.outputs.paths, '[]')
  })

  it('reports bad inputs and the manifest\'s problems in one run, with outputs no check can take for a success', async () => {
    const run = await runAction({ manifest: `${server.url}/file/a\nftp://example.org/x`, concurrency: 'eight', 'fail-on-error': 'maybe' })
    assert.equal(run.code, 1)
    const problems = [
      "Input 'concurrency' must be a whole number from 1 to 256; got 'eight'.",
      "Input 'fail-on-error' must be true or false; got 'maybe'.",
      "line 2: 'ftp:' URLs are not supported, only http and https.",
    ]
    assert.deepEqual(run.stdout.split('\n').filter((line) => /^::error title=Invalid (input|manifest)\b/.test(line)).map((line) => line.replace(/^[^:]*::[^:]*::/, '')), problems)
    assert.doesNotMatch(run.stdout, NO_STACK)
    assert.deepEqual(await readdir(run.workspace), [])
    assert.equal(run.outputs.failed, '3')
    assert.deepEqual([run.outputs.downloaded, run.outputs['cache-hit'], run.outputs.paths], ['0', 'false', '[]'])
    const items = problems.map((error, i) => (i === 2 ? { status: 'refused', error, line: 2 } : { status: 'refused', error }))
    assert.deepEqual(json(run.outputs.results), items)
    assert.deepEqual(json(run.outputs.failures), items.map(({ status: _, ...failure }) => failure))
    assert.deepEqual(JSON.parse(await readFile(run.outputs['results-file'] ?? '', 'utf8')), items)
    assert.match(run.summary, /<h2>Downloads refused<\/h2>/)
    for (const problem of problems) assert.ok(run.summary.includes(problem.replaceAll("'", '&#39;')), problem)
  })

  it("annotates an input's problem on no file and at most ten problems in all, and keeps a manifest's Markdown out of the summary", async () => {
    const lines = Array.from({ length: 12 }, (_, i) => `ftp://example.org/${i}`)
    const run = await runAction({ 'manifest-file': 'list.txt', retries: 'many' }, { prepare: (workspace) => writeFile(join(workspace, 'list.txt'), lines.join('\n')) })
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::error'))
    assert.equal(annotations[0], "::error title=Invalid input::Input 'retries' must be a whole number from 0 to 20; got 'many'.")
    assert.equal(annotations[1], "::error title=Invalid manifest,file=list.txt,line=1::line 1: 'ftp:' URLs are not supported, only http and https.")
    assert.deepEqual(annotations.slice(10), [
      '::error::3 more problems, each in the log above, in the job summary and in the results file.',
      '::error::The inputs and the manifest have 13 problem(s); nothing was downloaded.',
    ])
    assert.match(run.stdout, /^line 12: 'ftp:' URLs are not supported, only http and https\.$/m)
    assert.equal(run.outputs.failed, '13')

    const yaml = '- url: https://example.org/a\n  "x\\n\\n# Approved\\n\\n![x](https://evil.example/pixel.png)": 1\n'
    const marked = await runAction({ 'manifest-file': 'list.yml' }, { prepare: (workspace) => writeFile(join(workspace, 'list.yml'), yaml) })
    assert.equal(marked.outputs.failed, '1')
    assert.doesNotMatch(marked.summary, /\n\s*\n# Approved|\n!\[x\]/)
    assert.match(marked.summary, /&#10;&#10;# Approved&#10;&#10;!\[x\]/)
  })

  it('writes the results file into a RUNNER_TEMP that does not exist yet, and a good run stays good when it can\'t', async () => {
    const made = await runAction({ manifest: `${server.url}/file/temp` }, { env: { RUNNER_TEMP: join(await mkdtemp(join(tmpdir(), 'gone-')), 'not/yet') } })
    assert.equal(made.code, 0, made.stdout)
    assert.ok(JSON.parse(await readFile(made.outputs['results-file'] ?? '', 'utf8')))
    const blocked = await mkdtemp(join(tmpdir(), 'blocked-'))
    await writeFile(join(blocked, 'file'), '')
    const unwritable = await runAction({ manifest: `${server.url}/file/temp` }, { env: { RUNNER_TEMP: join(blocked, 'file/temp') } })
    assert.equal(unwritable.code, 0, unwritable.stdout)
    assert.match(unwritable.stdout, /^::warning::Could not write the results file in '.*': a file is in the way of a folder; the outputs hold what fits in them\.$/m)
    assert.equal(unwritable.outputs.downloaded, '1')
    // Without a results file, nothing says that one holds what was left out.
    const failing = Array.from({ length: 12 }, (_, i) => `${server.url}/status/404?n=${i} gone-${i}.bin`).join('\n')
    const refused = Array.from({ length: 12 }, (_, i) => `ftp://h.example/${i}`).join('\n')
    for (const manifest of [failing, refused]) {
      const run = await runAction({ manifest, retries: '0', 'fail-on-error': 'false' }, { env: { RUNNER_TEMP: join(blocked, 'file/temp') } })
      assert.match(run.stdout, /^::(warning|error)::2 more (downloads failed, each in the log above|problems, each in the log above, in the job summary)\.$/m)
      assert.doesNotMatch(run.stdout, /in the results file/)
    }
  })

  it('warns, and stays a good run, when the lock file can not be written after all', async () => {
    // Its folder took a new file when the run started; then an entry made a folder of its name.
    const run = await runAction({ manifest: `${server.url}/file/lock-late lock.txt/a.bin`, 'lock-file': 'lock.txt' })
    assert.equal(run.code, 0, run.stdout)
    assert.match(run.stdout, /^::warning::Could not write the lock file '.*lock\.txt': .+\.$/m)
    assert.equal(run.outputs.downloaded, '1')
  })

  it('sets the outputs and summary, then fails the step, when entries fail', async () => {
    const failing = Array.from({ length: 12 }, (_, i) => `${server.url}/status/404?n=${i} missing-${i}`)
    const run = await runAction({ manifest: [`${server.url}/file/ok R&D's.bin`, ...failing].join('\n'), retries: '0' })
    assert.equal(run.code, 1)
    assert.deepEqual(json(run.outputs.paths), [join(run.workspace, "R&D's.bin")])
    assert.equal(run.outputs.failed, '12')
    const failures = json<{ url: string; path: string; error: string; status: number; attempts: number }[]>(run.outputs.failures)
    // The destination relative to `directory`, with `/` between names on every OS.
    assert.deepEqual(failures[0], {
      url: `${server.url}/status/404?n=0`,
      path: join(run.workspace, 'missing-0'),
      error: 'The server answered 404 Not Found.',
      status: 404,
      attempts: 1,
    })
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error'))
    assert.equal(errors.length, 12)
    assert.match(errors[0] ?? '', /^::error title=Download failed%3A missing-0::line 2: http:.*: The server answered 404 Not Found\.$/)
    assert.match(errors[10] ?? '', /^::error::2 more downloads failed/)
    assert.equal(errors[11], '::error::12 of 13 downloads failed.')
    assert.match(run.summary, /R&#38;D&#39;s\.bin/)
    assert.doesNotMatch(run.summary, /R&D's/)
    const file = run.outputs['results-file'] ?? ''
    assert.equal(dirname(file), join(dirname(run.workspace), 'temp'))
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), json(run.outputs.results))
    assert.equal(json<unknown[]>(run.outputs.results).length, 13)
  })

  it("puts a failed download's annotation on its line of the manifest file", async () => {
    const run = await runAction(
      { 'manifest-file': 'lists/data.txt', retries: '0' },
      {
        prepare: async (workspace) => {
          await mkdir(join(workspace, 'lists'))
          await writeFile(join(workspace, 'lists/data.txt'), `# data\n${server.url}/file/fine\n\n${server.url}/status/404 gone.bin\n`)
        },
      },
    )
    assert.equal(run.code, 1)
    assert.match(run.stdout, /^::error title=Download failed%3A gone\.bin,file=lists\/data\.txt,line=4::line 4: /m)
  })

  it('fails a file that the disk takes only part of, leaving nothing of it: small and larger ones written whole from memory, and one streamed', { skip: process.platform === 'win32' && 'Windows has no file size limit (ulimit -f) to make writes fall short' }, async () => {
    // 64 blocks of 512 bytes: a write past 32 KiB falls short, and the next one fails (EFBIG).
    const manifest = [`${server.url}/file/fits?size=4096 fits.bin`, `${server.url}/file/small?size=50000 small.bin`, `${server.url}/file/memory?size=200000 memory.bin`, `${server.url}/file/streamed?size=3000000 streamed.bin`].join('\n')
    const run = await runAction({ manifest, retries: '0', 'fail-on-error': 'false' }, { fileBlocks: 64 })
    assert.equal(run.code, 0, 'fail-on-error: false reached the action')
    const results = json<{ path: string; status: string; error?: string }[]>(run.outputs.results)
    assert.deepEqual(
      results.map((result) => [basename(result.path), result.status, result.error]),
      [
        ['fits.bin', 'downloaded', undefined],
        ['small.bin', 'failed', "Could not write 'small.bin': the file is larger than this runner allows."],
        ['memory.bin', 'failed', "Could not write 'memory.bin': the file is larger than this runner allows."],
        ['streamed.bin', 'failed', "Could not write 'streamed.bin': the file is larger than this runner allows."],
      ],
    )
    assert.deepEqual(await readdir(run.workspace), ['fits.bin'])
  })

  it("writes an archive member's control characters in an annotation as escapes, as in the log", async () => {
    server.blobs.set('escape.zip', zipOf([{ name: '../\u001b[31mevil.txt', data: 'x' }]))
    const run = await runAction({ manifest: `${server.url}/blob/escape.zip out extract=zip`, retries: '0' })
    const annotation = run.stdout.split('\n').find((line) => line.startsWith('::error title=Download failed'))
    assert.ok(annotation?.includes("the archive member '../\\u001b[31mevil.txt' would land outside the folder"), annotation)
    assert.ok(!run.stdout.includes('\u001b'))
  })

  it("keeps a 20 000-entry run within GitHub's limits on outputs and summary", async () => {
    // Half the entries fail, so that failures, paths and results all have to share the room.
    const manifest = Array.from({ length: 20_000 }, (_, i) =>
      i % 2 ? `${server.url}/status/404?n=${i} data/missing-${i}.bin` : `${server.url}/file/big-run-${i % 10} data/file-${i}.bin`,
    ).join('\n')
    const run = await runAction(
      { 'manifest-file': 'big.txt', 'fail-on-error': 'false', retries: '0', concurrency: '16' },
      { prepare: (workspace) => writeFile(join(workspace, 'big.txt'), manifest) },
    )
    assert.equal(run.code, 0)
    const outputs = Object.entries(run.outputs).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value), 0)
    assert.ok(outputs < 1_000_000, `${outputs} bytes of outputs`)
    assert.ok(Buffer.byteLength(run.summary) < 1024 * 1024, `${Buffer.byteLength(run.summary)} bytes of summary`)
    assert.match(run.stdout, /^::warning::The outputs failures \(\d+ of 10000\), paths \(\d+ of 10000\), results \(\d+ of 20000\) were cut/m)
    for (const name of ['failures', 'paths', 'results']) assert.ok(json<unknown[]>(run.outputs[name]).length > 500, `${name} was given no room`)
    const every = json<{ path: string; status: string }[]>(await readFile(run.outputs['results-file'] ?? '', 'utf8'))
    assert.deepEqual(
      every.map((result) => [basename(result.path), result.status === 'failed']),
      Array.from({ length: 20_000 }, (_, i) => [i % 2 ? `missing-${i}.bin` : `file-${i}.bin`, i % 2 === 1]),
      'every result, in manifest order',
    )
    assert.equal(run.outputs.failed, '10000')
    assert.equal((run.stdout.match(/^::warning title=Download failed/gm) ?? []).length, 10)
  })

  it('warns instead of failing with fail-on-error: false', async () => {
    const run = await runAction({ manifest: `${server.url}/status/410 gone.bin`, 'fail-on-error': 'false' })
    assert.equal(run.code, 0)
    assert.match(run.stdout, /^::warning title=Download failed%3A gone.bin::line 1: .*410 Gone\.$/m)
    assert.doesNotMatch(run.stdout, /^::error/m)
    assert.equal(run.outputs.failed, '1')
  })
})

async function someChunkHolds(dist: string, chunks: string[], marker: string): Promise<boolean> {
  for (const chunk of chunks) if ((await readFile(join(dist, chunk), 'utf8')).includes(marker)) return true
  return false
}
