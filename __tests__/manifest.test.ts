import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseManifest } from '../src/manifest.ts'

const SHA256 = 'ab'.repeat(32)

describe('parseManifest, lines format', () => {
  it('reads URL, PATH and checksums, skipping comments and blank lines', async () => {
    const { entries, problems } = await parseManifest(
      `# URL   destination   options\n\nhttps://example.org/data/train.csv  data/train.csv  sha256=${SHA256.toUpperCase()}\n  https://example.org/x/test.csv   # trailing comment\n`,
    )
    assert.deepEqual(problems, [])
    assert.equal(entries.length, 2)
    assert.equal(entries[0]?.url.href, 'https://example.org/data/train.csv')
    assert.equal(entries[0]?.path, 'data/train.csv')
    assert.deepEqual(entries[0]?.checksums, { sha256: SHA256 })
    assert.equal(entries[0]?.where, 'line 3')
    assert.equal(entries[1]?.path, 'test.csv')
    assert.equal(entries[1]?.line, 4)
  })

  it('hides what may be a password in a URL that does not parse', async () => {
    const { problems } = await parseManifest('https://deploy:s3cr#t-Pa55@h.example/a.bin a.bin\n//deploy:s3cr3t@h.example/b.bin b.bin')
    assert.deepEqual(problems.map((problem) => problem.message), ["line 1: 'https://***@h.example/a.bin' is not a URL.", "line 2: '//***@h.example/b.bin' is not a URL."])
  })

  it('names the file after the decoded last segment of the URL path', async () => {
    const { entries } = await parseManifest('https://example.org/a/My%20Data%C3%A9.csv?sig=1#frag')
    assert.equal(entries[0]?.path, 'My Dataé.csv')
  })

  it('saves into a PATH that ends in /, under the URL\'s file name', async () => {
    const { entries, problems } = await parseManifest(
      [
        'https://example.org/a/b.csv into/',
        'https://example.org/a/c.csv deep/er/',
        'https://example.org/a/d.tar.gz unpacked/ extract=true',
      ].join('\n'),
    )
    assert.deepEqual(problems, [])
    assert.deepEqual(entries.map((entry) => entry.path), ['into/b.csv', 'deep/er/c.csv', 'unpacked/d'])
    const yaml = await parseManifest('- url: https://example.org/x/y.bin\n  path: folder/\n')
    assert.deepEqual(yaml.entries.map((entry) => entry.path), ['folder/y.bin'])
    assert.deepEqual((await parseManifest('https://example.org/ folder/')).problems.map((problem) => problem.message), [
      "line 1: the URL's path has no file name to save under; give a PATH that ends in a file name.",
    ])
  })

  it('takes a name from a URL as one name, never a path', async () => {
    const { problems } = await parseManifest('https://example.org/a%5Cb.bin\nhttps://example.org/..%2F..%2Fevil.sh\nhttps://example.org/x/ok%20name.bin')
    assert.deepEqual(problems.map((problem) => problem.message), [
      "line 1: the URL's file name 'a\\b.bin' has a / or \\ in it; give a PATH.",
      "line 2: the URL's file name '../../evil.sh' has a / or \\ in it; give a PATH.",
    ])
  })

  it('reads an option in the PATH position as an option', async () => {
    const { entries } = await parseManifest(`https://example.org/a.bin md5=${'0'.repeat(32)}`)
    assert.equal(entries[0]?.path, 'a.bin')
    assert.deepEqual(entries[0]?.checksums, { md5: '0'.repeat(32) })
  })

  it('reports every problem with its line', async () => {
    const { entries, problems } = await parseManifest(
      [
        'https://example.org/ok.bin',
        'ftp://example.org/a.bin',
        'https://example.org/dir/',
        'https://example.org/a.bin a.bin extra',
        'https://example.org/a.bin sha265=abc',
        'https://example.org/a.bin sha256=abc',
        'not a url',
        `https://example.org/a.bin sha1=${'1'.repeat(40)} sha1=${'1'.repeat(40)}`,
        'https://example.org/%E0%A4%A',
        'https://example.org/a.bin toString=1',
      ].join('\n'),
    )
    assert.equal(entries.length, 1)
    assert.deepEqual(
      problems.map((problem) => [problem.line, problem.message]),
      [
        [2, "line 2: 'ftp:' URLs are not supported, only http and https."],
        [3, "line 3: the URL's path has no file name to save under; give a PATH."],
        [4, "line 4: unexpected 'extra': after the URL and PATH, options are key=value."],
        [5, "line 5: unknown option 'sha265'."],
        [6, 'line 6: sha256 must be 64 hex digits.'],
        [7, "line 7: unexpected 'url': after the URL and PATH, options are key=value."],
        [7, "line 7: 'not' is not a URL."],
        [8, "line 8: 'sha1' is given twice."],
        [9, "line 9: the URL's last segment '%E0%A4%A' is not valid percent-encoding; give a PATH."],
        [10, "line 10: unknown option 'toString'."],
      ],
    )
  })

  it('rejects an empty manifest', async () => {
    assert.deepEqual((await parseManifest('# nothing\n\n')).problems, [{ message: 'The manifest lists no entries.' }])
  })
})

describe('parseManifest, YAML and JSON', () => {
  it('reads URL strings and mappings, with headers', async () => {
    const { entries, problems } = await parseManifest(
      `# datasets\n- https://example.org/a.csv\n- url: https://example.org/b\n  path: b/b.csv\n  sha512: ${'c'.repeat(128)}\n  headers:\n    Authorization: Bearer 123\n    X-Number: 0012\n`,
    )
    assert.deepEqual(problems, [])
    assert.equal(entries[0]?.path, 'a.csv')
    assert.equal(entries[0]?.where, 'entry 1 (line 2)')
    assert.equal(entries[1]?.path, 'b/b.csv')
    assert.equal(entries[1]?.where, 'entry 2 (line 3)')
    assert.deepEqual(entries[1]?.checksums, { sha512: 'c'.repeat(128) })
    // Values stay text: 0012 is not turned into the number 12.
    assert.deepEqual(entries[1]?.headers, { Authorization: 'Bearer 123', 'X-Number': '0012' })
  })

  it('reads JSON that starts with a byte-order mark', async () => {
    const { entries, problems } = await parseManifest('\uFEFF[{"url": "https://example.org/a", "path": "x"}]')
    assert.deepEqual(problems, [])
    assert.deepEqual(entries.map((entry) => entry.path), ['x'])
  })

  it('reads JSON, digests that look like numbers included', async () => {
    const digest = '1234567890'.repeat(4)
    const { entries, problems } = await parseManifest(`[{"url": "https://example.org/a", "path": "x", "sha1": "${digest}"}]`)
    assert.deepEqual(problems, [])
    assert.deepEqual(entries[0]?.checksums, { sha1: digest })
  })

  it('names entries by number and line in problems', async () => {
    const { problems } = await parseManifest(
      `- https://example.org/a\n- url: https://example.org/b\n  bogus: 1\n- path: x\n- [1, 2]\n- url: https://example.org/c\n  headers: {"Bad Name": x, Host: y}\n`,
    )
    assert.deepEqual(
      problems.map((problem) => problem.message),
      [
        "entry 2 (line 2): unknown option 'bogus'.",
        'entry 3 (line 4): `url` is missing.',
        'entry 4 (line 5): an entry is a URL or a mapping with `url`.',
        "entry 5 (line 6): 'Bad Name' is not a valid header name.",
        "entry 5 (line 6): header 'Host' is set by the action and can't be given.",
      ],
    )
  })

  it('reports YAML syntax errors with their line', async () => {
    const { entries, problems } = await parseManifest('- https://example.org/a\n- url: https://example.org/b\n  url: https://example.org/c\n')
    assert.equal(entries.length, 0)
    assert.deepEqual(problems, [{ message: 'YAML: Map keys must be unique at line 3, column 3.', line: 3 }])
  })

  it('refuses control characters in a path, which could forge workflow commands in the log', async () => {
    assert.deepEqual((await parseManifest('- url: https://example.org/a\n  path: "a\\n::error::forged"\n- https://example.org/b%0D%0A::error::x\n')).problems, [
      { message: 'entry 1 (line 1): the destination "a\\n::error::forged" contains a control character.', line: 1 },
      { message: 'entry 2 (line 3): the destination "b\\r\\n::error::x" contains a control character.', line: 3 },
    ])
  })

  it('asks for a list when the YAML is a mapping', async () => {
    assert.deepEqual((await parseManifest('url: https://example.org/a\n')).problems, [
      { message: 'A YAML manifest must be a list of entries.', line: 1 },
    ])
  })
})
