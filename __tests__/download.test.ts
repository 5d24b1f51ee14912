import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { constants, symlinkSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { copyFile, lstat, mkdir, mkdtemp, readFile, readdir, rm, symlink, truncate, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { createServer as createTcpServer, type AddressInfo } from 'node:net'
import { dirname, join, sep } from 'node:path'
import { after, afterEach, before, beforeEach, describe, it } from 'node:test'
import { backoff, MAX_DELAY_MS, type DownloadResult } from '../src/download.ts'
import type { Download } from '../src/plan.ts'
import { parseRetryAfter } from '../src/request.ts'
import { retryLine } from '../src/report.ts'
import type { RunOptions } from '../src/run-all.ts'
import { Store } from '../src/store.ts'
import { content, sha256, startServer, type TestServer } from './helpers/server.ts'
import { tarOf } from './helpers/tar.ts'
import { failed, fetchInto } from './helpers/fetch.ts'

let server: TestServer
let other: TestServer
let directory = ''

function fetchAll(manifest: string, options: Partial<RunOptions> = {}, headers = ''): Promise<DownloadResult[]> {
  return fetchInto(directory, manifest, options, headers)
}

async function fetchOne(line: string, options: Partial<RunOptions> = {}, headers = ''): Promise<DownloadResult> {
  const [result] = await fetchAll(line, options, headers)
  assert.ok(result)
  return result
}

/** Nothing but the expected files: no temporary file left behind. With `/` between names on every OS. */
async function filesIn(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true })).map((name) => name.split(sep).join('/')).sort()
}

/** A file's inode, whole: Windows' 64-bit file ids lose their low bits as a number. */
async function inode(path: string): Promise<bigint> {
  return (await lstat(path, { bigint: true })).ino
}

/** Whether the file system of `folder` clones files (APFS on macOS, Btrfs, XFS): the store then keeps them by reflink, not by hard link. */
async function clones(folder: string): Promise<boolean> {
  const probe = join(folder, 'reflink-probe')
  await writeFile(probe, 'x')
  try {
    await copyFile(probe, `${probe}.clone`, constants.COPYFILE_FICLONE_FORCE)
    return true
  } catch {
    return false
  } finally {
    await rm(`${probe}.clone`, { force: true })
    await rm(probe)
  }
}

before(async () => {
  server = await startServer()
  other = await startServer()
})
after(async () => {
  await server.close()
  await other.close()
})
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'download-'))
})

describe('download', () => {
  it('streams the body to the destination and reports its size and sha256', async () => {
    const expected = content('big', 3_000_000)
    const result = await fetchOne(`${server.url}/file/big?size=3000000 sub/dir/big.bin sha256=${sha256(expected)}`)
    assert.ok(result.ok)
    assert.equal(result.bytes, 3_000_000)
    assert.equal(result.sha256, sha256(expected))
    assert.equal(result.attempts, 1)
    assert.ok((await readFile(join(directory, 'sub/dir/big.bin'))).equals(expected))
    assert.deepEqual(await filesIn(directory), ['sub', 'sub/dir', 'sub/dir/big.bin'])
  })

  it('verifies every pinned algorithm', async () => {
    const body = content('x')
    const md5 = createHash('md5').update(body).digest('hex')
    const ok = await fetchOne(`${server.url}/file/x x.bin md5=${md5} sha256=${sha256(body)}`)
    assert.ok(ok.ok)
  })

  it('keeps an existing file when the new body fails its checksum, and leaves no partial file', async () => {
    await writeFile(join(directory, 'keep.bin'), 'old contents')
    const result = failed(await fetchOne(`${server.url}/file/keep keep.bin sha256=${'0'.repeat(64)}`))
    assert.equal(result.error, `The sha256 is ${sha256(content('keep'))}, not the pinned ${'0'.repeat(64)}.`)
    assert.equal(result.attempts, 1, 'a checksum mismatch is not retried')
    assert.equal(await readFile(join(directory, 'keep.bin'), 'utf8'), 'old contents')
    assert.deepEqual(await filesIn(directory), ['keep.bin'])
  })

  it('replaces an existing file once the new one is complete', async () => {
    await writeFile(join(directory, 'replace.bin'), 'old contents')
    assert.ok((await fetchOne(`${server.url}/file/replace replace.bin`)).ok)
    assert.ok((await readFile(join(directory, 'replace.bin'))).equals(content('replace')))
  })

  it('leaves no folder it made behind for an entry that failed, and keeps one another entry filled', async () => {
    await mkdir(join(directory, 'was-there'))
    const results = await fetchAll(`${server.url}/status/410 a/b/c.bin\n${server.url}/status/410 was-there/x/y.bin\n${server.url}/file/kept a/kept.bin`)
    assert.deepEqual(results.map((result) => result.ok), [false, false, true])
    assert.deepEqual(await filesIn(directory), ['a', 'a/kept.bin', 'was-there'])
  })

  it('fails a 4xx at once, with its status', async () => {
    const result = failed(await fetchOne(`${server.url}/status/404 missing.bin`))
    assert.equal(result.error, 'The server answered 404 Not Found.')
    assert.equal(result.httpStatus, 404)
    assert.equal(result.attempts, 1)
    assert.equal(server.count('/status/404'), 1)
    assert.deepEqual(await filesIn(directory), [])
  })

  for (const status of [408, 429, 500, 503]) {
    it(`retries ${status} and then succeeds`, async () => {
      const path = `/flaky/2/${status}/retry${status}`
      const result = await fetchOne(`${server.url}${path}`)
      assert.ok(result.ok)
      assert.equal(result.attempts, 3)
      assert.equal(server.count(path), 3)
    })
  }

  it('gives up after `retries` further attempts', async () => {
    const result = failed(await fetchOne(`${server.url}/status/502 down.bin`, { retries: 2 }))
    assert.equal(result.attempts, 3)
    assert.equal(result.httpStatus, 502)
    assert.equal(server.count('/status/502'), 3)
  })

  it('honours Retry-After over its own backoff', async () => {
    const started = performance.now()
    // The backoff would wait a minute; Retry-After: 0 says come back now.
    const result = await fetchOne(`${server.url}/flaky/1/429/soon?retry-after=0`, { retryDelayMs: 60_000 })
    assert.ok(result.ok)
    assert.equal(result.attempts, 2)
    assert.ok(performance.now() - started < 5000)
  })

  it('retries a connection reset mid-body and writes the whole file', async () => {
    const result = await fetchOne(`${server.url}/drop/2/dropped?size=200000`)
    assert.ok(result.ok)
    assert.equal(result.attempts, 3)
    assert.ok((await readFile(join(directory, 'dropped'))).equals(content('dropped', 200000)))
  })

  it('retries a body without a length that a reset cut, though the parser took the reset for its end', async () => {
    const result = await fetchOne(`${server.url}/drop/1/unsized?size=200000&unsized`)
    assert.ok(result.ok)
    assert.equal(result.attempts, 2)
    assert.ok((await readFile(join(directory, 'unsized'))).equals(content('unsized', 200000)))
  })

  it('tries again, on a new connection, an answer spoilt by what a broken server sent after the last one', async () => {
    // Every answer is followed by bytes that are no part of it, which the next answer on the connection starts with.
    const sloppy = createTcpServer((socket) =>
      socket.on('data', (request) => {
        const name = /^GET \/(\w+)/.exec(request.toString())?.[1] ?? 'x'
        // The answer, and later, while the client waits on the connection for its next answer, the junk: as a 304 with a body comes.
        setTimeout(() => {
          socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${name.length}\r\nConnection: keep-alive\r\n\r\n${name}`)
          setTimeout(() => socket.write('trailing junk'), 20)
        }, 40)
      }),
    )
    await new Promise<void>((done) => sloppy.listen(0, '127.0.0.1', done))
    try {
      const base = `http://127.0.0.1:${(sloppy.address() as AddressInfo).port}`
      const results = await fetchAll(['a', 'b', 'c'].map((name) => `${base}/${name} ${name}.txt`).join('\n'), { concurrency: 1 })
      assert.deepEqual(results.map((result) => (result.ok ? result.attempts : result.error)), [1, 2, 2])
      assert.deepEqual(await Promise.all(['a', 'b', 'c'].map((name) => readFile(join(directory, `${name}.txt`), 'utf8'))), ['a', 'b', 'c'])
    } finally {
      sloppy.close()
    }
  })

  it('says a server that does not speak HTTP there is not answering in HTTP, and does not retry it', async () => {
    const ssh = createTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'))
    await new Promise<void>((done) => ssh.listen(0, '127.0.0.1', done))
    try {
      const result = failed(await fetchOne(`http://127.0.0.1:${(ssh.address() as AddressInfo).port}/a.bin`))
      assert.equal(result.error, "The server's answer is not valid HTTP (Expected HTTP/, RTSP/ or ICE/); check the URL's scheme and port.")
      assert.equal(result.attempts, 1)
    } finally {
      ssh.close()
    }
  })

  it('fails a body that stays short of its Content-Length, leaving nothing', async () => {
    const result = failed(await fetchOne(`${server.url}/short/cut cut.bin`, { retries: 1 }))
    assert.equal(result.attempts, 2)
    assert.match(result.error, /closed before the response was complete|ended after 500 of 1000 bytes/)
    assert.deepEqual(await filesIn(directory), [])
  })

  it('abandons an attempt that receives nothing for `timeout`', async () => {
    const started = performance.now()
    const result = failed(await fetchOne(`${server.url}/stall/stuck stuck.bin`, { retries: 1, timeoutMs: 300 }))
    assert.equal(result.error, 'The body stalled: no data arrived before the timeout.')
    assert.equal(result.attempts, 2)
    assert.ok(performance.now() - started < 3000)
    assert.deepEqual(await filesIn(directory), [])
  })

  it('abandons an attempt whose response does not start within `timeout`', async () => {
    const result = failed(await fetchOne(`${server.url}/hang hang.bin`, { retries: 0, timeoutMs: 300 }))
    assert.equal(result.error, 'No response arrived before the timeout.')
    assert.deepEqual(await filesIn(directory), [])
  })

  it('retries a refused connection', async () => {
    const closed = await startServer()
    await closed.close()
    const result = failed(await fetchOne(`${closed.url}/file/a a.bin`, { retries: 1 }))
    assert.equal(result.error, 'The connection was refused.')
    assert.equal(result.attempts, 2)
  })

  it('follows up to 10 redirects', async () => {
    const result = await fetchOne(`${server.url}/redirect/10/hops hops.bin`)
    assert.ok(result.ok)
    assert.ok((await readFile(join(directory, 'hops.bin'))).equals(content('hops')))
    const tooMany = failed(await fetchOne(`${server.url}/redirect/11/far far.bin`))
    assert.equal(tooMany.error, 'More than 10 redirects.')
    assert.equal(tooMany.attempts, 1)
  })

  it('fails a redirect loop without retrying', async () => {
    const result = failed(await fetchOne(`${server.url}/loop/A loop.bin`))
    assert.equal(result.error, `Redirect loop: ${server.url}/loop/A was reached twice.`)
    assert.equal(result.attempts, 1)
  })

  it("sends headers to the entry's origin only, not across a redirect to another", async () => {
    const headers = `${server.url}/ Authorization: Bearer s3cret\n${server.url}/ X-Api-Key: k3y`
    const target = encodeURIComponent(`${other.url}/echo`)
    assert.ok((await fetchOne(`${server.url}/to?location=${target} cross.json`, {}, headers)).ok)
    const cross = JSON.parse(await readFile(join(directory, 'cross.json'), 'utf8')) as Record<string, string>
    assert.equal(cross.authorization, undefined)
    assert.equal(cross['x-api-key'], undefined)
    assert.equal(cross['user-agent'], 'parallel-download-action')

    assert.ok((await fetchOne(`${server.url}/to?location=%2Fecho same.json`, {}, headers)).ok)
    const same = JSON.parse(await readFile(join(directory, 'same.json'), 'utf8')) as Record<string, string>
    assert.equal(same.authorization, 'Bearer s3cret')
    assert.equal(same['x-api-key'], 'k3y')
  })

  it('refuses a destination that a symlink leads outside the directory', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'outside-'))
    await symlink(outside, join(directory, 'link'), 'dir')
    const result = failed(await fetchOne(`${server.url}/file/evil link/evil.bin`))
    assert.match(result.error, /^Could not write 'link\/evil.bin': '.*link' leads outside the directory/)
    assert.deepEqual(await readdir(outside), [])
  })

  it('fails the later of two entries that a symlink in the directory makes one file', async () => {
    await symlink('.', join(directory, 'self'), 'dir')
    const [first, second] = await fetchAll(`${server.url}/file/twin-a twin.bin\n${server.url}/file/twin-b self/twin.bin`)
    assert.ok(first?.ok)
    assert.equal(second && !second.ok && second.error, "Could not write 'self/twin.bin': a symlink in the directory makes it the same file as line 1 ('twin.bin').")
    assert.ok((await readFile(join(directory, 'twin.bin'))).equals(content('twin-a')))
    assert.equal(server.count('/file/twin-b'), 0)
  })

  it("fails the later of two entries when a symlink puts one inside the other's destination, either way round", async () => {
    server.blobs.set('pkg.tar', tarOf([{ name: 'x', type: 'file', data: 'from the archive' }]))
    await symlink('.', join(directory, 'link'), 'dir')
    const [archive, inside] = await fetchAll(`${server.url}/blob/pkg.tar pkg extract=tar\n${server.url}/file/inside link/pkg/x`)
    assert.ok(archive?.ok)
    assert.equal(inside && !inside.ok && inside.error, "Could not write 'link/pkg/x': a symlink in the directory puts it inside the destination of line 1 ('pkg').")
    directory = await mkdtemp(join(tmpdir(), 'download-'))
    await symlink('.', join(directory, 'link'), 'dir')
    const [first, container] = await fetchAll(`${server.url}/file/inside link/pkg/x\n${server.url}/blob/pkg.tar pkg extract=tar`)
    assert.ok(first?.ok)
    assert.equal(container && !container.ok && container.error, "Could not write 'pkg': a symlink in the directory puts the destination of line 1 ('link/pkg/x') inside it.")
    assert.equal(await readFile(join(directory, 'pkg/x'), 'utf8'), content('inside').toString())
  })

  it('saves into a folder for a destination ending in /, and never replaces a file of that name', async () => {
    assert.ok((await fetchOne(`${server.url}/file/named into/`)).ok)
    assert.ok((await readFile(join(directory, 'into/named'))).equals(content('named')))
    await writeFile(join(directory, 'taken'), 'keep')
    const result = failed(await fetchOne(`${server.url}/file/named taken/`))
    assert.equal(result.error, "Could not write 'taken/named': a file is in the way of a folder.")
    assert.equal(await readFile(join(directory, 'taken'), 'utf8'), 'keep')
  })

  it('says in a sentence that a folder on the way is a symlink to nothing, or in a loop', async () => {
    // Folders on the way: Windows makes a link to a folder as one.
    await symlink('nowhere', join(directory, 'dangling'), 'dir')
    await symlink('loop', join(directory, 'loop'), 'dir')
    const [dangling, loop] = await fetchAll(`${server.url}/file/d dangling/d.bin\n${server.url}/file/l loop/l.bin`)
    assert.equal(dangling && !dangling.ok && dangling.error, `Could not write 'dangling/d.bin': '${join(directory, 'dangling')}' is a symlink to nothing.`)
    assert.equal(loop && !loop.ok && loop.error, `Could not write 'loop/l.bin': '${join(directory, 'loop')}' is a symlink in a loop.`)
  })

  it('fails an entry whose destination is a folder, keeping the folder', async () => {
    await mkdir(join(directory, 'taken'))
    const result = failed(await fetchOne(`${server.url}/file/t taken`))
    assert.equal(result.error, "Could not write 'taken': a folder is in the way.")
    assert.deepEqual(await filesIn(directory), ['taken'])
  })
})

describe('the file on disk is the resource', () => {
  it('asks for the body unencoded', async () => {
    assert.ok((await fetchOne(`${server.url}/file/plain plain.bin`)).ok)
    assert.equal(server.requests.find((request) => request.path === '/file/plain')?.headers['accept-encoding'], 'identity')
  })

  for (const encoding of ['gzip', 'deflate', 'br', 'zstd']) {
    it(`decodes a body that a server sent ${encoding}-encoded anyway, and checks the decoded bytes`, async () => {
      const body = content(encoding, 300_000)
      const result = await fetchOne(`${server.url}/encoded/${encoding}/${encoding}?size=300000 ${encoding}.bin sha256=${sha256(body)}`)
      assert.ok(result.ok, JSON.stringify(!result.ok && result.error))
      assert.equal(result.bytes, body.length)
      assert.ok((await readFile(join(directory, `${encoding}.bin`))).equals(body))
    })
  }

  it('decodes a body sent with Transfer-Encoding: gzip, chunked', async () => {
    const body = content('te', 100_000)
    const result = await fetchOne(`${server.url}/encoded/gzip/te?size=100000&transfer te.bin sha256=${sha256(body)}`)
    assert.ok(result.ok, JSON.stringify(!result.ok && result.error))
    assert.ok((await readFile(join(directory, 'te.bin'))).equals(body))
  })

  it('fails a body whose encoding is spoilt at once, without retries that cannot help', async () => {
    const result = failed(await fetchOne(`${server.url}/encoded/gzip/spoilt?size=100000&corrupt spoilt.bin`))
    assert.match(result.error, /^The gzip-encoded body could not be decoded \(.+\)\.$/)
    assert.equal(result.attempts, 1)
    assert.deepEqual(await filesIn(directory), [])
  })

  it('fails a body with bytes after the end of its encoded data, at once; takes an empty encoded body as empty', async () => {
    const [trailing, empty] = await fetchAll(`${server.url}/encoded/deflate/extra?trailing extra.bin\n${server.url}/encoded/gzip/none?empty none.bin`)
    assert.equal(trailing && !trailing.ok && trailing.error, 'The server sent 14 bytes after the end of the encoded body.')
    assert.equal(trailing?.attempts, 1)
    assert.ok(empty?.ok && empty.bytes === 0, JSON.stringify(empty))
  })

  it('fails a body in an encoding it cannot undo, with a sentence, at once', async () => {
    const result = failed(await fetchOne(`${server.url}/encoded/compress/lzw lzw.bin`))
    assert.equal(result.error, "The server sent the body encoded as 'compress', which the action can't decode; ask the server for it unencoded.")
    assert.equal(result.attempts, 1)
    assert.deepEqual(await filesIn(directory), [])
  })

  it('fails a 204 No Content or a 205 Reset Content, keeping a file that was there: there is nothing to save', async () => {
    await writeFile(join(directory, 'kept.bin'), 'old')
    const [none, reset] = await fetchAll(`${server.url}/no-content empty.bin\n${server.url}/no-content/205 kept.bin`)
    assert.equal(none && !none.ok && none.error, 'The server answered 204 No Content: there is no file at this URL to save.')
    assert.equal(reset && !reset.ok && reset.error, 'The server answered 205 Reset Content: there is no file at this URL to save.')
    assert.deepEqual([none?.attempts, reset?.attempts], [1, 1])
    assert.deepEqual(await filesIn(directory), ['kept.bin'])
    assert.equal(await readFile(join(directory, 'kept.bin'), 'utf8'), 'old')
  })
})

describe('isolation', () => {
  it("turns whatever an entry throws into that entry's failure, and the run goes on", async () => {
    // A store whose lookup throws, as a busy or unreadable tool cache can.
    const store = { shared: false, file: () => Promise.reject(new Error('EBUSY: resource busy or locked.')), recall: () => Promise.resolve(undefined), add: () => Promise.resolve(), remember: () => Promise.resolve() } as unknown as Store
    const body = content('isolated')
    const results = await fetchAll(`${server.url}/file/isolated isolated.bin sha256=${sha256(body)}
${server.url}/file/fine fine.bin`, { stores: [store] })
    assert.deepEqual(
      results.map((result) => (result.ok ? result.status : result.error)),
      ["Could not finish 'isolated.bin': EBUSY: resource busy or locked.", 'downloaded'],
    )
  })
})

describe('progress', () => {
  it('reports a download that takes a while at a steady pace, and a quick one not at all', async () => {
    const lines: string[] = []
    const progress = {
      afterMs: 100,
      everyMs: 200,
      report: (item: Download, bytes: number, total: number | undefined) => lines.push(`${item.path} ${bytes}/${total}`),
      retrying: () => assert.fail('nothing failed'),
    }
    const [slow, quick] = await fetchAll(`${server.url}/trickle/250/slow?size=4000 slow.bin\n${server.url}/file/quick quick.bin`, { progress })
    assert.ok(slow?.ok && quick?.ok)
    // 4 parts 250 ms apart take ~750 ms: a line at 100 ms, then every 200 ms.
    assert.ok(lines.length >= 2 && lines.length <= 6, lines.join("; "))
    assert.ok(lines.every((line) => line.startsWith('slow.bin ') && line.endsWith('/4000')))
    assert.deepEqual(lines.map((line) => Number(line.split(' ')[1]?.split('/')[0])), lines.map((line) => Number(line.split(' ')[1]?.split('/')[0])).sort((x, y) => x - y))
    const count = lines.length
    await new Promise((done) => setTimeout(done, 500))
    assert.equal(lines.length, count, 'no line after the download ended')
  })
})

describe('retries', () => {
  it('says each failed attempt, its reason and the wait before the next, and no progress line while it waits', async () => {
    const lines: string[] = []
    const waits: [number, number][] = []
    const ticks: number[] = []
    const progress = {
      afterMs: 20,
      everyMs: 20,
      report: () => ticks.push(performance.now()),
      retrying: (item: Download, attempt: number, failure: { message: string; status?: number }, waitMs: number) => {
        lines.push(retryLine(item.path, attempt, failure, waitMs))
        waits.push([performance.now(), performance.now() + waitMs])
      },
    }
    const result = await fetchOne(`${server.url}/flaky/2/503/waited?retry-after=1 waited.bin`, { progress })
    assert.ok(result.ok)
    assert.deepEqual(lines, [
      '… waited.bin: attempt 1 failed (503 Service Unavailable); retrying in 1.0 s',
      '… waited.bin: attempt 2 failed (503 Service Unavailable); retrying in 1.0 s',
    ])
    // Ticks every 20 ms would have made some 100 lines over the two waits.
    const during = ticks.filter((tick) => waits.some(([from, to]) => tick > from + 5 && tick < to - 5))
    assert.deepEqual(during, [])
  })
})

describe('resume', () => {
  const SIZE = 3_000_000

  it('asks for the rest of an interrupted body, and the checksum covers the whole file', async () => {
    const body = content('resumed', SIZE)
    const result = await fetchOne(`${server.url}/ranged/1/resumed?size=${SIZE} resumed.bin sha256=${sha256(body)}`)
    assert.ok(result.ok)
    assert.equal(result.attempts, 2)
    assert.ok((await readFile(join(directory, 'resumed.bin'))).equals(body))
    // Half the body, then the other half: nothing was sent twice.
    assert.equal(server.sent('/ranged/1/resumed'), SIZE)
    const retry = server.requests.filter((request) => request.path.startsWith('/ranged/1/resumed')).at(-1)
    assert.equal(retry?.headers.range, `bytes=${SIZE / 2}-`)
    assert.equal(retry?.headers['if-range'], '"resumed"')
    assert.deepEqual(await filesIn(directory), ['resumed.bin'])
  })

  it('starts over cleanly when the resource changed and the server answers 200', async () => {
    const body = content('changed', SIZE)
    const result = await fetchOne(`${server.url}/ranged/1/changed?size=${SIZE}&etag=changing changed.bin sha256=${sha256(body)}`)
    assert.ok(result.ok)
    assert.ok((await readFile(join(directory, 'changed.bin'))).equals(body))
    assert.equal(server.sent('/ranged/1/changed'), SIZE / 2 + SIZE)
  })

  it('starts over when the server offers only a weak ETag', async () => {
    const result = await fetchOne(`${server.url}/ranged/1/weak?size=${SIZE}&etag=weak weak.bin`)
    assert.ok(result.ok)
    assert.equal(server.sent('/ranged/1/weak'), SIZE / 2 + SIZE)
    assert.equal(server.requests.filter((request) => request.path.startsWith('/ranged/1/weak')).at(-1)?.headers.range, undefined)
  })

  it('leaves no partial file when the resumed download still fails', async () => {
    const result = failed(await fetchOne(`${server.url}/ranged/3/gone?size=${SIZE} gone.bin`, { retries: 1 }))
    assert.equal(result.attempts, 2)
    assert.deepEqual(await filesIn(directory), [])
  })
})

describe('the store', () => {
  let toolCache = ''
  let store: Store
  const blobOf = (body: Buffer): string => join(toolCache, 'parallel-download', 'sha256', sha256(body))
  beforeEach(async () => {
    toolCache = await mkdtemp(join(tmpdir(), 'tool-cache-'))
    process.env.RUNNER_TOOL_CACHE = toolCache
    store = Store.inToolCache() as Store
  })
  afterEach(() => {
    delete process.env.RUNNER_TOOL_CACHE
  })

  it('keeps a pinned file by link, and places it without a request as a file of its own', async () => {
    const body = content('linked')
    const line = `${server.url}/file/linked linked.bin sha256=${sha256(body)}`
    assert.equal((await fetchOne(line, { stores: [store] })).ok, true)
    const first = join(directory, 'linked.bin')
    // By hard link, or by reflink where the file system clones: never written twice.
    if (!(await clones(toolCache))) assert.equal(await inode(blobOf(body)), await inode(first), 'kept by hard link, not a copy')
    directory = await mkdtemp(join(tmpdir(), 'download-'))
    const second = await fetchOne(line, { stores: [store] })
    assert.equal(second.ok && second.status, 'cached')
    assert.equal(server.count('/file/linked'), 1)
    // A hard link out of a store that lasts would make this file and every other placed from it one file.
    assert.notEqual(await inode(join(directory, 'linked.bin')), await inode(first), 'placed as a file of its own')
    assert.ok((await readFile(join(directory, 'linked.bin'))).equals(body))
  })

  it('downloads again, and replaces the stored copy, when the copy changed in place', async () => {
    const body = content('damaged')
    const line = `${server.url}/file/damaged damaged.bin sha256=${sha256(body)}`
    const first = await fetchOne(line, { stores: [store] })
    assert.equal(first.ok && first.status, 'downloaded')
    // A later step appends to its file, which is the stored one too: where the store keeps it by
    // hard link. Where the file system clones (macOS), the stored copy is damaged as a file of its own.
    await writeFile((await clones(toolCache)) ? blobOf(body) : join(directory, 'damaged.bin'), 'tampered', { flag: 'a' })
    directory = await mkdtemp(join(tmpdir(), 'download-'))
    const second = await fetchOne(line, { stores: [store] })
    assert.equal(second.ok && second.status, 'downloaded')
    assert.equal(server.count('/file/damaged'), 2)
    assert.ok((await readFile(join(directory, 'damaged.bin'))).equals(body))
    assert.ok((await readFile(blobOf(body))).equals(body))
    assert.deepEqual(await filesIn(directory), ['damaged.bin'])
  })

  for (const [kind, plant] of [
    ['a FIFO, which would block a thread and the exit', (blob: string) => execFileSync('mkfifo', [blob])],
    ['a symlink to /dev/zero, which would never end', (blob: string) => symlinkSync('/dev/zero', blob)],
  ] as const) {
    it(`downloads afresh when the stored copy is ${kind}`, { skip: process.platform === 'win32' && 'no FIFOs or /dev/zero on Windows', timeout: 20_000 }, async () => {
      const body = content('planted')
      await mkdir(dirname(blobOf(body)), { recursive: true })
      plant(blobOf(body))
      const result = await fetchOne(`${server.url}/file/planted planted.bin sha256=${sha256(body)}`, { stores: [store] })
      assert.equal(result.ok && result.status, 'downloaded')
      assert.ok((await readFile(join(directory, 'planted.bin'))).equals(body))
    })
  }

  it('neither removes nor writes through a symlink that another repository put in the store', async () => {
    const body = content('linked-store')
    const elsewhere = await mkdtemp(join(tmpdir(), 'elsewhere-'))
    await writeFile(join(elsewhere, 'theirs'), 'theirs')
    await mkdir(dirname(blobOf(body)), { recursive: true })
    await symlink(join(elsewhere, 'theirs'), blobOf(body))
    const result = await fetchOne(`${server.url}/file/linked-store linked.bin sha256=${sha256(body)}`, { stores: [store] })
    assert.equal(result.ok && result.status, 'downloaded')
    assert.equal(await readFile(join(elsewhere, 'theirs'), 'utf8'), 'theirs')
    // A store whose folder is a symlink is not written at all.
    const other = await mkdtemp(join(tmpdir(), 'tool-cache-'))
    await symlink(elsewhere, join(other, 'parallel-download'), 'dir')
    process.env.RUNNER_TOOL_CACHE = other
    directory = await mkdtemp(join(tmpdir(), 'download-'))
    assert.equal((await fetchOne(`${server.url}/file/linked-store linked.bin sha256=${sha256(body)}`, { stores: [Store.inToolCache() as Store] })).ok, true)
    assert.deepEqual(await readdir(elsewhere), ['theirs'])
  })

  it('neither keeps nor places an entry pinned only by md5 or sha1, whose collisions can be made', async () => {
    const body = content('weak')
    const md5 = createHash('md5').update(body).digest('hex')
    const sha1 = createHash('sha1').update(body).digest('hex')
    const line = `${server.url}/file/weak weak.bin md5=${md5} sha1=${sha1}`
    assert.equal((await fetchOne(line, { stores: [store] })).ok, true)
    assert.deepEqual(await readdir(join(toolCache, 'parallel-download', 'sha256')), [])
    // A crafted file planted in the store, and recorded as the URL's, is not taken.
    const crafted = Buffer.from('crafted')
    await writeFile(blobOf(crafted), crafted)
    await store.remember({ url: `${server.url}/file/weak`, sha256: sha256(crafted), etag: '"x"' })
    directory = await mkdtemp(join(tmpdir(), 'download-'))
    const again = await fetchOne(line, { stores: [store] })
    assert.equal(again.ok && again.status, 'downloaded')
    assert.ok((await readFile(join(directory, 'weak.bin'))).equals(body))
  })

  it('keeps the store under its size, evicting the files used least recently', async () => {
    const bodies = ['old', 'recent', 'newest'].map((name) => content(name, 4000))
    for (const [i, name] of ['old', 'recent', 'newest'].entries()) {
      assert.equal((await fetchOne(`${server.url}/file/${name}?size=4000 ${name}.bin sha256=${sha256(bodies[i] as Buffer)}`, { stores: [store] })).ok, true)
      await utimes(blobOf(bodies[i] as Buffer), i + 1, i + 1)
    }
    // Placing 'old' from the store makes it the most recently used.
    directory = await mkdtemp(join(tmpdir(), 'download-'))
    assert.equal((await fetchOne(`${server.url}/file/old?size=4000 old.bin sha256=${sha256(bodies[0] as Buffer)}`, { stores: [store] })).ok, true)
    await store.evict(8000)
    assert.deepEqual((await readdir(join(toolCache, 'parallel-download', 'sha256'))).sort(), [sha256(bodies[0] as Buffer), sha256(bodies[2] as Buffer)].sort())
  })

  it('asks for the whole body when the file that a 304 would vouch for is not the one remembered', async () => {
    const own = new Store(await mkdtemp(join(tmpdir(), 'own-')), false)
    const body = content('remembered')
    server.blobs.set('remembered.txt', body)
    const url = `${server.url}/versioned/remembered.txt`
    await own.remember({ url, final: url, sha256: sha256(body), etag: `"${sha256(body).slice(0, 16)}"` })
    await writeFile(join(own.root, 'sha256', sha256(body)), 'cut short')
    const result = await fetchOne(`${url} remembered.txt`, { stores: [own] })
    assert.deepEqual(result.ok && [result.status, result.attempts], ['downloaded', 1])
    assert.ok((await readFile(join(directory, 'remembered.txt'))).equals(body))
    // The damaged copy gave way to the good one: a cache saved from here is whole.
    assert.ok((await readFile(join(own.root, 'sha256', sha256(body)))).equals(body))
  })

  it('reads no more of a record than a record can be', async () => {
    const url = `${server.url}/file/huge-record`
    await store.remember({ url, sha256: 'a'.repeat(64) })
    const record = join(toolCache, 'parallel-download', 'urls', store.recordName(url))
    await truncate(record, 2 ** 31)
    const started = performance.now()
    assert.equal(await store.recall(url), undefined)
    assert.ok(performance.now() - started < 500)
  })

  it('does not copy a stored file through a folder that a symlink leads outside', async () => {
    const body = content('guarded')
    const line = (path: string): string => `${server.url}/file/guarded ${path} sha256=${sha256(body)}`
    assert.equal((await fetchOne(line('guarded.bin'), { stores: [store] })).ok, true)
    const outside = await mkdtemp(join(tmpdir(), 'outside-'))
    await symlink(outside, join(directory, 'escape'), 'dir')
    const result = failed(await fetchOne(line('escape/guarded.bin'), { stores: [store] }))
    assert.match(result.error, /leads outside the directory/)
    assert.deepEqual(await readdir(outside), [])
  })
})

describe('up-to-date checks', () => {
  it('leaves a file that matches its pinned checksum, without a request', async () => {
    const body = content('same')
    await writeFile(join(directory, 'same.bin'), body)
    const result = await fetchOne(`${server.url}/file/same same.bin sha256=${sha256(body)}`)
    assert.ok(result.ok)
    assert.deepEqual([result.status, result.bytes, result.sha256, result.attempts], ['up-to-date', body.length, sha256(body), 0])
    assert.equal(server.count('/file/same'), 0)
  })

  it('finds an up-to-date file in a folder below the directory too', async () => {
    const body = content('nested')
    await mkdir(join(directory, 'a/b'), { recursive: true })
    await writeFile(join(directory, 'a/b/nested.bin'), body)
    const result = await fetchOne(`${server.url}/file/nested a/b/nested.bin sha256=${sha256(body)}`)
    assert.equal(result.ok && result.status, 'up-to-date')
    assert.equal(server.count('/file/nested'), 0)
  })

  it('downloads again over a file that differs from the pin, or when nothing is pinned', async () => {
    await writeFile(join(directory, 'stale.bin'), 'stale')
    await writeFile(join(directory, 'unpinned.bin'), content('unpinned'))
    const [stale, unpinned] = await fetchAll(`${server.url}/file/stale stale.bin sha256=${sha256(content('stale'))}\n${server.url}/file/unpinned unpinned.bin`)
    assert.equal(stale?.ok && stale.status, 'downloaded')
    assert.equal(unpinned?.ok && unpinned.status, 'downloaded')
    assert.ok((await readFile(join(directory, 'stale.bin'))).equals(content('stale')))
    assert.equal(server.count('/file/unpinned'), 1)
  })

  it('does not take a symlink for an up-to-date file, and replaces the link, not its target', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'target-'))
    await writeFile(join(outside, 'real.bin'), content('linked'))
    await symlink(join(outside, 'real.bin'), join(directory, 'linked.bin'))
    const result = await fetchOne(`${server.url}/file/linked linked.bin sha256=${sha256(content('linked'))}`)
    assert.equal(result.ok && result.status, 'downloaded')
    assert.ok(!(await lstat(join(directory, 'linked.bin'))).isSymbolicLink())
    assert.ok((await readFile(join(outside, 'real.bin'))).equals(content('linked')))
  })
})

describe('backoff', () => {
  it('doubles from the base, with jitter over the upper half, capped', () => {
    assert.equal(backoff(1, undefined, 1000, () => 0), 500)
    assert.equal(backoff(1, undefined, 1000, () => 1), 1000)
    assert.equal(backoff(3, undefined, 1000, () => 1), 4000)
    assert.equal(backoff(30, undefined, 1000, () => 1), MAX_DELAY_MS)
  })

  it('takes Retry-After as given, up to the cap', () => {
    assert.equal(backoff(1, 2000, 1000), 2000)
    assert.equal(backoff(1, 3_600_000, 1000), MAX_DELAY_MS)
  })

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    assert.equal(parseRetryAfter('7', now), 7000)
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000)
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0)
    assert.equal(parseRetryAfter('soon', now), undefined)
  })
})
