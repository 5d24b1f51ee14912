import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { describe, it } from 'node:test'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { parseHeaderLines, type HeaderRule } from '../src/headers.ts'
import { parseManifest } from '../src/manifest.ts'
import { planDownloads, secretsOf, shardOf } from '../src/plan.ts'

const DIR = '/work/ws/data'

/** Rules from `headers` input lines, which must have no problems. */
function rules(lines: string): HeaderRule[] {
  const parsed = parseHeaderLines(lines)
  assert.deepEqual(parsed.problems, [])
  return parsed.rules
}

async function plan(manifest: string, headers = '') {
  const parsed = await parseManifest(manifest)
  assert.deepEqual(parsed.problems, [])
  return planDownloads(parsed.entries, DIR, rules(headers))
}

describe('planDownloads', () => {
  it('resolves destinations under the directory', async () => {
    const { downloads, problems } = await plan('https://h.example/a.csv\nhttps://h.example/b sub/./dir/../b.csv')
    assert.deepEqual(problems, [])
    assert.deepEqual(
      downloads.map((d) => [d.index, d.path, d.destination]),
      [
        // A native absolute path: on Windows, on the current drive, with backslashes.
        [0, 'a.csv', resolve(DIR, 'a.csv')],
        [1, 'sub/b.csv', resolve(DIR, 'sub/b.csv')],
      ],
    )
  })

  it('rejects destinations that are absolute, outside, taken twice, or inside another file', async () => {
    const { downloads, problems } = await plan(
      [
        'https://h.example/1 /etc/passwd',
        'https://h.example/2 ../escape',
        'https://h.example/3 a/../../escape',
        'https://h.example/4 C:\\Windows\\x',
        'https://h.example/5 ..\\escape',
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
        "line 4: the destination 'C:/Windows/x' is absolute; destinations are relative to the directory.",
        "line 5: the destination '../escape' resolves outside the directory.",
        "line 7: it has the same destination as line 6 ('same.bin').",
        "line 9: it has a destination inside the file of line 8 ('folder').",
      ],
    )
    assert.deepEqual(
      downloads.map((d) => d.path),
      ['same.bin', 'folder', 'folder/inner/file'],
    )
  })

  it("refuses destinations that some runner's OS can't write as they are, on every OS", async () => {
    const written = ['a:b', 'x?.bin', 'name.', 'name ', 'dir./x', 'CON', 'nul.tar.gz', 'Com1.txt', 'lpt9', 'data/a.bin::$DATA', 'x\uD800.bin', 'NUL .txt', 'COM0', 'lpt0.log', 'CONIN$']
    const parsed = await parseManifest(written.map((path, i) => `- url: https://h.example/${i}\n  path: ${JSON.stringify(path)}`).join('\n'))
    const { downloads, problems } = planDownloads(parsed.entries, DIR, [])
    assert.deepEqual(downloads, [])
    assert.deepEqual(problems.map((problem) => problem.message.replace(/^entry \d+ \(line \d+\): /, '')), [
      "the destination 'a:b' has 'a:b', with a character that Windows can't have in a name (< > : \" | ? *).",
      "the destination 'x?.bin' has 'x?.bin', with a character that Windows can't have in a name (< > : \" | ? *).",
      "the destination 'name.' has 'name.', which ends in a dot or a space, which Windows drops.",
      "the destination 'name ' has 'name ', which ends in a dot or a space, which Windows drops.",
      "the destination 'dir./x' has 'dir.', which ends in a dot or a space, which Windows drops.",
      "the destination 'CON' has 'CON', which is a device on Windows.",
      "the destination 'nul.tar.gz' has 'nul.tar.gz', which is a device on Windows.",
      "the destination 'Com1.txt' has 'Com1.txt', which is a device on Windows.",
      "the destination 'lpt9' has 'lpt9', which is a device on Windows.",
      "the destination 'data/a.bin::$DATA' has 'a.bin::$DATA', with a character that Windows can't have in a name (< > : \" | ? *).",
      "the destination 'x\uD800.bin' is not valid Unicode (it holds a lone surrogate).",
      "the destination 'NUL .txt' has 'NUL .txt', which is a device on Windows.",
      "the destination 'COM0' has 'COM0', which is a device on Windows.",
      "the destination 'lpt0.log' has 'lpt0.log', which is a device on Windows.",
      "the destination 'CONIN$' has 'CONIN$', which is a device on Windows.",
    ])
  })

  it('reads backslashes as separators and a last name of ., .. or nothing as a folder, on every OS', async () => {
    const { downloads, problems } = await plan(['https://h.example/a.bin sub\\dir\\', 'https://h.example/b.bin .', 'https://h.example/c.bin x/.', 'https://h.example/d.bin x/y/..'].join('\n'))
    assert.deepEqual(problems, [])
    assert.deepEqual(downloads.map((d) => d.path), ['sub/dir/a.bin', 'b.bin', 'x/c.bin', 'x/d.bin'])
  })

  it('refuses destinations that are one file on macOS and Windows: case and Unicode forms', async () => {
    const parsed = await parseManifest(
      [
        'https://h.example/1 Data/A.bin',
        'https://h.example/2 data/a.bin',
        'https://h.example/3 caf\u00e9.bin',
        'https://h.example/4 cafe\u0301.bin',
        'https://h.example/5 DATA',
        'https://h.example/6 ſ.bin',
        'https://h.example/7 S.BIN',
        // APFS folds case fully: sharp s is ss, the fi ligature is fi.
        'https://h.example/8 Straße.csv',
        'https://h.example/9 Strasse.csv',
        'https://h.example/10 \ufb01le.txt',
        'https://h.example/11 file.txt',
        // Letters with no one-letter upper case, against their decomposed capitals.
        'https://h.example/12 \u1e97.bin',
        'https://h.example/13 T\u0308.bin',
        'https://h.example/14 \u0390.bin',
        'https://h.example/15 \u03aa\u0301.bin',
      ].join('\n'),
    )
    const { problems } = planDownloads(parsed.entries, DIR, [])
    const twin = ' on macOS and Windows, whose file systems ignore case and Unicode forms.'
    assert.deepEqual(
      problems.map((problem) => problem.message),
      [
        `line 2: it has the same destination as line 1 ('Data/A.bin')${twin}`,
        `line 4: it has the same destination as line 3 ('caf\u00e9.bin')${twin}`,
        `line 7: it has the same destination as line 6 ('ſ.bin')${twin}`,
        `line 9: it has the same destination as line 8 ('Straße.csv')${twin}`,
        `line 11: it has the same destination as line 10 ('\ufb01le.txt')${twin}`,
        `line 13: it has the same destination as line 12 ('\u1e97.bin')${twin}`,
        `line 15: it has the same destination as line 14 ('\u0390.bin')${twin}`,
        "line 1: it has a destination inside the file of line 5 ('DATA').",
      ],
    )
  })

  it("merges headers, the entry's winning whatever the case", async () => {
    const parsed = await parseManifest('- url: https://h.example/a\n  headers: {accept: text/csv}\n- https://h.example/b\n')
    const { downloads } = planDownloads(parsed.entries, DIR, rules('Accept: */*\nUser-Agent: k'))
    assert.deepEqual(downloads[0]?.headers, { 'User-Agent': 'k', accept: 'text/csv' })
    assert.deepEqual(downloads[1]?.headers, { Accept: '*/*', 'User-Agent': 'k' })
  })

  it('reads a URL in every way a server may before it gets a scoped header', async () => {
    const paths = [
      'a/..%2Fother/x.bin',
      'a/%2e%2e/y.bin y.bin',
      'a/..;/z.bin z.bin',
      'a/%2e%2e;x/w.bin w.bin',
      'a/..%252Fother/v.bin v.bin',
      'a/%c0%ae%c0%ae/u.bin u.bin',
      'a/..%00/t.bin t.bin',
      'a/..%5Cother/s.bin s.bin',
      // A server that decodes twice or more, leniently, or the Windows way.
      'a/..%252Fother%25/r.bin r.bin',
      'a/%25c0%25ae%25c0%25ae/q.bin q.bin',
      'a/%25252e%25252e/p.bin p.bin',
      'a/..%20/o.bin o.bin',
      'a/...%2Fother/n.bin n.bin',
      'a/..%2E/m.bin m.bin',
      'a/%u002e%u002e/l.bin l.bin',
      'a/%EF%BC%8E%EF%BC%8E/k.bin k.bin',
      'a/..%EF%BC%8Fother/j.bin j.bin',
      'a/b%2Fc.bin c.bin',
      'a/q%20r%3Bs.bin',
      'a/100%25.csv',
      'a/caf%C3%A9.csv',
    ]
    const { downloads } = await plan(paths.map((path) => `https://h.example/${path}`).join('\n'), 'https://h.example/a/ Authorization: Bearer A')
    assert.deepEqual(downloads.map((d) => d.headers.Authorization ?? '-'), [...Array<string>(17).fill('-'), ...Array<string>(4).fill('Bearer A')])
    assert.equal(downloads[0]?.headersAt(new URL('https://h.example/other/x.bin')).Authorization, undefined)
    assert.equal(downloads[0]?.headersAt(new URL('https://h.example/a/z.bin')).Authorization, 'Bearer A')
  })

  it('reads a prefix as it reads a URL, so that a prefix with encoded characters covers its URLs', async () => {
    const { downloads } = await plan(
      'https://h.example/my%20files/a.bin\nhttps://h.example/donn%C3%A9es/b.bin\nhttps://h.example/~user/c.bin\nhttps://h.example/other/d.bin',
      'https://h.example/my%20files/ X-A: 1\nhttps://h.example/données/ X-B: 2\nhttps://h.example/%7Euser/ X-C: 3',
    )
    assert.deepEqual(downloads.map((d) => Object.keys(d.headers).join() || '-'), ['X-A', 'X-B', 'X-C', '-'])
    // Letters, digits and -._~ are the same encoded or not; a ';' in a prefix is the workflow's, not a parameter.
    const more = await plan('https://h.example/m%6Fdels/x.bin\nhttps://h.example/%7Euser/y.bin\nhttps://h.example/api/z.bin', 'https://h.example/models/ X-D: 4\nhttps://h.example/~user/ X-E: 5\nhttps://h.example/api;v=1/ X-F: 6')
    assert.deepEqual(more.downloads.map((d) => Object.keys(d.headers).join() || '-'), ['X-D', 'X-E', '-'])
    // The hex of an escape is the same in either case.
    const cased = await plan('https://h.example/caf%c3%a9/a.bin\nhttps://h.example/n%c3%a9/b.bin', 'https://h.example/café/ X-G: 7\nhttps://h.example/n%C3%a9/ X-H: 8')
    assert.deepEqual(cased.downloads.map((d) => Object.keys(d.headers).join() || '-'), ['X-G', 'X-H'])
  })

  it('sends a scoped header to URLs under its prefix only, whole segments, the longest prefix winning', async () => {
    const { downloads } = await plan(
      [
        'https://h.example/a/x.bin',
        'https://h.example/a/b/y.bin',
        'https://h.example/ab/z.bin',
        'http://h.example/a/w.bin',
        'https://h.example:8443/a/v.bin',
        'https://other.example/a/u.bin',
        'https://h.example/a',
      ].join('\n'),
      'https://h.example/a Authorization: Bearer A\nhttps://h.example/a/b/ Authorization: Bearer B\nAccept: */*',
    )
    assert.deepEqual(
      downloads.map((d) => d.headers.Authorization ?? '-'),
      ['Bearer A', 'Bearer B', '-', '-', '-', '-', 'Bearer A'],
    )
    assert.ok(downloads.every((d) => d.headers.Accept === '*/*'))
  })
})

describe('what a plan holds', () => {
  // A plan is held for the whole run: with 20 000 entries, every parsed entry it kept alive as well
  // cost the run megabytes, and made V8 grow its young generation while the plan was made.
  for (const [name, headers, line] of [
    ['the same headers everywhere', 'Accept: text/plain', 'https://h.example/f f'],
    ['headers scoped to prefixes', 'Accept: text/plain\nhttps://h.example/ X-B: 2', 'https://h.example/f f'],
    ["an entry's own headers and URL credentials", '', '- url: https://u:p@h.example/f\n  headers: { X-C: "3" }'],
  ]) {
    it(`keeps none of the parsed entries, with ${name}`, async () => {
      const parsed = await parseManifest(line as string)
      const entry = new WeakRef(parsed.entries[0] as object)
      const { downloads } = planDownloads(parsed.entries.splice(0), DIR, rules(headers as string))
      await collected()
      assert.equal(entry.deref(), undefined)
      assert.equal(downloads.length, 1)
    })
  }
})

/** A full garbage collection, after the current task: a WeakRef's target stays alive until its task ends. */
async function collected(): Promise<void> {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  await new Promise((resolve) => setImmediate(resolve))
  gc()
}

describe('parseHeaderLines', () => {
  it('refuses a header that may carry a credential without a URL prefix, showing the scoped form and not the value', () => {
    const { rules, problems } = parseHeaderLines(
      ['Authorization: Bearer s3cret', 'Cookie: a=b', 'X-Api-Key: k', 'Private-Token: t', 'X-Client-Secret: s', 'X-JFrog-Art-Api: j', 'X-JWT: w', 'User-Agent: me', 'Accept: text/csv', 'X-GitHub-Api-Version: 2022-11-28'].join('\n'),
    )
    assert.deepEqual(rules.map((rule) => rule.name), ['User-Agent', 'Accept', 'X-GitHub-Api-Version'])
    assert.equal(problems.length, 7)
    assert.equal(
      problems[0],
      "line 1: 'Authorization' may carry a credential, and a manifest can name any host: give the URL prefix it is for, as in 'https://artifacts.example.org/ Authorization: ...'",
    )
    assert.ok(problems.every((problem) => !/s3cret|a=b|: [ktsjw]'/.test(problem)), problems.join('\n'))
  })

  it('refuses a value that a header cannot carry, before anything is fetched', () => {
    assert.deepEqual(parseHeaderLines('User-Agent: caf\u00e9 \u2013 1\nAccept: caf\u00e9').problems, [
      "line 1: the value of header 'User-Agent' has a character that a header can't carry (a line break, a control character, or one past Latin-1)",
    ])
  })

  it('refuses prefixes that are not plain URL prefixes', () => {
    const { problems } = parseHeaderLines('https://u:p@h.example/ Authorization: x\nhttps://h.example/?q=1 Authorization: x\nhttps:// Authorization: x')
    assert.deepEqual(problems, [
      "line 1: the URL prefix 'https://***@h.example/' may not have a query, a fragment or credentials",
      "line 2: the URL prefix 'https://h.example/?q=1' may not have a query, a fragment or credentials",
      "line 3: 'https://' is not a URL prefix",
    ])
  })

  it('turns URL credentials into a Basic header and drops them from the URL', async () => {
    const { downloads } = await plan('https://us%40er:p%3Ass@h.example/a.bin')
    assert.equal(downloads[0]?.url.href, 'https://h.example/a.bin')
    assert.equal(downloads[0]?.headers.Authorization, `Basic ${Buffer.from('us@er:p:ss').toString('base64')}`)
  })
})

describe('the GitHub token', () => {
  const github = { token: 'ghs_t0k3n', hosts: ['github.com', 'api.github.com', 'raw.githubusercontent.com'], api: 'https://api.github.com' }

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
    const { downloads } = planDownloads(parsed.entries, DIR, rules('Cache-Control: no-cache'), github)
    const any = { 'Cache-Control': 'no-cache' }
    assert.deepEqual(
      downloads.map((d) => d.headers),
      [
        { Authorization: 'Bearer ghs_t0k3n', ...any },
        { Authorization: 'Bearer ghs_t0k3n', ...any },
        { Authorization: 'Bearer ghs_t0k3n', Accept: 'application/octet-stream', ...any },
        any,
        any,
        { ...any, Authorization: 'token other' },
      ],
    )
  })

  it("asks a release asset for its file over the input's Accept, and below the entry's own", async () => {
    const asset = 'https://api.github.com/repos/o/r/releases/assets/42'
    const parsed = await parseManifest(`- ${asset}\n- url: ${asset}\n  path: 42.json\n  headers: {accept: application/json}`)
    const { downloads } = planDownloads(parsed.entries, DIR, rules('Accept: application/json'), github)
    assert.deepEqual(
      downloads.map((d) => d.headers),
      [
        { Authorization: 'Bearer ghs_t0k3n', Accept: 'application/octet-stream' },
        { Authorization: 'Bearer ghs_t0k3n', accept: 'application/json' },
      ],
    )
  })

  it('asks for the file only at a release asset URL of the API, by repository name or id, on github.com and GHES', async () => {
    const ghes = { token: 'ghs_t0k3n', hosts: ['ghes.example', 'api.ghes.example'], api: 'https://ghes.example/api/v3' }
    const at = async (token: typeof github, url: string, redirect?: string) => {
      const { downloads } = planDownloads((await parseManifest(url)).entries, DIR, rules('Accept: application/json'), token)
      return (downloads[0]?.headersAt(new URL(redirect ?? url)) ?? {}).Accept
    }
    const file = 'application/octet-stream'
    assert.equal(await at(github, 'https://api.github.com/repos/o/r/releases/assets/1?x=1'), file)
    // A renamed repository's API URLs redirect to its id.
    assert.equal(await at(github, 'https://api.github.com/repos/o/r/releases/assets/1', 'https://api.github.com/repositories/99/releases/assets/1'), file)
    assert.equal(await at(ghes, 'https://ghes.example/api/v3/repos/o/r/releases/assets/2'), file)
    for (const [token, url, redirect] of [
      [github, 'https://api.github.com/repos/o/r/releases/assets/1', 'https://api.github.com/repos/o/r/releases/1'],
      [github, 'https://raw.githubusercontent.com/o/r/main/repos/a/b/releases/assets/8'],
      [github, 'https://github.com/repos/o/r/releases/assets/9'],
      [github, 'https://api.github.com/x/repos/o/r/releases/assets/9'],
      [ghes, 'https://ghes.example/in/repos/o/r/releases/assets/2'],
      [ghes, 'https://ghes.example/api/v3x/repos/o/r/releases/assets/2'],
    ] as const) {
      assert.equal(await at(token, url, redirect), 'application/json', redirect ?? url)
    }
  })

  it('is masked even where the input outranks it on the entry\'s own URL (a redirect may send it)', async () => {
    const parsed = await parseManifest('https://github.com/o/r/x')
    const input = rules('https://github.com/o/ Authorization: Bearer input-t0k3n')
    const { downloads } = planDownloads(parsed.entries, DIR, input, github)
    assert.deepEqual(downloads[0]?.headers, { Authorization: 'Bearer input-t0k3n' })
    assert.ok(secretsOf(downloads, input, github).has('ghs_t0k3n'))
  })

  it('never goes over plain http, where every proxy on the way could read it', async () => {
    const parsed = await parseManifest('http://github.com/o/r/x\nhttp://raw.githubusercontent.com/o/r/y\nhttp://api.github.com/repos/o/r/releases/assets/1')
    const { downloads } = planDownloads(parsed.entries, DIR, [], github)
    assert.deepEqual(downloads.map((d) => d.headers), [{}, {}, {}])
  })
})

describe('secretsOf', () => {
  it('lists every header value and the credential after a scheme', async () => {
    const { downloads } = await plan('https://h.example/a', 'https://h.example/ Authorization: Bearer tok3n\nhttps://h.example/ X-Api-Key: k3y')
    assert.deepEqual([...secretsOf(downloads, [])].sort(), ['Bearer tok3n', 'k3y', 'tok3n'])
  })

  it('masks credentials only: not Accept, not X-Api-Version, which would star out words all over the log', async () => {
    const parsed = await parseManifest('- url: https://h.example/a\n  headers: {X-Api-Version: "2", Private-Token: pr1v}\n- https://u:pw@h.example/b\n')
    const input = rules('Accept: application/octet-stream\nhttps://h.example/redirected/ Authorization: Bearer sc0ped\nhttps://h.example/ X-Trace: 42')
    const { downloads } = planDownloads(parsed.entries, DIR, input, { token: 'ghs_t', hosts: ['h.example'], api: 'https://h.example/api' })
    assert.deepEqual([...secretsOf(downloads, input)].sort(), [
      'Basic dTpwdw==',
      'Bearer ghs_t',
      'Bearer sc0ped',
      'dTpwdw==',
      'ghs_t',
      'pr1v',
      'pw',
      'sc0ped',
      'u:pw',
    ])
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
    const { downloads, problems } = planDownloads((await parseManifest(text)).entries, DIR, [])
    assert.deepEqual([downloads.length, problems.length], [100_000, 0])
    assert.deepEqual(
      [1, 2, 3, 4].map((index) => shardOf(downloads, { index, total: 4 }).length),
      [25_000, 25_000, 25_000, 25_000],
    )
  })
})
