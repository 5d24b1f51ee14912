import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { DownloadResult } from '../src/download.ts'
import { parseManifest } from '../src/manifest.ts'
import { planDownloads } from '../src/plan.ts'
import { runAll } from '../src/run-all.ts'
import { zipNames } from '../src/zip.ts'
import { startServer, type TestServer } from './helpers/server.ts'
import { zipOf, type ZipMember, type ZipOptions } from './helpers/zip.ts'

// The zip listing is read in-process on every OS (Windows runners have no unzip): these check it
// against hostile archives written byte by byte, and against Info-ZIP's own where it is there.

let sources = ''
let count = 0

async function names(members: ZipMember[], options?: ZipOptions): Promise<string[]> {
  return namesOf(zipOf(members, options))
}

async function namesOf(bytes: Buffer): Promise<string[]> {
  const file = join(sources, `${++count}.zip`)
  await writeFile(file, bytes)
  const listed: string[] = []
  await zipNames(file, (name) => listed.push(name))
  return listed
}

/**
 * An archive with two central directories: `found` just before the end record, where unzip finds
 * it, and `stated` where the end record's offset points, where .NET reads.
 */
function twoDirectories(found: string, stated: string): Buffer {
  const archive = zipOf([{ name: found, data: 'x' }])
  const directoryOf = (zip: Buffer): Buffer => zip.subarray(zip.readUInt32LE(zip.length - 6), zip.length - 22)
  const real = directoryOf(archive)
  const hostile = directoryOf(zipOf([{ name: stated, data: 'x' }]))
  const local = archive.subarray(0, archive.readUInt32LE(archive.length - 6))
  const end = Buffer.from(archive.subarray(archive.length - 22))
  end.writeUInt32LE(local.length, 16)
  return Buffer.concat([local, hostile, real, end])
}

const missing = (tool: string): string | false => (spawnSync(tool, ['-v']).error ? `needs ${tool}, which this runner lacks` : false)

before(async () => {
  sources = await mkdtemp(join(tmpdir(), 'zips-'))
})

describe('zipNames', () => {
  it('lists every member in the order of the central directory', async () => {
    assert.deepEqual(await names([{ name: 'a.txt', data: 'a' }, { name: 'sub/' }, { name: 'sub/b.txt', data: 'b' }]), ['a.txt', 'sub/', 'sub/b.txt'])
  })

  it('lists an empty archive as nothing', async () => {
    assert.deepEqual(await names([]), [])
  })

  it('gives a Unicode Path field too, the name unzip writes the member under', async () => {
    assert.deepEqual(await names([{ name: 'ok.txt', unicodePath: '../evil.txt' }]), ['ok.txt', '../evil.txt'])
  })

  it('reads a name without the UTF-8 flag byte for byte, its ASCII as it is', async () => {
    assert.deepEqual(await names([{ name: Buffer.from([0x2e, 0x2e, 0x2f, 0x82, 0x2e, 0x74]) }]), ['../\u0082.t'])
  })

  it('finds the directory after a self-extractor stub, whose offsets count from the archive', async () => {
    assert.deepEqual(await names([{ name: 'x.txt', data: 'x' }], { prefix: Buffer.alloc(5000, 'M') }), ['x.txt'])
  })

  it('reads zip64 end records', async () => {
    assert.deepEqual(await names([{ name: 'big.bin', data: 'b' }, { name: 'c' }], { zip64: true }), ['big.bin', 'c'])
    assert.deepEqual(await names([{ name: 'big.bin' }], { zip64: true, prefix: Buffer.alloc(300, 'M') }), ['big.bin'])
  })

  it('takes the last end record, as unzip and .NET do, with bytes after the archive or a comment', async () => {
    const archive = zipOf([{ name: 'real.txt' }], { comment: 'a comment' })
    assert.deepEqual(await namesOf(Buffer.concat([archive, Buffer.from('trailing bytes')])), ['real.txt'])
  })

  it('lists more members than the plain end record can count, a chunk of the directory at a time', async () => {
    const members = Array.from({ length: 70_000 }, (_, index) => ({ name: `f/${index}.txt` }))
    const listed = await names(members, { zip64: true })
    assert.equal(listed.length, 70_000)
    assert.equal(listed.at(-1), 'f/69999.txt')
  })

  it('says when a file is not a zip archive, or when its directory does not add up', async () => {
    await assert.rejects(namesOf(Buffer.from('plain text, no zip')), { message: 'the file is not a zip archive' })
    await assert.rejects(namesOf(Buffer.alloc(0)), { message: 'the file is not a zip archive' })
    const good = zipOf([{ name: 'a.txt', data: 'a' }, { name: 'b.txt', data: 'b' }])
    // The directory's size now claims more than there is before the end record.
    const long = Buffer.from(good)
    long.writeUInt32LE(long.readUInt32LE(long.length - 10) + 5000, long.length - 10)
    await assert.rejects(namesOf(long), { message: 'the zip archive is damaged' })
    // A record cut short: the directory ends in the middle of a name.
    const short = Buffer.from(good)
    short.writeUInt32LE(short.readUInt32LE(short.length - 10) - 3, short.length - 10)
    await assert.rejects(namesOf(short), { message: 'the zip archive is damaged' })
    const noLocator = Buffer.from(zipOf([{ name: 'a' }], { zip64: true }))
    noLocator.writeUInt32LE(0, noLocator.length - 42)
    await assert.rejects(namesOf(noLocator), { message: 'the zip archive is damaged' })
    const spanned = Buffer.from(good)
    spanned.writeUInt16LE(1, spanned.length - 18)
    await assert.rejects(namesOf(spanned), { message: 'the zip archive spans several disks, which is not supported' })
  })

  it('reads a plain archive of 65 535 members, whose count looks like zip64 but has no zip64 record', async () => {
    const listed = await names(Array.from({ length: 0xffff }, (_, index) => ({ name: `${index}` })))
    assert.equal(listed.length, 0xffff)
  })

  it('reads the directory unzip reads when a zip64 record describes another, the plain record not being full', async () => {
    // The plain end record covers both members (and the zip64 records after them); the zip64 one only the last.
    const hidden = '../hidden.txt'
    const archive = zipOf([{ name: hidden, data: 'h' }, { name: 'ok.txt', data: 'o' }])
    const start = archive.readUInt32LE(archive.length - 6)
    const directory = archive.subarray(start, archive.length - 22)
    const ok = directory.subarray(46 + hidden.length)
    const zip64 = zipOf([], { zip64: true }).subarray(-98, -22)
    zip64.writeBigUInt64LE(1n, 24)
    zip64.writeBigUInt64LE(1n, 32)
    zip64.writeBigUInt64LE(BigInt(ok.length), 40)
    zip64.writeBigUInt64LE(BigInt(start + 46 + hidden.length), 48)
    zip64.writeBigUInt64LE(BigInt(start + directory.length), 56 + 8)
    const end = Buffer.from(archive.subarray(-22))
    end.writeUInt32LE(directory.length + 76, 12)
    const file = join(sources, 'zip64-beside.zip')
    await writeFile(file, Buffer.concat([archive.subarray(0, start + directory.length), zip64, end]))
    const listed: string[] = []
    await assert.rejects(
      zipNames(file, (name) => listed.push(name)),
      { message: 'the zip archive is damaged' },
    )
    assert.deepEqual(listed, [hidden, 'ok.txt'], 'the hidden member is seen, then the zip64 records inside that directory fail it')
  })

  it("also reads the directory at the offset the end record states, which .NET's ZipFile unpacks by", async () => {
    assert.deepEqual(await namesOf(twoDirectories('ok.txt', 'hidden/../../escape.txt')), ['ok.txt', 'hidden/../../escape.txt'])
  })

  it('lists what Info-ZIP lists, for archives made by zip', { skip: missing('zip') || missing('unzip') }, async () => {
    const folder = await mkdtemp(join(sources, 'tree-'))
    await mkdir(join(folder, 'sub', 'deeper'), { recursive: true })
    await writeFile(join(folder, 'sub', 'deeper', 'café.txt'), 'c')
    await writeFile(join(folder, 'top.txt'), 't')
    for (const flags of [['-qr'], ['-qr', '-fz'], ['-qr0']]) {
      const file = join(sources, `made-${flags.join('')}.zip`)
      spawnSync('zip', [...flags, file, '.'], { cwd: folder })
      const theirs = spawnSync('unzip', ['-Z1', file]).stdout.toString().split('\n').filter(Boolean)
      const ours: string[] = []
      await zipNames(file, (name) => ours.push(name))
      assert.deepEqual(ours, theirs, flags.join(' '))
    }
  })
})

describe('a zip entry, unpacked', () => {
  let server: TestServer
  let directory = ''
  before(async () => {
    server = await startServer()
  })
  after(() => server.close())
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'unzip-'))
  })

  async function fetchZip(bytes: Buffer, path = 'out'): Promise<DownloadResult | undefined> {
    const name = `${++count}.zip`
    server.blobs.set(name, bytes)
    const parsed = await parseManifest(`${server.url}/blob/${name} ${path} extract=zip`)
    const plan = planDownloads(parsed.entries, directory, [])
    assert.deepEqual([...parsed.problems, ...plan.problems], [])
    const [result] = await runAll(plan.downloads, { directory, concurrency: 1, retries: 0, timeoutMs: 5000 })
    return result
  }

  const hostile: [string, ZipMember][] = [
    ['a name that climbs with ..', { name: '../evil.txt', data: 'x' }],
    ['a name that climbs with ..\\', { name: 'a\\..\\..\\evil.txt', data: 'x' }],
    ['an absolute name', { name: '/tmp/evil.txt', data: 'x' }],
    ['a name on a Windows drive', { name: 'C:evil.txt', data: 'x' }],
    ['a Windows absolute name', { name: 'C:\\evil.txt', data: 'x' }],
    ['a UNC name', { name: '\\\\server\\share\\evil.txt', data: 'x' }],
    ['a harmless name whose Unicode Path climbs', { name: 'ok.txt', unicodePath: '../evil.txt', data: 'x' }],
  ]
  for (const [what, member] of hostile) {
    it(`fails an archive with ${what}, before unpacking, leaving the old folder as it was`, async () => {
      await mkdir(join(directory, 'out'))
      await writeFile(join(directory, 'out', 'keep.txt'), 'old')
      const result = await fetchZip(zipOf([{ name: 'first.txt', data: '1' }, member]))
      assert.equal(result?.ok, false)
      assert.match(!result.ok ? result.error : '', /^Could not unpack 'out': the archive member '.*' would land outside the folder\.$/)
      assert.deepEqual((await readdir(directory, { recursive: true })).sort(), ['out', join('out', 'keep.txt')])
    })
  }

  it("fails an archive whose stated directory, the one .NET would unpack, climbs out, though the one before the end record does not", async () => {
    const result = await fetchZip(twoDirectories('ok.txt', 'hidden/../../escape.txt'))
    assert.equal(!result?.ok && result?.error, "Could not unpack 'out': the archive member 'hidden/../../escape.txt' would land outside the folder.")
  })

  it('unpacks a self-extractor, whose stub comes before the archive', async () => {
    const result = await fetchZip(zipOf([{ name: 'sub/' }, { name: 'sub/a.txt', data: 'alpha' }], { prefix: Buffer.alloc(4096, 'M') }))
    assert.ok(result?.ok, JSON.stringify(result))
    assert.equal(await readFile(join(directory, 'out', 'sub', 'a.txt'), 'utf8'), 'alpha')
  })

  it('fails a file that is not a zip archive with that sentence', async () => {
    const result = await fetchZip(Buffer.from('<html>not found</html>'))
    assert.equal(!result?.ok && result?.error, "Could not unpack 'out': the file is not a zip archive.")
  })
})
