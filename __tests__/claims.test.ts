// The README's sentences that state a behaviour and had no test of their own, each named as the
// sentence says it: through the committed bundle as the runner runs it, or through src/, against
// real servers on 127.0.0.1 and real files. Sections follow the README's; the sentences that other
// test files already check are not repeated here.
import assert from 'node:assert/strict'
import { execFile, execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { chmod, link, mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join, sep } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { parseHeaderLines } from '../src/headers.ts'
import { parseManifest } from '../src/manifest.ts'
import { planDownloads } from '../src/plan.ts'
import { runAll } from '../src/run-all.ts'
import type { DownloadResult } from '../src/download.ts'
import { ended } from './helpers/process.ts'
import { BUNDLE, json, runAction, type Run, type RunOptions } from './helpers/action.ts'
import { startProxy } from './helpers/proxy.ts'
import { content, sha256, startServer, type TestServer } from './helpers/server.ts'
import { testCertificate } from './helpers/tls.ts'
import { missing, NO_SIGNALS, noXz, tar } from './helpers/tools.ts'

const ROOT = new URL('../', import.meta.url)

let server: TestServer
let other: TestServer
before(async () => {
  server = await startServer()
  other = await startServer()
})
after(async () => {
  await server.close()
  await other.close()
})

interface Result {
  url: string
  path: string
  status: string
  bytes: number
  sha256: string | null
  attempts: number
  error?: string
}

function hash(algorithm: string, data: Buffer | string): string {
  return createHash(algorithm).update(data).digest('hex')
}

/** The JSON body that /echo saved into `name`: the request headers as the server saw them. */
async function echoed(run: Run, name: string): Promise<Record<string, string | undefined>> {
  return JSON.parse(await readFile(join(run.workspace, name), 'utf8')) as Record<string, string | undefined>
}

/** The Invalid input and Invalid manifest annotations of a refused run, without their workflow-command prefix. */
function refusals(run: Run): string[] {
  return run.stdout
    .split('\n')
    .filter((line) => /^::error title=Invalid (input|manifest)\b/.test(line))
    .map((line) => line.replace(/^::error [^:]*::/, ''))
}

/** Log lines that are not workflow commands: what a person reads. */
function readable(run: Run): string[] {
  return run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
}

/** Every name that appears anywhere under the workspace while the bundle runs, polled every few ms, with `/` between names. */
function watching(seen: Set<string>): NonNullable<RunOptions['started']> {
  return (child, workspace) => {
    const poll = setInterval(() => {
      try {
        for (const name of readdirSync(workspace, { recursive: true })) seen.add(String(name).split(sep).join('/'))
      } catch {
        // a folder that went away between two reads
      }
    }, 3)
    child.on('exit', () => clearInterval(poll))
  }
}

/** Entries through src/, as the action runs them, with a short backoff. */
async function fetchAll(directory: string, manifest: string): Promise<DownloadResult[]> {
  const parsed = await parseManifest(manifest)
  const plan = planDownloads(parsed.entries, directory, [])
  assert.deepEqual([...parsed.problems, ...plan.problems], [])
  return runAll(plan.downloads, { directory, concurrency: 4, retries: 2, timeoutMs: 5000, retryDelayMs: 5 })
}

describe('Nothing half-written', () => {
  it('A body under 1 MiB is checked in memory and then written to its new file', async () => {
    const seen = new Set<string>()
    const body = content('in-memory', 900_000)
    // Four parts 150 ms apart: the body takes half a second to arrive, and the folder is watched meanwhile.
    const manifest = [
      `${server.url}/trickle/150/in-memory?size=900000 small.bin sha256=${sha256(body)}`,
      `${server.url}/trickle/150/in-memory-bad?size=900000 bad.bin sha256=${sha256('not it')}`,
    ].join('\n')
    const run = await runAction({ manifest, 'fail-on-error': 'false' }, { started: watching(seen) })
    assert.deepEqual(json<Result[]>(run.outputs.results).map((result) => result.status), ['downloaded', 'failed'])
    assert.ok((await readFile(join(run.workspace, 'small.bin'))).equals(body))
    // No temporary file, and the body that failed its pin never reached the disk at all.
    assert.deepEqual([...seen].filter((name) => name !== 'small.bin'), [])
  })

  it('a larger one streams into a temporary file beside the destination and is renamed into place', async () => {
    const seen = new Set<string>()
    const body = content('streamed', 3_000_000)
    const run = await runAction({ manifest: `${server.url}/trickle/150/streamed?size=3000000 data/large.bin sha256=${sha256(body)}` }, { started: watching(seen) })
    assert.equal(run.code, 0, run.stdout)
    const temporaries = [...seen].filter((name) => name.startsWith('data/') && name !== 'data/large.bin')
    assert.ok(temporaries.length > 0, `no temporary file was seen: ${[...seen].join(', ')}`)
    // Beside the destination, named as the README's Cancelling section says: .parallel-download-PID-RUN-N.KIND.
    for (const name of temporaries) assert.match(name, /^data\/\.parallel-download-\d+-\w+-\d+\.tmp$/)
    assert.deepEqual(await readdir(join(run.workspace, 'data')), ['large.bin'])
    assert.ok((await readFile(join(run.workspace, 'data/large.bin'))).equals(body))
  })

  it('a file already at the destination is always replaced by a rename', async () => {
    // A hard link to the old file sees any write made into it; a rename leaves it as it was.
    const run = await runAction(
      { manifest: `${server.url}/file/renamed-small small.bin\n${server.url}/file/renamed-large?size=3000000 large.bin` },
      {
        prepare: async (workspace) => {
          for (const name of ['small', 'large']) {
            await writeFile(join(workspace, `${name}.bin`), 'old')
            await link(join(workspace, `${name}.bin`), join(workspace, `${name}.old`))
          }
        },
      },
    )
    assert.equal(run.code, 0, run.stdout)
    for (const [name, size] of [['small', 1000], ['large', 3_000_000]] as const) {
      assert.ok((await readFile(join(run.workspace, `${name}.bin`))).equals(content(`renamed-${name}`, size)), name)
      assert.equal(await readFile(join(run.workspace, `${name}.old`), 'utf8'), 'old', `the old ${name} file was written into`)
    }
  })
})

describe('Manifest: lines', () => {
  it('a `#` inside a URL is part of it', async () => {
    const run = await runAction({ manifest: `${server.url}/file/hashed#part hashed.bin sha256=${sha256(content('hashed'))}  # a comment` })
    assert.equal(run.code, 0, run.stdout)
    assert.ok((await readFile(join(run.workspace, 'hashed.bin'))).equals(content('hashed')))
    assert.equal(json<Result[]>(run.outputs.results)[0]?.url, `${server.url}/file/hashed#part`)
  })

  it('Options pin checksums in hex: `sha256=`, `sha512=`, `sha1=`, `md5=`', async () => {
    const body = content('pinned')
    const algorithms = ['sha256', 'sha512', 'sha1', 'md5']
    const right = algorithms.map((algorithm) => `${server.url}/file/pinned ok-${algorithm}.bin ${algorithm}=${hash(algorithm, body)}`)
    const wrong = algorithms.map((algorithm) => `${server.url}/file/pinned bad-${algorithm}.bin ${algorithm}=${hash(algorithm, 'something else')}`)
    const run = await runAction({ manifest: [...right, ...wrong].join('\n'), 'fail-on-error': 'false' })
    const results = json<Result[]>(run.outputs.results)
    assert.deepEqual(results.map((result) => result.status), [...Array<string>(4).fill('downloaded'), ...Array<string>(4).fill('failed')])
    assert.deepEqual(
      results.slice(4).map((result) => result.error),
      algorithms.map((algorithm) => `The ${algorithm} is ${hash(algorithm, body)}, not the pinned ${hash(algorithm, 'something else')}.`),
    )
    assert.deepEqual((await readdir(run.workspace)).sort(), algorithms.map((algorithm) => `ok-${algorithm}.bin`).sort())
  })

  it('A second token of the form `word=...` is read as an option, so write `./a=b.csv` for a file whose name looks like one', async () => {
    const written = await runAction({ manifest: `${server.url}/file/equals ./a=b.csv` })
    assert.equal(written.code, 0, written.stdout)
    assert.deepEqual(await readdir(written.workspace), ['a=b.csv'])
    const read = await runAction({ manifest: `${server.url}/file/equals a=b.csv` })
    assert.equal(read.code, 1)
    assert.deepEqual(refusals(read), ["line 1: unknown option 'a'."])
  })
})

describe('Manifest: YAML or JSON', () => {
  it('Every value is read as text, so a digest made only of digits stays a digest', async () => {
    const md5 = '12345678901234567890123456789012'
    const sha1 = '1234567890123456789012345678901234567890'
    // Unquoted, YAML would read these as numbers, and lose all but their first 17 digits.
    const { entries, problems } = await parseManifest(`- url: https://example.org/a\n  md5: ${md5}\n  sha1: ${sha1}\n`)
    assert.deepEqual(problems, [])
    assert.deepEqual(entries[0]?.checksums, { md5, sha1 })
  })

  it('`headers` (sent with that entry only, to its own origin)', async () => {
    const away = encodeURIComponent(`${other.url}/echo`)
    const manifest = [
      `- url: ${server.url}/echo?with`,
      '  path: with.json',
      '  headers: {X-Entry: mine}',
      `- url: ${server.url}/echo?without`,
      '  path: without.json',
      `- url: ${server.url}/to?location=${away}`,
      '  path: away.json',
      '  headers: {X-Entry: mine}',
    ].join('\n')
    const before = other.requests.length
    const run = await runAction({ manifest })
    assert.equal(run.code, 0, run.stdout)
    assert.equal((await echoed(run, 'with.json'))['x-entry'], 'mine')
    assert.equal((await echoed(run, 'without.json'))['x-entry'], undefined)
    assert.equal((await echoed(run, 'away.json'))['x-entry'], undefined)
    assert.deepEqual(other.requests.slice(before).map((request) => request.headers['x-entry']), [undefined])
  })

  it('A `headers` line is `Name: value`, sent to every entry\'s own origin', async () => {
    const away = encodeURIComponent(`${other.url}/echo`)
    const run = await runAction({
      manifest: `${server.url}/echo?one one.json\n${server.url}/echo?two two.json\n${server.url}/to?location=${away} away.json`,
      headers: 'Accept: text/csv\nUser-Agent: the-workflow',
    })
    assert.equal(run.code, 0, run.stdout)
    for (const name of ['one.json', 'two.json']) {
      const headers = await echoed(run, name)
      assert.deepEqual([headers.accept, headers['user-agent']], ['text/csv', 'the-workflow'], name)
    }
    const away2 = await echoed(run, 'away.json')
    assert.deepEqual([away2.accept, away2['user-agent']], [undefined, 'parallel-download-action'])
  })

  it('Only `Accept`, `Accept-Language`, `Accept-Charset`, `Accept-Encoding`, `User-Agent`, `Cache-Control`, `Pragma`, `Referer` and `X-GitHub-Api-Version` may go without a prefix', () => {
    const harmless = ['Accept', 'Accept-Language', 'Accept-Charset', 'Accept-Encoding', 'User-Agent', 'Cache-Control', 'Pragma', 'Referer', 'X-GitHub-Api-Version']
    const allowed = parseHeaderLines(harmless.map((name) => `${name}: x`).join('\n'))
    assert.deepEqual(allowed.problems, [])
    assert.deepEqual(allowed.rules.map((rule) => rule.name), harmless)
    const others = ['X-Trace', 'Content-Type', 'Origin', 'X-Requested-With', 'Proxy-Authorization']
    const refused = parseHeaderLines(others.map((name) => `${name}: x`).join('\n'))
    assert.deepEqual(refused.rules, [])
    assert.deepEqual(refused.problems.map((problem) => problem.replace(/ may carry a credential.*$/, '')), others.map((name, i) => `line ${i + 1}: '${name}'`))
  })

  it('`Range` and `If-Range` are the action\'s own, and no header may be named `__proto__`, in any case', async () => {
    const run = await runAction({
      manifest: `- url: ${server.url}/file/own-range\n  headers: {If-Range: '"x"'}\n- url: ${server.url}/file/own-range\n  path: proto\n  headers: {__Proto__: x}\n`,
      headers: `${server.url}/ Range: bytes=0-9\n${server.url}/ __proto__: x`,
    })
    assert.equal(run.code, 1)
    assert.deepEqual(refusals(run), [
      "Input 'headers', line 1: header 'Range' is set by the action and can't be given.",
      "Input 'headers', line 2: header '__proto__' can't be given.",
      "entry 1 (line 1): header 'If-Range' is set by the action and can't be given.",
      "entry 2 (line 3): header '__Proto__' can't be given.",
    ])
    assert.equal(server.count('/file/own-range'), 0)
  })
})

describe('Rules for destinations', () => {
  it('URLs with credentials (`https://user:pass@host/...`) send them as a Basic `Authorization` header to that entry\'s origin, and reports show the URL without them', async () => {
    const host = new URL(server.url).host
    const away = encodeURIComponent(`${other.url}/echo`)
    const manifest = [`http://us%40er:p%3Ass@${host}/echo cred.json`, `http://user:hunter2@${host}/to?location=${away} away.json`, `http://user:hunter2@${host}/status/404 gone.bin`].join('\n')
    const run = await runAction({ manifest, 'fail-on-error': 'false', retries: '0' })
    assert.equal((await echoed(run, 'cred.json')).authorization, `Basic ${Buffer.from('us@er:p:ss').toString('base64')}`)
    assert.equal((await echoed(run, 'away.json')).authorization, undefined)
    assert.deepEqual(json<Result[]>(run.outputs.results).map((result) => result.url), [`${server.url}/echo`, `${server.url}/to?location=${away}`, `${server.url}/status/404`])
    assert.equal(json<Result[]>(run.outputs.failures)[0]?.url, `${server.url}/status/404`)
    for (const text of [...readable(run), run.summary, await readFile(run.outputs['results-file'] ?? '', 'utf8')]) {
      assert.ok(!/hunter2|p%3Ass|us%40er/.test(text), text)
    }
  })
})

describe('Large manifests across a matrix', () => {
  it('Every job checks the whole manifest first, so a bad entry fails them all alike', async () => {
    // Lines 2 and 4 are shard 2's share; shard 1 is refused for them all the same.
    const manifest = ['one.bin', 'two.bin', 'three.bin', 'two.bin'].map((path, i) => `${server.url}/file/shared-${i + 1} ${path}`).join('\n')
    const runs = await Promise.all(['1/2', '2/2'].map((shard) => runAction({ manifest, shard })))
    for (const run of runs) {
      assert.equal(run.code, 1, run.stdout)
      assert.deepEqual(refusals(run), ["line 4: it has the same destination as line 2 ('two.bin')."])
      assert.deepEqual(await readdir(run.workspace), [])
    }
    assert.ok([1, 2, 3, 4].every((i) => server.count(`/file/shared-${i}`) === 0))
  })
})

describe('Behind a proxy', () => {
  it('`HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY` (in either case) are honoured: http URLs go through the proxy, https ones through a CONNECT tunnel, and hosts that `NO_PROXY` names go direct', async () => {
    const proxy = await startProxy()
    const tls = await startServer({ tls: true })
    try {
      const port = new URL(server.url).port
      // The other case than action.test.ts's: http_proxy and https_proxy in lower case, NO_PROXY in upper.
      const env = { http_proxy: proxy.url, https_proxy: proxy.url, NO_PROXY: '127.0.0.1', NODE_EXTRA_CA_CERTS: testCertificate().file }
      const tlsHost = `localhost:${new URL(tls.url).port}`
      const manifest = [`http://localhost:${port}/file/lower-proxied proxied.bin`, `${server.url}/file/lower-direct direct.bin`, `https://${tlsHost}/file/lower-tunnelled tunnelled.bin`].join('\n')
      const run = await runAction({ manifest }, { env })
      assert.equal(run.code, 0, run.stdout)
      assert.deepEqual(proxy.seen.slice().sort(), [`CONNECT ${tlsHost}`, `GET http://localhost:${port}/file/lower-proxied`])
      assert.ok((await readFile(join(run.workspace, 'tunnelled.bin'))).equals(content('lower-tunnelled')))
      assert.equal(server.count('/file/lower-direct'), 1)
    } finally {
      await proxy.close()
      await tls.close()
    }
  })
})

describe('Inputs', () => {
  it('`concurrency`: a whole number from 1 to 256; `retries`: 0 to 20', async () => {
    const manifest = `${server.url}/file/bounds`
    const edges = await runAction({ manifest, concurrency: '256', retries: '20' })
    assert.equal(edges.code, 0, edges.stdout)
    const past = await runAction({ manifest, concurrency: '257', retries: '21' })
    assert.equal(past.code, 1)
    assert.deepEqual(refusals(past), ["Input 'concurrency' must be a whole number from 1 to 256; got '257'.", "Input 'retries' must be a whole number from 0 to 20; got '21'."])
  })

  it('`timeout`: seconds an attempt may go without receiving a byte before it is abandoned', async () => {
    // Four parts 300 ms apart take longer than the timeout in all, but never go 500 ms without a byte.
    const run = await runAction({
      manifest: `${server.url}/trickle/300/patient patient.bin\n${server.url}/stall/impatient impatient.bin`,
      timeout: '0.5',
      retries: '0',
      'fail-on-error': 'false',
    })
    const results = json<Result[]>(run.outputs.results)
    assert.deepEqual(
      results.map((result) => [result.status, result.attempts, result.error]),
      [
        ['downloaded', 1, undefined],
        ['failed', 1, 'The body stalled: no data arrived before the timeout.'],
      ],
    )
    assert.ok((await readFile(join(run.workspace, 'patient.bin'))).equals(content('patient')))
  })

  it('values of headers named as credentials (`Authorization`, `Cookie`, names with token, key, secret, password, auth, session, credential, jwt, signature) are masked in the log', async () => {
    const credentials = ['Authorization', 'Cookie', 'Private-Token', 'X-Api-Key', 'X-Client-Secret', 'X-Password', 'X-Auth-User', 'X-Session-Id', 'X-Credential', 'X-Jwt', 'X-Signature']
    const plain = ['X-Trace', 'X-Api-Version']
    const value = (name: string): string => `value-of-${name.toLowerCase()}`
    const headers = [...credentials, ...plain].map((name) => `${server.url}/ ${name}: ${value(name)}`).join('\n')
    const run = await runAction({ manifest: `${server.url}/echo masked.json`, headers })
    assert.equal(run.code, 0, run.stdout)
    const masked = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::')).map((line) => line.slice('::add-mask::'.length))
    for (const name of credentials) assert.ok(masked.includes(value(name)), `${name} is not masked`)
    for (const name of plain) assert.ok(!masked.includes(value(name)), `${name} is masked`)
    // And they were sent.
    assert.equal((await echoed(run, 'masked.json'))['x-session-id'], value('X-Session-Id'))
  })
})

// These sections use paths of their own on the servers and time nothing against each other: they run at once.
describe('Outputs, retries, reruns and archives', { concurrency: true }, () => {
  describe('Outputs', { concurrency: true }, () => {
    it('`results-file`: written on every run, or a warning and `\'\'` when it can\'t be', async () => {
      const blocked = await mkdtemp(join(tmpdir(), 'blocked-'))
      await writeFile(join(blocked, 'file'), '')
      const run = await runAction({ manifest: `${server.url}/file/no-results-file` }, { env: { RUNNER_TEMP: join(blocked, 'file/temp') } })
      assert.equal(run.code, 0, run.stdout)
      assert.match(run.stdout, /^::warning::Could not write the results file/m)
      assert.equal(run.outputs['results-file'], '')
    })

    it('`bytes`: total size of the files fetched over the network (decoded, when a server compressed them)', async () => {
      const run = await runAction({ manifest: `${server.url}/encoded/gzip/squeezed?size=200000 squeezed.bin\n${server.url}/file/plain-bytes?size=1234 plain.bin` })
      assert.equal(run.code, 0, run.stdout)
      assert.equal(run.outputs.bytes, String(200_000 + 1234))
      assert.deepEqual(json<Result[]>(run.outputs.results).map((result) => result.bytes), [200_000, 1234])
    })

    describe('a download that takes longer than 5 seconds', () => {
      let run: Run
      before(async () => {
        // Four parts 1.9 s apart: at 5 s three have come, and it ends at 5.7 s, before a second line would be due.
        run = await runAction({ manifest: `${server.url}/trickle/1900/slowly slowly.bin\n${server.url}/file/quickly quickly.bin` })
      })

      it('a download still running after 5 seconds gets a progress line (bytes, percent when the length is known, rate) every 15 seconds', () => {
        assert.equal(run.code, 0, run.stdout)
        const lines = run.stdout.split('\n').filter((line) => line.startsWith('… '))
        assert.equal(lines.length, 1, lines.join('\n'))
        assert.match(lines[0] ?? '', /^… slowly\.bin: 750 B of 1000 B \(75 %\), [\d.]+ (B|KiB)\/s$/)
      })

      it('`format.ts`: sizes, durations and HTML as people read them (a progress line\'s rate)', () => {
        const line = run.stdout.split('\n').find((text) => text.startsWith('… slowly.bin:')) ?? ''
        assert.match(line, /, \d+(\.\d)? (B|KiB)\/s$/)
      })
    })

    it('The log has a line for each entry as it finishes and a totals line', async () => {
      // The stdout of the bundle, each piece with the time it came.
      const heard: { at: number; text: string }[] = []
      const run = await runAction(
        { manifest: `${server.url}/slow/900/late late.bin\n${server.url}/file/early early.bin` },
        { started: (child) => child.stdout?.on('data', (data: Buffer) => heard.push({ at: performance.now(), text: data.toString() })) },
      )
      assert.equal(run.code, 0, run.stdout)
      const when = (pattern: RegExp): number => heard.find((piece) => pattern.test(piece.text))?.at ?? Number.NaN
      const early = when(/^✓ early\.bin /m)
      const late = when(/^✓ late\.bin /m)
      // The second entry's line is out while the first still downloads, not with it at the end.
      assert.ok(late - early > 400, `early.bin's line came ${(late - early).toFixed(0)} ms before late.bin's`)
      assert.ok(when(/^Downloaded 2 of 2 files /m) >= late)
    })

    it('a table past 20 rows folds into `<details>`', async () => {
      const manifest = (count: number, tag: string): string => Array.from({ length: count }, (_, i) => `${server.url}/file/rows-${tag}-${i}`).join('\n')
      const [twenty, more] = await Promise.all([runAction({ manifest: manifest(20, 'a') }), runAction({ manifest: manifest(21, 'b') })])
      assert.equal((twenty.summary.match(/<tr><td>/g) ?? []).length, 20)
      assert.doesNotMatch(twenty.summary, /<details>/)
      assert.match(more.summary, /<details><summary>21 rows<\/summary>/)
    })

    it('`npm run summary-preview` renders the summaries of `npm run demo`, of a refused run and of a 300-entry run in headless Chromium, as PNG files', { skip: !existsSync('/usr/bin/chromium') && 'no Chromium here' }, async () => {
      const out = await mkdtemp(join(tmpdir(), 'preview-'))
      await promisify(execFile)(process.execPath, [fileURLToPath(new URL('scripts/summary-preview.ts', ROOT)), out], { maxBuffer: 16 * 2 ** 20 })
      const pngs = (await readdir(out)).filter((name) => name.endsWith('.png')).sort()
      assert.deepEqual(pngs, ['first-run.png', 'many.png', 'refused.png', 'rerun.png'])
      for (const name of pngs) {
        const png = await readFile(join(out, name))
        assert.ok(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${name} is not a PNG`)
        assert.ok(png.length > 2000, `${name} is ${png.length} bytes`)
      }
    })
  })

  describe('Retries and timeouts', () => {
    it('An attempt fails on a status outside 2xx', async () => {
      const directory = await mkdtemp(join(tmpdir(), 'claims-'))
      // Not only 4xx and 5xx: a 3xx that is not a redirect has no file either.
      const results = await fetchAll(directory, `${server.url}/status/304 a.bin\n${server.url}/status/300 b.bin`)
      assert.deepEqual(
        results.map((result) => (result.ok ? 'ok' : result.error)),
        ['The server answered 304 Not Modified.', 'The server answered 300 Multiple Choices.'],
      )
      assert.deepEqual(await readdir(directory), [])
    })

    it("Every attempt starts again from the entry's URL", async () => {
      const directory = await mkdtemp(join(tmpdir(), 'claims-'))
      const [result] = await fetchAll(directory, `${server.url}/to?location=%2Fflaky%2F1%2F503%2Frestart restart.bin`)
      assert.ok(result?.ok, JSON.stringify(result))
      assert.equal(result.attempts, 2)
      assert.equal(server.requests.filter((request) => request.path.startsWith('/to?') && request.path.includes('restart')).length, 2)
      assert.equal(server.count('/flaky/1/503/restart'), 2)
    })

    describe('a body cut off halfway by a server that sends Accept-Ranges and a Last-Modified date', () => {
      const SIZE = 3_000_000
      const body = content('dated', SIZE)
      const MODIFIED = 'Wed, 21 Oct 2015 07:28:00 GMT'
      const requests: IncomingHttpHeaders[] = []
      let dated: Server
      let run: Run

      before(async () => {
        // Range + If-Range with the date: the rest, as 206. Anything else: the start of the body, then the connection ends.
        dated = createServer((request, response) => {
          requests.push(request.headers)
          const from = /^bytes=(\d+)-$/.exec(request.headers.range ?? '')?.[1]
          if (from !== undefined && request.headers['if-range'] === MODIFIED) {
            const start = Number(from)
            response.writeHead(206, { 'accept-ranges': 'bytes', 'last-modified': MODIFIED, 'content-length': SIZE - start, 'content-range': `bytes ${start}-${SIZE - 1}/${SIZE}` })
            response.end(body.subarray(start))
            return
          }
          response.writeHead(200, { 'accept-ranges': 'bytes', 'last-modified': MODIFIED, 'content-length': SIZE })
          response.write(body.subarray(0, SIZE / 2), () => response.socket?.destroy())
        })
        await new Promise<void>((done) => dated.listen(0, '127.0.0.1', done))
        const url = `http://127.0.0.1:${(dated.address() as AddressInfo).port}/dated`
        // One retry: were the rest not asked for, the second attempt would be cut off too, and the entry fail.
        run = await runAction({ manifest: `${url} dated.bin sha256=${sha256(body)}`, retries: '1' })
      })
      after(() => new Promise<void>((done) => dated.close(() => done())))

      it('An attempt cut off after part of the body arrived resumes where it stopped when the server allows it (`Accept-Ranges: bytes` with a strong `ETag` or a `Last-Modified` date): the retry asks for the rest with `Range` and `If-Range`', async () => {
        assert.equal(run.code, 0, run.stdout)
        assert.ok((await readFile(join(run.workspace, 'dated.bin'))).equals(body))
        assert.equal(requests.length, 2)
        assert.deepEqual([requests[0]?.range, requests[0]?.['if-range']], [undefined, undefined])
        const from = Number(/^bytes=(\d+)-$/.exec(requests[1]?.range ?? '')?.[1])
        assert.ok(from > 0 && from <= SIZE / 2, `asked for ${requests[1]?.range}`)
        assert.equal(requests[1]?.['if-range'], MODIFIED)
        assert.deepEqual(await readdir(run.workspace), ['dated.bin'])
      })

      it('each failed attempt that will be tried again gets a line with its reason and the wait', () => {
        const lines = run.stdout.split('\n').filter((line) => line.startsWith('… dated.bin: attempt'))
        assert.equal(lines.length, 1, run.stdout)
        assert.match(lines[0] ?? '', /^… dated\.bin: attempt 1 failed \((The connection was closed before the response was complete|The body ended after \d+ of 3000000 bytes)\); retrying in (\d+ ms|1\.0 s)$/)
      })

      it('408, 429, 5xx and network faults are tried again up to `retries` times, waiting half to all of 1 s, 2 s, 4 s …', () => {
        const wait = /retrying in (?:(\d+) ms|(1\.0) s)$/m.exec(run.stdout)
        assert.ok(wait, run.stdout)
        const ms = wait[1] !== undefined ? Number(wait[1]) : 1000
        assert.ok(ms >= 500 && ms <= 1000, `waited ${ms} ms before the first retry`)
        assert.equal(json<Result[]>(run.outputs.results)[0]?.attempts, 2)
      })

      it('Re-run a job with debug logging to see each decision (resumed)', () => {
        assert.match(run.stdout, /^::debug::dated\.bin: asking for the rest, from byte \d+ of 3000000$/m)
      })
    })
  })

  describe('Reruns', () => {
    it('An entry whose destination already holds a file matching every checksum the entry pins is not downloaded again', async () => {
      // The file there matches the sha256 pin, not the md5 one: it is not up to date, and is fetched.
      const body = content('every-pin')
      const run = await runAction(
        { manifest: `${server.url}/file/every-pin both.bin sha256=${sha256(body)} md5=${hash('md5', 'another file')}`, 'fail-on-error': 'false' },
        { prepare: (workspace) => writeFile(join(workspace, 'both.bin'), body) },
      )
      assert.equal(server.count('/file/every-pin'), 1)
      assert.deepEqual(json<Result[]>(run.outputs.results).map((result) => result.status), ['failed'])
      assert.ok((await readFile(join(run.workspace, 'both.bin'))).equals(body))
    })

    it('Pinned files are also kept in a content-addressed store in the runner\'s tool cache (`RUNNER_TOOL_CACHE/parallel-download`), keyed by their sha256 or sha512', async () => {
      const toolCache = await mkdtemp(join(tmpdir(), 'tool-cache-'))
      const body = content('sha512-only')
      const manifest = `${server.url}/file/sha512-only long.bin sha512=${hash('sha512', body)}`
      const first = await runAction({ manifest }, { toolCache })
      assert.equal(first.code, 0, first.stdout)
      assert.deepEqual(await readdir(join(toolCache, 'parallel-download', 'sha256')), [sha256(body)])
      const second = await runAction({ manifest }, { toolCache })
      assert.deepEqual(json<Result[]>(second.outputs.results).map((result) => result.status), ['cached'])
      assert.equal(server.count('/file/sha512-only'), 1)
      assert.ok((await readFile(join(second.workspace, 'long.bin'))).equals(body))
      // Re-run with debug logging: each decision, from the store among them.
      assert.match(second.stdout, /^::debug::long\.bin: placed from the store '.*parallel-download', its pins checked$/m)
    })

    it('A pinned archive whose folder changed since it was unpacked is unpacked again (from the store, without the network)', async () => {
      const toolCache = await mkdtemp(join(tmpdir(), 'tool-cache-'))
      const sources = await mkdtemp(join(tmpdir(), 'archive-'))
      await mkdir(join(sources, 'tree'))
      await writeFile(join(sources, 'tree/data.txt'), 'as packed')
      tar('-czf', join(sources, 'again.tar.gz'), join(sources, 'tree'), ['.'])
      const archive = await readFile(join(sources, 'again.tar.gz'))
      server.blobs.set('again.tar.gz', archive)
      const manifest = `${server.url}/blob/again.tar.gz extract=true sha256=${sha256(archive)}`
      const first = await runAction({ manifest }, { toolCache })
      assert.equal(first.code, 0, first.stdout)
      await writeFile(join(first.workspace, 'again/data.txt'), 'changed since')
      await writeFile(join(first.workspace, 'again/extra.txt'), 'added since')
      const second = await runAction({ manifest }, { toolCache, again: first })
      assert.equal(second.code, 0, second.stdout)
      assert.deepEqual((await readdir(join(second.workspace, 'again'))).sort(), ['.parallel-download.json', 'data.txt'])
      assert.equal(await readFile(join(second.workspace, 'again/data.txt'), 'utf8'), 'as packed')
      assert.equal(server.count('/blob/again.tar.gz'), 1)
    })

    it('A copy in the store is checked against the pins before a byte of it is written; a damaged copy is ignored', async () => {
      const toolCache = await mkdtemp(join(tmpdir(), 'tool-cache-'))
      const body = content('guarded-copy')
      const first = await runAction({ manifest: `${server.url}/file/guarded-copy guarded.bin sha256=${sha256(body)}` }, { toolCache })
      assert.equal(first.code, 0, first.stdout)
      await writeFile(join(toolCache, 'parallel-download', 'sha256', sha256(body)), 'tampered')
      // The same pin from a URL that fails: the damaged copy must not be what reaches the destination.
      const second = await runAction(
        { manifest: `${server.url}/status/404 guarded.bin sha256=${sha256(body)}`, retries: '0', 'fail-on-error': 'false' },
        { toolCache, prepare: (workspace) => writeFile(join(workspace, 'guarded.bin'), 'old') },
      )
      assert.deepEqual(json<Result[]>(second.outputs.results).map((result) => result.error), ['The server answered 404 Not Found.'])
      assert.equal(await readFile(join(second.workspace, 'guarded.bin'), 'utf8'), 'old')
      assert.deepEqual(await readdir(second.workspace), ['guarded.bin'])
    })

    it('with `lock-file`, the action writes the manifest back after the run, in the same format (comments kept), with the sha256 of every entry that reached its destination added where no sha256 was pinned (an entry pinned by md5 or sha1 gets a sha256 beside it)', async () => {
      const md5 = hash('md5', content('lock-md5'))
      const manifest = ['# fixtures', `${server.url}/file/lock-md5 md5.bin md5=${md5}`, `${server.url}/file/lock-plain plain.bin   # unpinned`, `${server.url}/status/404 missing.bin`, ''].join('\n')
      const run = await runAction(
        { 'manifest-file': 'downloads.txt', 'lock-file': 'downloads.lock.txt', 'fail-on-error': 'false', retries: '0' },
        {
          prepare: async (workspace) => {
            await writeFile(join(workspace, 'downloads.txt'), manifest)
            // Already in place: up to date, it reached its destination too.
            await writeFile(join(workspace, 'md5.bin'), content('lock-md5'))
          },
        },
      )
      assert.deepEqual(json<Result[]>(run.outputs.results).map((result) => result.status), ['up-to-date', 'downloaded', 'failed'])
      assert.equal(
        await readFile(join(run.workspace, 'downloads.lock.txt'), 'utf8'),
        [
          '# fixtures',
          `${server.url}/file/lock-md5 md5.bin md5=${md5} sha256=${sha256(content('lock-md5'))}`,
          `${server.url}/file/lock-plain plain.bin sha256=${sha256(content('lock-plain'))}   # unpinned`,
          `${server.url}/status/404 missing.bin`,
          '',
        ].join('\n'),
      )
    })
  })

  describe('Archives', () => {
    it('`true` tells the type from the file name (`.tgz`, `.txz`); without a PATH the folder is named after the archive, less its extension', { skip: noXz() }, async () => {
      const sources = await mkdtemp(join(tmpdir(), 'archive-'))
      await mkdir(join(sources, 'tree'))
      await writeFile(join(sources, 'tree/inside.txt'), 'inside')
      tar('-czf', join(sources, 'tools.tgz'), join(sources, 'tree'), ['.'])
      tar('-cJf', join(sources, 'docs.txz'), join(sources, 'tree'), ['.'])
      for (const name of ['tools.tgz', 'docs.txz']) server.blobs.set(name, await readFile(join(sources, name)))
      const run = await runAction({ manifest: `${server.url}/blob/tools.tgz extract=true\n${server.url}/blob/docs.txz extract=true` })
      assert.equal(run.code, 0, run.stdout)
      assert.deepEqual((await readdir(run.workspace)).sort(), ['docs', 'tools'])
      for (const folder of ['docs', 'tools']) assert.equal(await readFile(join(run.workspace, folder, 'inside.txt'), 'utf8'), 'inside')
    })

    it("Re-run a job with debug logging to see each decision (a tool's whole complaint)", async () => {
      server.blobs.set('broken.tar.gz', Buffer.from('this is not gzip data at all, and tar will say so'))
      const run = await runAction({ manifest: `${server.url}/blob/broken.tar.gz extract=true`, 'fail-on-error': 'false' })
      assert.equal(run.outputs.failed, '1')
      const error = json<Result[]>(run.outputs.failures)[0]?.error ?? ''
      assert.match(error, /^Could not unpack 'broken': tar failed/)
      // The debug line holds what tar and gzip said in full, which the error sums up in one line
      // (macOS's bsdtar reads gzip itself, and says the data is no archive it knows).
      const debug = run.stdout.split('\n').find((line) => line.startsWith('::debug::broken: '))
      assert.ok(debug, run.stdout)
      assert.match(debug, /gzip|not in gzip format|Unrecognized archive format/i)
    })
  })
})

describe('Cancelling', () => {
  // The stand-in unzip is a shell script, and the archive is packed by the zip tool.
  it('On the first signal the action stops its requests, ends the `tar` or `unzip` it runs, removes every temporary file and folder it made, and exits within a few seconds, with 130; a file that was there stays as it was', { skip: NO_SIGNALS || missing('zip') }, async () => {
    // An `unzip` first on PATH that lists with the real one; asked to unpack, it starts a child, writes both pids, and hangs.
    const bin = await mkdtemp(join(tmpdir(), 'bin-'))
    const pidFile = join(bin, 'unzip.pid')
    const real = execFileSync('sh', ['-c', 'command -v unzip']).toString().trim()
    await writeFile(join(bin, 'unzip'), `#!/bin/sh\ncase "$1" in -Z1) exec ${real} "$@";; esac\nsleep 60 &\necho $$ $! > ${pidFile}\nwait\n`)
    await chmod(join(bin, 'unzip'), 0o755)
    const sources = await mkdtemp(join(tmpdir(), 'zip-'))
    await writeFile(join(sources, 'new.txt'), 'new')
    execFileSync('zip', ['-q', join(sources, 'cancelled.zip'), 'new.txt'], { cwd: sources })
    server.blobs.set('cancelled.zip', await readFile(join(sources, 'cancelled.zip')))
    let sent = 0
    const run = await runAction(
      { manifest: `${server.url}/blob/cancelled.zip pkg extract=zip` },
      {
        prepare: async (workspace) => {
          await mkdir(join(workspace, 'pkg'))
          await writeFile(join(workspace, 'pkg/old.txt'), 'old')
        },
        env: { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
        started: (child) => {
          void (async () => {
            for (let i = 0; i < 200 && !existsSync(pidFile); i++) await sleep(25)
            sent = performance.now()
            child.kill('SIGINT')
          })()
        },
      },
    )
    const took = performance.now() - sent
    assert.equal(run.code, 130, run.stdout)
    assert.ok(took < 3000, `left ${took.toFixed(0)} ms after the signal`)
    assert.match(run.stdout, /^The run was cancelled \(SIGINT\): stopping the downloads and removing temporary files\.$/m)
    const pids = (await readFile(pidFile, 'utf8')).trim().split(' ').map(Number)
    assert.equal(pids.length, 2)
    for (const pid of pids) assert.ok(pid > 0 && (await ended(pid)), `unzip or its child (${pid}) is still running`)
    assert.deepEqual((await readdir(run.workspace, { recursive: true })).sort(), ['pkg', 'pkg/old.txt'])
    assert.equal(await readFile(join(run.workspace, 'pkg/old.txt'), 'utf8'), 'old')
  })
})

// Memory and start-up time are measured by `npm run bench`, not by timed tests; the size is a fact.
describe('Speed', () => {
  it('a 1.2 MB main bundle', async () => {
    const size = (await stat(BUNDLE)).size
    assert.ok(size > 1.1e6 && size < 1.3e6, `dist/index.js is ${size} bytes`)
  })
})

describe('Development', () => {
  it('`npm test` type-checks, lints, checks that the committed `dist/` is exactly what `src/` bundles to, and runs the tests on Node 24', async () => {
    const pkg = JSON.parse(await readFile(new URL('package.json', ROOT), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> }
    const steps = (pkg.scripts.test ?? '').split('&&').map((step) => step.trim())
    for (const script of ['typecheck', 'lint', 'test:unit', 'check-dist']) assert.ok(steps.includes(`npm run ${script}`), `npm test does not run ${script}`)
    assert.match(pkg.scripts.typecheck ?? '', /^tsc --noEmit/)
    assert.match(pkg.scripts.lint ?? '', /^eslint /)
    assert.match(pkg.devDependencies.node ?? '', /^\^?24\./)
    assert.match(process.versions.node, /^24\./)
  })

  it('`main.ts` is the only place that fails the step, `inputs.ts` the only reader of inputs, `report.ts` the only writer of outputs, and `manifest.ts`, `plan.ts`, `platform.ts` and `format.ts` are pure', async () => {
    const folder = new URL('src/', ROOT)
    const sources = new Map<string, string>()
    for (const name of await readdir(folder)) if (name.endsWith('.ts')) sources.set(name, await readFile(new URL(name, folder), 'utf8'))
    const users = (pattern: RegExp): string[] => [...sources].filter(([, text]) => pattern.test(text)).map(([name]) => name)
    assert.deepEqual(users(/\bcore\.setFailed\(/), ['main.ts'])
    assert.deepEqual(users(/\bcore\.get(Boolean|Multiline)?Input\(/), ['inputs.ts'])
    assert.deepEqual(users(/\bcore\.setOutput\(/), ['report.ts'])
    for (const name of ['manifest.ts', 'plan.ts', 'platform.ts', 'format.ts']) {
      const imports = [...(sources.get(name) ?? '').matchAll(/^import (?!type ).*from '([^']+)'/gm)].map((match) => match[1] ?? '')
      const io = imports.filter((from) => !from.startsWith('./') && !['node:path', 'node:crypto'].includes(from))
      assert.deepEqual(io, [], `${name} imports ${io.join(', ')}`)
      assert.doesNotMatch(sources.get(name) ?? '', /\bcore\.|process\.env|\bfetch\(/, name)
    }
    assert.match(sources.get('index.ts') ?? '', /^import \{ run \} from '\.\/main\.ts'\n\nawait run\(\)\n$/)
  })
})
