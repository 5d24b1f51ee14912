import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseManifest } from '../src/manifest.ts'
import { planDownloads, secretsOf, shardOf } from '../src/plan.ts'

const DIR = '/work/ws/data'

async function plan(manifest: string, headers = {}) {
  const parsed = await parseManifest(manifest)
  assert.deepEqual(parsed.problems, [])
  return planDownloads(parsed.entries, DIR, headers)
}

describe('planDownloads', () => {
  it('resolves destinations under the directory', async () => {
    const { downloads, problems } = await plan('https://h.example/a.csv\nhttps://h.example/b sub/./dir/../b.csv')
    assert.deepEqual(problems, [])
    assert.deepEqual(
      downloads.map((d) => [d.index, d.path, d.destination]),
      [
        [0, 'a.csv', `${DIR}/a.csv`],
        [1, 'sub/b.csv', `${DIR}/sub/b.csv`],
      ],
    )
  })

  it('rejects destinations that are absolute, outside, the directory itself, taken twice, or inside another file', async () => {
    const { downloads, problems } = await plan(
      [
        'https://h.example/1 /etc/passwd',
        'https://h.example/2 ../escape',
        'https://h.example/3 a/../../escape',
        'https://h.example/4 C:\\Windows\\x',
        'https://h.example/5 .',
        'https://h.example/6 same.bin',
        'https://h.example/7 ./same.bin',
        'https://h.example/8 folder',
        'https://h.example/9 folder/inner/file',
      ].join('\n'),
    )
    assert.deepEqual(
      problems.map((problem) => problem.message),
      [
        "line 1: the destination '/etc/passwd' is absolute; destinations are relative to the directory.",
        "line 2: the destination '../escape' resolves outside the directory.",
        "line 3: the destination 'a/../../escape' resolves outside the directory.",
        "line 4: the destination 'C:\\Windows\\x' is absolute; destinations are relative to the directory.",
        "line 5: the destination '.' is the directory itself.",
        "line 7: it has the same destination as line 6 ('same.bin').",
        "line 9: it has a destination inside the file of line 8 ('folder').",
      ],
    )
    assert.deepEqual(
      downloads.map((d) => d.path),
      ['same.bin', 'folder', 'folder/inner/file'],
    )
  })

  it("merges headers, the entry's winning whatever the case", async () => {
    const parsed = await parseManifest('- url: https://h.example/a\n  headers: {accept: text/csv}\n- https://h.example/b\n')
    const { downloads } = planDownloads(parsed.entries, DIR, { Accept: '*/*', 'X-Key': 'k' })
    assert.deepEqual(downloads[0]?.headers, { 'X-Key': 'k', accept: 'text/csv' })
    assert.deepEqual(downloads[1]?.headers, { Accept: '*/*', 'X-Key': 'k' })
  })

  it('turns URL credentials into a Basic header and drops them from the URL', async () => {
    const { downloads } = await plan('https://us%40er:p%3Ass@h.example/a.bin')
    assert.equal(downloads[0]?.url.href, 'https://h.example/a.bin')
    assert.equal(downloads[0]?.headers.Authorization, `Basic ${Buffer.from('us@er:p:ss').toString('base64')}`)
  })
})

describe('the GitHub token', () => {
  const github = { token: 'ghs_t0k3n', hosts: ['github.com', 'api.github.com', 'raw.githubusercontent.com'] }

  it("goes to the GitHub server's hosts only, below every other header", async () => {
    const parsed = await parseManifest(
      [
        '- https://github.com/o/r/releases/download/v1/tool.tgz',
        '- https://raw.githubusercontent.com/o/r/0123abc/data.csv',
        '- https://api.github.com/repos/o/r/releases/assets/42',
        '- https://example.org/github.com/x1',
        '- https://github.com.evil.example/x2',
        '- url: https://api.github.com/repos/o/r/tarball/main',
        '  path: main.tgz',
        '  headers: {Authorization: token other}',
      ].join('\n'),
    )
    const { downloads } = planDownloads(parsed.entries, DIR, { 'X-Any': '1' }, github)
    assert.deepEqual(
      downloads.map((d) => d.headers),
      [
        { Authorization: 'Bearer ghs_t0k3n', 'X-Any': '1' },
        { Authorization: 'Bearer ghs_t0k3n', 'X-Any': '1' },
        { Authorization: 'Bearer ghs_t0k3n', Accept: 'application/octet-stream', 'X-Any': '1' },
        { 'X-Any': '1' },
        { 'X-Any': '1' },
        { 'X-Any': '1', Authorization: 'token other' },
      ],
    )
  })
})

describe('secretsOf', () => {
  it('lists every header value and the credential after a scheme', async () => {
    const { downloads } = await plan('https://h.example/a', { Authorization: 'Bearer tok3n', 'X-Api-Key': 'k3y' })
    assert.deepEqual([...secretsOf(downloads)].sort(), ['Bearer tok3n', 'k3y', 'tok3n'])
  })
})

describe('shardOf', () => {
  it('deals every entry to exactly one of TOTAL shards, in balanced shares', async () => {
    const { downloads } = await plan(Array.from({ length: 23 }, (_, i) => `https://h.example/f${i}`).join('\n'))
    for (let total = 1; total <= 7; total++) {
      const shares = Array.from({ length: total }, (_, i) => shardOf(downloads, { index: i + 1, total }).map((d) => d.index))
      assert.deepEqual(shares.flat().sort((a, b) => a - b), downloads.map((d) => d.index), `union of ${total} shards`)
      const sizes = shares.map((share) => share.length)
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `shares of ${total}: ${sizes.join(',')}`)
    }
    assert.deepEqual(shardOf(downloads, { index: 2, total: 10 }).map((d) => d.path), ['f1', 'f11', 'f21'])
  })

  it('plans and shards a manifest of 100 000 entries (npm run bench times it)', async () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `https://h.example/data/${i}.bin d${i % 100}/${i}.bin`).join('\n')
    const { downloads, problems } = planDownloads((await parseManifest(text)).entries, DIR, {})
    assert.deepEqual([downloads.length, problems.length], [100_000, 0])
    assert.deepEqual(
      [1, 2, 3, 4].map((index) => shardOf(downloads, { index, total: 4 }).length),
      [25_000, 25_000, 25_000, 25_000],
    )
  })
})
