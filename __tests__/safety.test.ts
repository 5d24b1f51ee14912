// The README's "Safe with manifests from pull requests", sentence by sentence: each test is named
// by its sentence (the docs test checks that they match) and attacks it through the committed
// bundle, with a manifest as a hostile pull request would write it.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises'
import { arch, tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { json, runAction, type Run } from './helpers/action.ts'
import { content, sha256, startServer, type TestServer } from './helpers/server.ts'
import { tarOf } from './helpers/tar.ts'
import { testCertificate } from './helpers/tls.ts'

let server: TestServer
let attacker: TestServer
before(async () => {
  server = await startServer()
  attacker = await startServer()
})
after(async () => {
  await server.close()
  await attacker.close()
})

/** The problems a refused run annotated. */
function refusals(run: Run): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith('::error title=Invalid input'))
}

/** The Authorization header a /echo request saved into `name` carried. */
async function authorization(run: Run, name: string): Promise<string | undefined> {
  return (JSON.parse(await readFile(join(run.workspace, name), 'utf8')) as Record<string, string>).authorization
}

describe('safe with manifests from pull requests', () => {
  it('Destinations stay inside `directory`: an absolute path, a `..` that climbs out, or a folder that a symlink leads outside is refused.', async () => {
    const climbing = ['/tmp/evil', '../evil', 'a/../../evil', 'C:\\Windows\\evil'].map((path, i) => `${server.url}/file/climb-${i} ${path}`)
    const refused = await runAction({ manifest: climbing.join('\n'), directory: 'data' })
    assert.equal(refused.code, 1)
    assert.equal(refusals(refused).length, 4, refused.stdout)
    assert.deepEqual(await readdir(refused.workspace), [])
    assert.ok(climbing.every((_, i) => server.count(`/file/climb-${i}`) === 0))

    const outside = await mkdtemp(join(tmpdir(), 'outside-'))
    const linked = await runAction(
      { manifest: `${server.url}/file/through link/evil.bin`, 'fail-on-error': 'false' },
      { prepare: (workspace) => symlink(outside, join(workspace, 'link')) },
    )
    assert.match(linked.stdout, /^✗ link\/evil\.bin from .*: Could not write 'link\/evil\.bin': '.*link' leads outside the directory/m)
    assert.deepEqual(await readdir(outside), [])
  })

  it('Two entries never write the same file: destinations that differ only in case or Unicode form are refused on every OS, and an entry that a symlink makes the same file as an earlier one fails.', async () => {
    const twins = await runAction({ manifest: `${server.url}/file/t1 Data/A.bin\n${server.url}/file/t2 data/a.bin\n${server.url}/file/t3 caf\u00e9\n${server.url}/file/t4 cafe\u0301` })
    assert.equal(twins.code, 1)
    const folded = 'on macOS and Windows, whose file systems ignore case and Unicode forms.'
    assert.deepEqual(refusals(twins).map((line) => line.replace(/^::error [^:]*::/, '')), [
      `line 2: it has the same destination as line 1 ('Data/A.bin') ${folded}`,
      `line 4: it has the same destination as line 3 ('caf\u00e9') ${folded}`,
    ])
    const linked = await runAction(
      { manifest: `${server.url}/file/first x.bin\n${server.url}/file/second self/x.bin`, 'fail-on-error': 'false' },
      { prepare: (workspace) => symlink('.', join(workspace, 'self')) },
    )
    assert.equal(linked.outputs.failed, '1')
    assert.ok((await readFile(join(linked.workspace, 'x.bin'))).equals(content('first')))
  })

  it('Only http and https URLs are fetched.', async () => {
    const run = await runAction({ manifest: 'file:///etc/passwd passwd\nftp://example.org/x x\ndata:text/plain,hi hi\njavascript:alert(1) js' })
    assert.equal(run.code, 1)
    assert.equal(refusals(run).length, 4, run.stdout)
    assert.deepEqual(await readdir(run.workspace), [])
  })

  it('A credential in `headers` goes only to URLs under the prefix the workflow gave it; one without a prefix is refused.', async () => {
    // The workflow trusts its artifact path; a pull request adds its own host, and the trusted host outside the prefix.
    const manifest = [`${server.url}/echo/trusted.json`, `${attacker.url}/echo attacker.json`, `${server.url}/echo other-path.json`].join('\n')
    const run = await runAction({ manifest, headers: `${server.url}/echo/ Authorization: Bearer s3cret\n${server.url}/echo/ X-Api-Key: k3y` })
    assert.equal(run.code, 0, run.stdout)
    assert.deepEqual(await Promise.all(['trusted.json', 'attacker.json', 'other-path.json'].map((name) => authorization(run, name))), ['Bearer s3cret', undefined, undefined])
    assert.deepEqual(attacker.requests.map((request) => [request.headers.authorization, request.headers['x-api-key']]), [[undefined, undefined]])

    const unscoped = await runAction({ manifest, headers: 'Authorization: Bearer s3cret' })
    assert.equal(unscoped.code, 1)
    assert.match(unscoped.stdout, /^::error title=Invalid input::Input 'headers', line 1: 'Authorization' is a credential, and a manifest can name any host: give the URL prefix it is for, as in 'https:\/\/artifacts\.example\.org\/ Authorization: \.\.\.'\.$/m)
    assert.doesNotMatch(unscoped.stdout, /s3cret/)
    assert.equal(attacker.requests.length, 1)
  })

  it("`github-token` goes only over https, and only to the GitHub server's own hosts.", async () => {
    const tls = await startServer({ tls: true })
    try {
      // GitHub Enterprise Server at the https test server, its API at the http one.
      const env = { GITHUB_SERVER_URL: tls.url, GITHUB_API_URL: `${server.url}/api/v3`, NODE_EXTRA_CA_CERTS: testCertificate().file }
      const manifest = [`${tls.url}/echo own.json`, `${server.url}/echo plain-http.json`, `${attacker.url}/echo elsewhere.json`].join('\n')
      const run = await runAction({ manifest, 'github-token': 'ghs_s3cr3t' }, { env })
      assert.equal(run.code, 0, run.stdout)
      assert.deepEqual(await Promise.all(['own.json', 'plain-http.json', 'elsewhere.json'].map((name) => authorization(run, name))), ['Bearer ghs_s3cr3t', undefined, undefined])
      assert.match(run.stdout, /^::add-mask::ghs_s3cr3t$/m)
    } finally {
      await tls.close()
    }
  })

  it('No header given for an entry, and not the token, crosses a redirect to another origin.', async () => {
    const tls = await startServer({ tls: true })
    try {
      const env = { GITHUB_SERVER_URL: tls.url, GITHUB_API_URL: `${tls.url}/api/v3`, NODE_EXTRA_CA_CERTS: testCertificate().file }
      const away = encodeURIComponent(`${attacker.url}/echo`)
      const run = await runAction(
        { manifest: `${tls.url}/to?location=${away} token.json\n${server.url}/to?location=${away} header.json`, 'github-token': 'ghs_s3cr3t', headers: `${server.url}/ Authorization: Bearer s3cret` },
        { env },
      )
      assert.equal(run.code, 0, run.stdout)
      assert.deepEqual([await authorization(run, 'token.json'), await authorization(run, 'header.json')], [undefined, undefined])
    } finally {
      await tls.close()
    }
  })

  it('An archive unpacks inside its folder or not at all: a member named with `..` or an absolute path, a link that leads out at any step, or a hard link to a file outside fails the entry and leaves nothing behind.', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'outside-'))
    await writeFile(join(outside, 'target.txt'), 'secret')
    const serve = (name: string, body: Buffer): string => {
      server.blobs.set(name, body)
      return `${server.url}/blob/${name} ${name.replace(/\..*$/, '')} extract=true sha256=${sha256(body)}`
    }
    const zipped = await mkdtemp(join(tmpdir(), 'zip-'))
    await mkdir(join(zipped, 'in'))
    await writeFile(join(zipped, 'escape.txt'), 'x')
    execFileSync('zip', ['-q', join(zipped, 'climb.zip'), '../escape.txt'], { cwd: join(zipped, 'in') })
    const entries = [
      serve('chain.tar', tarOf([{ name: 's', type: 'symlink', target: '.' }, { name: 'up', type: 'symlink', target: `${'s/'.repeat(12)}${'../'.repeat(12)}` }])),
      serve('through.tar', tarOf([{ name: 'd', type: 'symlink', target: outside }, { name: 'd/planted.txt', type: 'file', data: 'planted' }])),
      serve('absolute.tar', tarOf([{ name: `${outside}/absolute.txt`, type: 'file', data: 'x' }])),
      serve('dotdot.tar', tarOf([{ name: 'a/../../../dotdot.txt', type: 'file', data: 'x' }])),
      serve('hard.tar', tarOf([{ name: 'h', type: 'hardlink', target: join(outside, 'target.txt') }])),
      serve('climb.zip', await readFile(join(zipped, 'climb.zip'))),
    ]
    const run = await runAction({ manifest: entries.join('\n'), 'fail-on-error': 'false', directory: 'pkg/data' })
    const failures = json<{ path: string; error: string }[]>(run.outputs.failures)
    assert.deepEqual(failures.map((failure) => basename(failure.path)), ['chain', 'through', 'absolute', 'dotdot', 'hard', 'climb'])
    // What stopped each: the action's own checks, or tar refusing to write through a link or to link out.
    assert.match(failures[0]?.error ?? '', /the archive member 'up' links outside the folder/)
    assert.match(failures[1]?.error ?? '', /tar failed .*d\/planted\.txt: Cannot open: Not a directory/)
    assert.match(failures[2]?.error ?? '', /would land outside the folder/)
    assert.match(failures[3]?.error ?? '', /would land outside the folder/)
    assert.match(failures[4]?.error ?? '', /tar failed .*h: Cannot hard link/)
    assert.match(failures[5]?.error ?? '', /the archive member '\.\.\/escape\.txt' would land outside the folder/)
    assert.deepEqual(await readdir(join(run.workspace, 'pkg/data')), [])
    assert.deepEqual(await readdir(join(run.workspace, 'pkg')), ['data'])
    assert.deepEqual(await readdir(outside), ['target.txt'])
    assert.equal(await readFile(join(outside, 'target.txt'), 'utf8'), 'secret')
  })

  it('Only sha256 and sha512 pins key the tool-cache store that repositories share on a self-hosted runner; md5 and sha1, whose collisions can be made, never do.', async () => {
    const toolCache = await mkdtemp(join(tmpdir(), 'tool-cache-'))
    const body = content('weak')
    const md5 = createHash('md5').update(body).digest('hex')
    // Another repository planted a crafted file under the md5 pin.
    const planted = join(toolCache, 'parallel-download', `0.0.0-md5-${md5}`, arch())
    await mkdir(planted, { recursive: true })
    await writeFile(join(planted, 'blob'), 'crafted')
    await writeFile(`${planted}.complete`, '')
    const run = await runAction({ manifest: `${server.url}/file/weak weak.bin md5=${md5}` }, { toolCache })
    assert.equal(run.code, 0, run.stdout)
    assert.ok((await readFile(join(run.workspace, 'weak.bin'))).equals(body))
    // Nothing was kept under the weak pin either.
    assert.deepEqual(await readdir(join(toolCache, 'parallel-download')), [`0.0.0-md5-${md5}`])
    assert.deepEqual(await readdir(planted), ['blob'])
  })

  it('A destination with a control character is refused, so that no manifest writes its own workflow commands into the log.', async () => {
    const run = await runAction({ manifest: `${server.url}/file/a%0A::error::forged` })
    assert.equal(run.code, 1)
    assert.doesNotMatch(run.stdout, /^::error::forged/m)
    assert.match(refusals(run)[0] ?? '', /contains a control character/)
  })
})
