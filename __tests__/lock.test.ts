import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { lockManifest } from '../src/lock.ts'

const A = 'a'.repeat(64)
const B = 'b'.repeat(64)

describe('lockManifest', () => {
  it('pins sha256 on the lines of a lines manifest, keeping comments, blank lines and line breaks', async () => {
    const text = [
      '# datasets',
      '',
      'https://h.example/a.csv data/a.csv   # the first',
      `https://h.example/b.csv b.csv sha256=${B}`,
      `https://h.example/c.csv md5=${'c'.repeat(32)}`,
      'https://h.example/failed.csv',
      '',
    ].join('\r\n')
    const pins = [
      { index: 0, line: 3, sha256: A },
      { index: 1, line: 4, sha256: B },
      { index: 2, line: 5, sha256: A },
    ]
    assert.equal(
      await lockManifest(text, pins),
      [
        '# datasets',
        '',
        `https://h.example/a.csv data/a.csv sha256=${A}   # the first`,
        `https://h.example/b.csv b.csv sha256=${B}`,
        `https://h.example/c.csv md5=${'c'.repeat(32)} sha256=${A}`,
        'https://h.example/failed.csv',
        '',
      ].join('\r\n'),
    )
  })

  it('pins sha256 in YAML, turning a bare URL into a mapping and keeping comments', async () => {
    const text = `# models\n- https://h.example/a.bin   # small\n- url: https://h.example/b.bin\n  path: b/b.bin\n- https://h.example/failed\n`
    assert.equal(
      await lockManifest(text, [
        { index: 0, line: 2, sha256: A },
        { index: 1, line: 3, sha256: B },
      ]),
      `# models\n- url: https://h.example/a.bin\n  sha256: ${A}\n  # small\n- url: https://h.example/b.bin\n  path: b/b.bin\n  sha256: ${B}\n- https://h.example/failed\n`,
    )
  })

  it('keeps a JSON manifest that starts with a byte-order mark JSON, mark and all', async () => {
    const locked = await lockManifest('\uFEFF["https://h.example/a"]\n', [{ index: 0, line: 1, sha256: A }])
    assert.ok(locked.startsWith('\uFEFF['), JSON.stringify(locked.slice(0, 10)))
    assert.deepEqual(JSON.parse(locked.slice(1)), [{ url: 'https://h.example/a', sha256: A }])
  })

  it('keeps a JSON manifest JSON', async () => {
    const text = '["https://h.example/a", {"url": "https://h.example/b", "path": "b"}]'
    assert.deepEqual(
      JSON.parse(
        await lockManifest(text, [
          { index: 0, line: 1, sha256: A },
          { index: 1, line: 1, sha256: B },
        ]),
      ),
      [
        { url: 'https://h.example/a', sha256: A },
        { url: 'https://h.example/b', path: 'b', sha256: B },
      ],
    )
  })
})
