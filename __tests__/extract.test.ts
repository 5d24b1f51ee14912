import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cp, link, lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { gzipSync } from 'node:zlib'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { DownloadResult } from '../src/download.ts'
import { checkLinks } from '../src/links.ts'
import { linkLimit } from '../src/platform.ts'
import { parseManifest } from '../src/manifest.ts'
import { planDownloads } from '../src/plan.ts'
import { runAll } from '../src/run-all.ts'
import { sha256, startServer, type TestServer } from './helpers/server.ts'
import { tarOf, type Member } from './helpers/tar.ts'
import { missing, tar } from './helpers/tools.ts'
import { zipOf } from './helpers/zip.ts'

let server: TestServer
let directory = ''
let sources = ''

/** Builds an archive with the real tar or zip from files laid out by `lay`, and serves it. */
async function archive(name: string, lay: (folder: string) => Promise<void>, pack: (folder: string, file: string) => void): Promise<Buffer> {
  const folder = await mkdtemp(join(sources, 'src-'))
  await lay(folder)
  const file = join(sources, name)
  pack(folder, file)
  const body = await readFile(file)
  server.blobs.set(name, body)
  return body
}

const tarGz = (folder: string, file: string): void => tar('-czf', file, folder, ['.'])
const zip = (folder: string, file: string): void => void execFileSync('zip', ['-qry', file, '.'], { cwd: folder })

/** Every name under `folder`, with `/` between names on every OS. */
async function tree(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true })).map((name) => name.split(sep).join('/')).sort()
}

const WINDOWS = process.platform === 'win32'

/**
 * The error of a link that leads out, naming its target as it reads on disk: Windows keeps a
 * link's target with backslashes, and has no place for an absolute POSIX one (Git's tar makes it
 * a path of its own), so there only a relative target is named as the archive wrote it.
 */
function linksOut(archive: string, member: string, target: string): RegExp {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const named = !WINDOWS ? escape(target) : target.startsWith('/') ? '.+' : escape(target.replaceAll('/', '\\'))
  return new RegExp(`^Could not unpack '${escape(archive)}': the archive member '${escape(member)}' links outside the folder \\(to '${named}'\\)\\.$`)
}

/** The exit code of the runner's tar when it fails: 2 from GNU tar (Linux, Git for Windows), 1 from macOS's bsdtar. */
const TAR_FAILED = process.platform === 'darwin' ? 1 : 2

/**
 * Link targets past this many bytes can't be made: macOS takes up to PATH_MAX, 1024 with its
 * end; Linux takes 4095.
 */
const TARGET_MAX = process.platform === 'darwin' ? 1023 : 4095

async function fetchAll(manifest: string): Promise<DownloadResult[]> {
  const parsed = await parseManifest(manifest)
  const plan = planDownloads(parsed.entries, directory, [])
  assert.deepEqual([...parsed.problems, ...plan.problems], [])
  return runAll(plan.downloads, { directory, concurrency: 2, retries: 0, timeoutMs: 5000 })
}

async function layGood(folder: string): Promise<void> {
  await mkdir(join(folder, 'sub'))
  await writeFile(join(folder, 'a.txt'), 'alpha')
  await writeFile(join(folder, 'sub', 'b.txt'), 'beta')
  await symlink('../a.txt', join(folder, 'sub', 'link'))
}

before(async () => {
  server = await startServer()
  sources = await mkdtemp(join(tmpdir(), 'archives-'))
})
after(() => server.close())
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'extract-'))
})

describe('extract', () => {
  it('unpacks a verified tar.gz into a folder named after it, links inside kept', async () => {
    const body = await archive('good.tar.gz', layGood, tarGz)
    const [result] = await fetchAll(`${server.url}/blob/good.tar.gz extract=true sha256=${sha256(body)}`)
    assert.ok(result?.ok, JSON.stringify(result))
    assert.equal(result.sha256, sha256(body))
    assert.equal(result.download.destination, join(directory, 'good'))
    assert.deepEqual(await tree(directory), ['good', 'good/.parallel-download.json', 'good/a.txt', 'good/sub', 'good/sub/b.txt', 'good/sub/link'])
    assert.equal(await readFile(join(directory, 'good/sub/b.txt'), 'utf8'), 'beta')
    // Windows keeps a link's target with backslashes.
    assert.equal((await readlink(join(directory, 'good/sub/link'))).split(sep).join('/'), '../a.txt')
  })

  it('leaves a pinned archive\'s folder that is unchanged since it was unpacked, and unpacks it again once changed', async () => {
    const body = await archive('kept.tar.gz', layGood, tarGz)
    const line = `${server.url}/blob/kept.tar.gz extract=true sha256=${sha256(body)}`
    assert.equal((await fetchAll(line))[0]?.ok, true)
    const [again] = await fetchAll(line)
    assert.deepEqual(again?.ok && [again.status, again.bytes, again.sha256], ['up-to-date', body.length, sha256(body)])
    assert.equal(server.count('/blob/kept.tar.gz'), 1)
    // A file changed in place, or one added: the folder is no longer what the archive holds.
    for (const change of [() => writeFile(join(directory, 'kept/a.txt'), 'changed'), () => writeFile(join(directory, 'kept/sub/new.txt'), 'added')]) {
      await change()
      const [redone] = await fetchAll(line)
      assert.equal(redone?.ok && redone.status, 'downloaded')
      assert.equal(await readFile(join(directory, 'kept/a.txt'), 'utf8'), 'alpha')
      assert.deepEqual(await tree(join(directory, 'kept')), ['.parallel-download.json', 'a.txt', 'sub', 'sub/b.txt', 'sub/link'])
    }
    // Another pin is another archive.
    const [other] = await fetchAll(`${line} sha512=${createHash('sha512').update(body).digest('hex')}`)
    assert.equal(other?.ok && other.status, 'downloaded')
  })

  it('takes no folder for unpacked that was not unpacked here: a copy with its marker, or a symlink to one', async () => {
    const body = await archive('copied.tar.gz', layGood, tarGz)
    const line = `${server.url}/blob/copied.tar.gz extract=true sha256=${sha256(body)}`
    assert.equal((await fetchAll(line))[0]?.ok, true)
    // As a pull request would commit it: the same names, sizes, times, modes and link targets
    // (as cp -a copies them; tar gave the files whole seconds, which a copy keeps exactly), but new files.
    const copy = { recursive: true, preserveTimestamps: true, verbatimSymlinks: true }
    await cp(join(directory, 'copied'), join(directory, 'elsewhere'), copy)
    await rm(join(directory, 'copied'), { recursive: true })
    await cp(join(directory, 'elsewhere'), join(directory, 'copied'), copy)
    const [copied] = await fetchAll(line)
    assert.equal(copied?.ok && copied.status, 'downloaded')
    await rm(join(directory, 'copied'), { recursive: true })
    await symlink('elsewhere', join(directory, 'copied'), 'dir')
    const [linked] = await fetchAll(line)
    assert.equal(linked?.ok && linked.status, 'downloaded')
    assert.equal((await lstat(join(directory, 'copied'))).isDirectory(), true)
  })

  it('unpacks a pinned archive that holds a file named as the marker, every time', async () => {
    const body = await archive('marked.tar.gz', async (folder) => {
      await layGood(folder)
      await writeFile(join(folder, '.parallel-download.json'), '{"theirs": true}')
    }, tarGz)
    const line = `${server.url}/blob/marked.tar.gz extract=true sha256=${sha256(body)}`
    for (let run = 0; run < 2; run++) assert.equal((await fetchAll(line))[0]?.ok && 'ok', 'ok')
    assert.equal(await readFile(join(directory, 'marked/.parallel-download.json'), 'utf8'), '{"theirs": true}')
  })

  it('unpacks a zip into the PATH given, replacing an old folder whole', { skip: missing('zip') }, async () => {
    await archive('good.zip', layGood, zip)
    await mkdir(join(directory, 'out/stale'), { recursive: true })
    const [result] = await fetchAll(`- url: ${server.url}/blob/good.zip\n  path: out\n  extract: zip\n`)
    assert.ok(result?.ok, JSON.stringify(result))
    assert.deepEqual(await tree(directory), ['out', 'out/a.txt', 'out/sub', 'out/sub/b.txt', 'out/sub/link'], 'no marker without a pin')
  })

  it('fails an archive with a member that climbs out, leaving the old folder as it was', async () => {
    // As `zip ../escape.txt` writes it, on every OS.
    server.blobs.set('climb.zip', zipOf([{ name: '../escape.txt', data: 'out' }]))
    await mkdir(join(directory, 'climb'))
    await writeFile(join(directory, 'climb/keep.txt'), 'old')
    const [result] = await fetchAll(`${server.url}/blob/climb.zip climb extract=zip`)
    assert.equal(result?.ok, false)
    assert.equal(!result.ok && result.error, "Could not unpack 'climb': the archive member '../escape.txt' would land outside the folder.")
    assert.deepEqual(await tree(directory), ['climb', 'climb/keep.txt'])
  })

  // Hostile links are written as tar writes them, by tarOf: a link made on Windows to test them
  // with would not keep its target as given (Windows writes `/` as `\`, and has no `/etc/passwd`).
  it('keeps the executable bit from tar and from zip', { skip: process.platform === 'win32' && 'Windows has no executable bit' }, async () => {
    server.blobs.set('tool.tar', tarOf([{ name: 'run.sh', type: 'file', data: '#!/bin/sh\n', mode: 0o755 }, { name: 'data.txt', type: 'file', data: 'x' }]))
    server.blobs.set('tool.zip', zipOf([{ name: 'run.sh', data: '#!/bin/sh\n', mode: 0o100755 }, { name: 'data.txt', data: 'x' }]))
    const results = await fetchAll(`${server.url}/blob/tool.tar fromtar extract=true\n${server.url}/blob/tool.zip fromzip extract=true`)
    assert.deepEqual(results.map((result) => result.ok), [true, true], JSON.stringify(results))
    for (const folder of ['fromtar', 'fromzip']) {
      assert.equal((await lstat(join(directory, folder, 'run.sh'))).mode & 0o111, 0o111, `${folder}/run.sh`)
      assert.equal((await lstat(join(directory, folder, 'data.txt'))).mode & 0o111, 0, `${folder}/data.txt`)
    }
  })

  it('fails a tar whose link points out of the folder, leaving nothing', async () => {
    server.blobs.set('link.tar.gz', gzipSync(tarOf([{ name: 'passwd', type: 'symlink', target: '/etc/passwd' }])))
    const [result] = await fetchAll(`${server.url}/blob/link.tar.gz extract=tar.gz`)
    assert.equal(result?.ok, false)
    assert.match(!result.ok ? result.error : '', linksOut('link', 'passwd', '/etc/passwd'))
    assert.deepEqual(await tree(directory), [])
  })

  it('fails a link that reads as inside but leads out through another link, leaving nothing', async () => {
    const climb = `${'s/'.repeat(12)}${'../'.repeat(12)}`
    server.blobs.set('chain.tar.gz', gzipSync(tarOf([{ name: 's', type: 'symlink', target: '.' }, { name: 'up', type: 'symlink', target: climb }])))
    const [result] = await fetchAll(`${server.url}/blob/chain.tar.gz extract=tar.gz`)
    assert.equal(result?.ok, false)
    assert.match(!result.ok ? result.error : '', linksOut('chain', 'up', climb))
    assert.deepEqual(await tree(directory), [])
  })

  for (const [name, links, error] of [
    ['absolute', [{ name: 'abs', type: 'symlink', target: '/elsewhere/x' }], linksOut('out', 'abs', '/elsewhere/x')],
    // On drive C, wherever the link is, on Windows: refused on every OS alike.
    ['on a Windows drive', [{ name: 'drive', type: 'symlink', target: 'C:x' }], linksOut('out', 'drive', 'C:x')],
    ['through a missing folder', [{ name: 'gone', type: 'symlink', target: 'missing/../../x' }], /^Could not unpack 'out': the archive member 'gone' links outside the folder/],
    ['in a loop', [{ name: 'a', type: 'symlink', target: 'b' }, { name: 'b', type: 'symlink', target: 'a/c' }], /^Could not unpack 'out': the archive member '[ab]' is a link in a loop\.$/],
  ] satisfies [string, Member[], RegExp][]) {
    it(`fails a link ${name}`, async () => {
      const file = `${name.replaceAll(' ', '-')}.tar.gz`
      server.blobs.set(file, gzipSync(tarOf(links)))
      const [result] = await fetchAll(`${server.url}/blob/${file} out extract=tar.gz`)
      assert.equal(result?.ok, false)
      assert.match(!result.ok ? result.error : '', error)
      assert.deepEqual(await tree(directory), [])
    })
  }

  it('resolves links built on links once each, and refuses those the file system would give up on, at once', async () => {
    const chain = Array.from({ length: 200 }, (_, i) => ({ name: `l${i}`, type: 'symlink' as const, target: `${'s/'.repeat(45)}x` }))
    const limit = linkLimit(process.platform)
    const doubling = Array.from({ length: 40 }, (_, i) => ({ name: `x${i + 1}`, type: 'symlink' as const, target: `x${i}/../x${i}` }))
    server.blobs.set('long.tar', tarOf([{ name: 's', type: 'symlink', target: '.' }, { name: 'x', type: 'file', data: 'x' }, ...chain]))
    // Each link names the one before twice: read naively, x40 takes 2^40 steps.
    server.blobs.set('doubling.tar', tarOf([{ name: 'x0', type: 'dir' }, ...doubling]))
    server.blobs.set('fine.tar', tarOf([{ name: 's', type: 'symlink', target: '.' }, { name: 'x', type: 'file', data: 'x' }, { name: 'y', type: 'symlink', target: 's/s/s/x' }]))
    // A chain of 40 links (Linux; 32 on macOS) is as many as the file system follows; one more is one too many.
    const chainOf = (length: number): Member[] => [{ name: 'f', type: 'file', data: 'end' }, ...Array.from({ length }, (_, i) => ({ name: `c${i}`, type: 'symlink' as const, target: i === length - 1 ? 'f' : `c${i + 1}` }))]
    server.blobs.set('forty.tar', tarOf(chainOf(limit)))
    server.blobs.set('forty-one.tar', tarOf(chainOf(limit + 1)))
    // 400 links, each with a target 1000 names deep into a folder as deep: each walk is 1000 steps
    // (500 on macOS, whose links hold 1023 bytes at most).
    const deep = Array.from({ length: Math.min(1000, (TARGET_MAX - 'end'.length) >> 1) }, () => 'd').join('/')
    server.blobs.set('deep.tar.gz', gzipSync(tarOf([{ name: `${deep}/end`, type: 'file', data: 'deep' }, ...Array.from({ length: 400 }, (_, i) => ({ name: `l${i}`, type: 'symlink' as const, target: `${deep}/end` }))])))
    const started = performance.now()
    const names = ['long.tar', 'doubling.tar', 'fine.tar', 'forty.tar', 'forty-one.tar', 'deep.tar.gz']
    const results = await fetchAll(names.map((name) => `${server.url}/blob/${name} ${name.replace(/\..*$/, '')} extract=true`).join('\n'))
    assert.ok(performance.now() - started < 10_000, `${performance.now() - started} ms`)
    assert.deepEqual(
      results.map((result) => (result.ok ? 'ok' : result.error.replace(/^Could not unpack '[\w-]+': the archive member '\w+' /, ''))),
      [`goes through more than ${limit} links.`, `goes through more than ${limit} links.`, 'ok', 'ok', `goes through more than ${limit} links.`, 'ok'],
    )
    assert.equal(await readFile(join(directory, 'fine/y'), 'utf8'), 'x')
    assert.equal(await readFile(join(directory, 'forty/c0'), 'utf8'), 'end')
    assert.equal(await readFile(join(directory, 'deep/l399'), 'utf8'), 'deep')
  })

  it('fails a link that leads out once a later step makes a folder it names', async () => {
    // x -> build/../d/e/s/.. : with build/ made, d/e/s leads to the folder itself, and .. above it.
    server.blobs.set('later.tar', tarOf([
      { name: 'd', type: 'dir' },
      { name: 'd/e', type: 'dir' },
      { name: 'd/e/s', type: 'symlink', target: '../..' },
      { name: 'x', type: 'symlink', target: 'build/../d/e/s/..' },
    ]))
    const [result] = await fetchAll(`${server.url}/blob/later.tar pkg extract=tar`)
    assert.equal(result && !result.ok && result.error, "Could not unpack 'pkg': the archive member 'x' links outside the folder (to 'build/../d/e/s/..').")
    assert.deepEqual(await tree(directory), [])
  })

  it('reads link targets as the file system does: a backslash is part of a name on Linux and macOS', { skip: process.platform === 'win32' && 'a backslash separates names on Windows' }, async () => {
    // One link named a\b\…\p to '.', then 16 '..' after it: read with backslashes as separators, 16 missing folders and back.
    const name = 'abcdefghijklmnop'.split('').join('\\')
    server.blobs.set('backslash.tar', tarOf([{ name, type: 'symlink', target: '.' }, { name: 'up', type: 'symlink', target: `${name}/${'../'.repeat(16)}` }]))
    const [result] = await fetchAll(`${server.url}/blob/backslash.tar pkg extract=tar`)
    assert.match(result && !result.ok ? result.error : '', /^Could not unpack 'pkg': the archive member 'up' links outside the folder/)
    assert.deepEqual(await tree(directory), [])
  })

  it('fails an archive with a name that is not UTF-8, which would hide a folder behind its twin, or with a control character', { skip: process.platform !== 'linux' && 'only Linux file systems take any bytes in a name' }, async () => {
    const folder = await mkdtemp(join(sources, 'bytes-'))
    await mkdir(join(folder, 'd/\ufffd'), { recursive: true })
    await mkdir(Buffer.concat([Buffer.from(`${folder}/d/`), Buffer.from([0xff])]))
    tar('-cf', join(sources, 'bytes.tar'), folder, ['d'])
    server.blobs.set('bytes.tar', await readFile(join(sources, 'bytes.tar')))
    server.blobs.set('control.tar', tarOf([{ name: 'l', type: 'symlink', target: 'x\n::error title=forged::x' }]))
    const results = await fetchAll(`${server.url}/blob/bytes.tar bytes extract=tar\n${server.url}/blob/control.tar control extract=tar`)
    assert.deepEqual(
      results.map((result) => (result.ok ? 'ok' : result.error)),
      [
        "Could not unpack 'bytes': the archive has a name that is not UTF-8 text in 'd'.",
        `Could not unpack 'control': the archive has a name with a control character in 'l': "x\\n::error title=forged::x".`,
      ],
    )
    assert.deepEqual(await tree(directory), [])
  })

  it('fails an archive that lists a name longer than any file system takes, without holding the listing, and the run goes on', async () => {
    server.blobs.set('listing.tar', tarOf([{ name: `${'n'.repeat(70_000)}.txt`, type: 'file', data: 'x' }]))
    server.blobs.set('fine.tar', tarOf([{ name: 'ok.txt', type: 'file', data: 'ok' }]))
    // 5000 characters list, but no file system takes them: tar's complaint quotes the name, and is cut short.
    server.blobs.set('too-long.tar', tarOf([{ name: `${'n'.repeat(5000)}.txt`, type: 'file', data: 'x' }]))
    const results = await fetchAll(['listing', 'fine', 'too-long'].map((name) => `${server.url}/blob/${name}.tar ${name} extract=tar`).join('\n'))
    assert.deepEqual(
      results.slice(0, 2).map((result) => (result.ok ? 'ok' : result.error)),
      ["Could not unpack 'listing': tar printed a line longer than 65536 characters.", 'ok'],
    )
    const cut = results[2] && !results[2].ok ? results[2].error : ''
    assert.match(cut, new RegExp(`^Could not unpack 'too-long': tar failed \\(exit code ${TAR_FAILED}\\): tar: n+…\\.$`))
    assert.ok(cut.length < 400, `${cut.length} characters`)
  })

  it('unpacks names outside ASCII when the runner sets no locale', async () => {
    const locale = ['LANG', 'LC_ALL', 'LC_CTYPE'].map((name) => [name, process.env[name]] as const)
    for (const [name] of locale) delete process.env[name]
    try {
      server.blobs.set('accents.tar', tarOf([{ name: 'été/', type: 'dir' }, { name: 'été/café.txt', type: 'file', data: 'ok' }]))
      const [result] = await fetchAll(`${server.url}/blob/accents.tar accents extract=tar`)
      assert.ok(result?.ok, JSON.stringify(result))
      assert.equal(await readFile(join(directory, 'accents/été/café.txt'), 'utf8'), 'ok')
    } finally {
      for (const [name, value] of locale) if (value !== undefined) process.env[name] = value
    }
  })

  it('checks links to long paths that do not exist in little time and memory', async () => {
    // Targets of 4000 bytes, or as long as the OS takes: 1000 on macOS.
    const missing = Array.from({ length: Math.min(2040, (TARGET_MAX - 'm49/'.length) >> 1) }, () => 'a').join('/')
    server.blobs.set('missing.tar.gz', gzipSync(tarOf(Array.from({ length: 50 }, (_, i) => ({ name: `l${i}`, type: 'symlink' as const, target: `m${i}/${missing}` })))))
    const started = performance.now()
    const [result] = await fetchAll(`${server.url}/blob/missing.tar.gz missing extract=true`)
    assert.ok(result?.ok, JSON.stringify(result))
    assert.ok(performance.now() - started < 5000, `${performance.now() - started} ms`)
  })

  it('fails an archive with a device or a FIFO in it', async () => {
    for (const type of ['chardev', 'fifo'] as const) {
      server.blobs.set(`${type}.tar`, tarOf([{ name: 'ok', type: 'file', data: 'ok' }, { name: 'node', type }]))
      const [result] = await fetchAll(`${server.url}/blob/${type}.tar ${type} extract=tar`)
      // A root runner's tar makes it, and the check refuses it; anyone else's tar can't make it
      // (GNU tar: Cannot mknod or Cannot open; macOS's bsdtar: Can't create).
      assert.match(result && !result.ok ? result.error : '', /is not a file, a folder or a link|Cannot mknod|Cannot open|Can't create/)
    }
  })

  it('clears setuid, setgid, sticky and world-write bits', { skip: WINDOWS && 'Windows has no permission bits' }, async () => {
    server.blobs.set(
      'setuid.tar',
      tarOf([
        { name: './', type: 'dir', mode: 0o7777 },
        { name: 'open', type: 'dir', mode: 0o7777 },
        { name: 'shut', type: 'dir', mode: 0o000 },
        { name: 'shut/in', type: 'file', data: 'x', mode: 0o666 },
        { name: 'su', type: 'file', data: '#!/bin/sh', mode: 0o6755, uid: 12345 },
      ]),
    )
    const [result] = await fetchAll(`${server.url}/blob/setuid.tar setuid extract=tar`)
    assert.ok(result?.ok, JSON.stringify(result))
    // tar gives root the archive's modes; anyone else, those modes less the umask.
    const umask = process.getuid?.() === 0 ? 0 : process.umask()
    const kept = (mode: number, more = 0): number => (mode & ~umask & 0o775) | more
    const stat = await lstat(join(directory, 'setuid/su'))
    assert.equal(stat.mode & 0o7777, kept(0o6755))
    assert.equal((await lstat(join(directory, 'setuid'))).mode & 0o7777, kept(0o7777, 0o700))
    assert.equal((await lstat(join(directory, 'setuid/open'))).mode & 0o7777, kept(0o7777, 0o700))
    assert.equal((await lstat(join(directory, 'setuid/shut'))).mode & 0o7777, kept(0o000, 0o700))
    assert.equal((await lstat(join(directory, 'setuid/shut/in'))).mode & 0o7777, kept(0o666))
    assert.equal(stat.uid, process.getuid?.() ?? stat.uid, 'tar kept the owner the archive names')
    assert.deepEqual((await tree(directory)).filter((name) => name.includes('.parallel-download-')), [])
  })

  it('fails an archive that unpacks deeper than a path may be long, and leaves nothing behind', async () => {
    // Each member's name is short enough; through the link, the folders go past PATH_MAX.
    const long = Array.from({ length: 15 }, () => 'a'.repeat(200))
    const members: Member[] = long.map((_, i) => ({ name: long.slice(0, i + 1).join('/'), type: 'dir' }))
    members.push({ name: 'L', type: 'symlink', target: long.join('/') })
    for (let i = 1; i <= 12; i++) members.push({ name: ['L', ...Array<string>(i).fill('b'.repeat(200))].join('/'), type: 'dir' })
    members.push({ name: ['L', ...Array<string>(12).fill('b'.repeat(200)), 'f'].join('/'), type: 'file', data: 'deep' })
    server.blobs.set('pathmax.tar', tarOf(members))
    const [result] = await fetchAll(`${server.url}/blob/pathmax.tar deep extract=tar`)
    assert.equal(result && !result.ok && result.error, "Could not unpack 'deep': the archive holds paths longer than this system allows.")
    assert.deepEqual(await tree(directory), [])
  })

  it('fails a hard link to a file outside the folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'hard-'))
    await mkdir(join(folder, 'tree'))
    await writeFile(join(folder, 'outside.txt'), 'secret')
    await writeFile(join(folder, 'tree', 'inside.txt'), 'ok')
    await link(join(folder, 'tree', 'inside.txt'), join(folder, 'tree', 'twin.txt'))
    await checkLinks(join(folder, 'tree'))
    await link(join(folder, 'outside.txt'), join(folder, 'tree', 'out.txt'))
    await assert.rejects(checkLinks(join(folder, 'tree')), { message: "the archive member 'out.txt' is a hard link to a file outside the folder" })
  })

  it('does not unpack an archive that fails its checksum', async () => {
    await archive('pinned.tar.gz', layGood, tarGz)
    const [result] = await fetchAll(`${server.url}/blob/pinned.tar.gz extract=true sha256=${'0'.repeat(64)}`)
    assert.equal(result?.ok, false)
    assert.match(!result.ok ? result.error : '', /^The sha256 is/)
    assert.deepEqual(await tree(directory), [])
  })

  it('unpacks a zip that unzip only warns about: bytes before it (a self-extractor\'s stub), or no members', { skip: missing('zip') }, async () => {
    const body = await archive('stub.zip', layGood, zip)
    server.blobs.set('stubbed.zip', Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), body]))
    server.blobs.set('empty.zip', Buffer.from('504b0506' + '00'.repeat(18), 'hex'))
    const results = await fetchAll(`${server.url}/blob/stubbed.zip stubbed extract=zip\n${server.url}/blob/empty.zip empty extract=zip`)
    assert.deepEqual(results.map((result) => (result.ok ? 'ok' : result.error)), ['ok', 'ok'])
    assert.equal(await readFile(join(directory, 'stubbed/a.txt'), 'utf8'), 'alpha')
  })

  it('says in one sentence that a file is not the archive it was said to be', async () => {
    server.blobs.set('page.zip', Buffer.from('<html>Sign in to continue</html>'))
    server.blobs.set('page.tar.gz', Buffer.from('<html>Sign in to continue</html>'))
    const results = await fetchAll(`${server.url}/blob/page.zip zipped extract=zip\n${server.url}/blob/page.tar.gz tarred extract=tar.gz`)
    const [zipped, tarred] = results.map((result) => (result.ok ? 'ok' : result.error))
    assert.equal(zipped, "Could not unpack 'zipped': the file is not a zip archive.")
    // GNU tar hands the data to gzip, which says what it is not; macOS's bsdtar reads gzip itself.
    const said = process.platform === 'darwin' ? '.+' : 'gzip: stdin: not in gzip format'
    assert.match(tarred ?? '', new RegExp(`^Could not unpack 'tarred': tar failed \\(exit code ${TAR_FAILED}\\): ${said}\\.$`))
  })

  it('asks for a type it cannot tell from the name', async () => {
    const { problems } = await parseManifest(`${server.url}/blob/data.bin extract=true\n${server.url}/blob/x.zip extract=rar`)
    assert.deepEqual(
      problems.map((problem) => problem.message),
      [
        "line 1: can't tell the archive type from the name; give extract=tar|tar.gz|tar.xz|zip.",
        'line 2: extract must be true, false or one of tar, tar.gz, tar.xz, zip.',
      ],
    )
  })
})
