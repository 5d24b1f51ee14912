// The README's "Safe with manifests from pull requests", sentence by sentence: each test is named
// by its sentence (the docs test checks that they match) and attacks it through the committed
// bundle, with a manifest as a hostile pull request would write it.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { copyFile, mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { gzipSync } from 'node:zlib'
import { json, runAction, type Run } from './helpers/action.ts'
import { content, sha256, startServer, type TestServer } from './helpers/server.ts'
import { tarOf } from './helpers/tar.ts'
import { zipOf } from './helpers/zip.ts'
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
  return run.stdout.split('\n').filter((line) => /^::error title=Invalid (input|manifest)\b/.test(line))
}

/** The Authorization header a /echo request saved into `name` carried. */
async function authorization(run: Run, name: string): Promise<string | undefined> {
  return (JSON.parse(await readFile(join(run.workspace, name), 'utf8')) as Record<string, string>).authorization
}

describe('safe with manifests from pull requests', () => {
  it('Destinations stay inside `directory`: an absolute path, a `..` that climbs out, or a folder that a symlink leads outside is refused, and so is a `directory`, `manifest-file` or `lock-file` that a symlink in the workspace leads outside it.', async () => {
    const climbing = ['/tmp/evil', '../evil', 'a/../../evil', 'C:\\Windows\\evil', '..\\evil', 'a\\..\\..\\evil'].map((path, i) => `${server.url}/file/climb-${i} ${path}`)
    const refused = await runAction({ manifest: climbing.join('\n'), directory: 'data' })
    assert.equal(refused.code, 1)
    assert.equal(refusals(refused).length, climbing.length, refused.stdout)
    assert.deepEqual(await readdir(refused.workspace), [])
    assert.ok(climbing.every((_, i) => server.count(`/file/climb-${i}`) === 0))

    const outside = await mkdtemp(join(tmpdir(), 'outside-'))
    const linked = await runAction(
      { manifest: `${server.url}/file/through link/evil.bin`, 'fail-on-error': 'false' },
      { prepare: (workspace) => symlink(outside, join(workspace, 'link'), 'dir') },
    )
    assert.match(linked.stdout, /^✗ link\/evil\.bin from .*: Could not write 'link\/evil\.bin': '.*link' leads outside the directory/m)
    assert.deepEqual(await readdir(outside), [])

    // The pull request replaces the workflow's folders and files with symlinks out of the workspace.
    await writeFile(join(outside, 'environ'), 'SECRET=hunter2')
    const replaced = await runAction(
      { 'manifest-file': 'downloads.txt', directory: 'datasets', 'lock-file': 'locks/downloads.lock' },
      {
        prepare: async (workspace) => {
          await symlink(join(outside, 'environ'), join(workspace, 'downloads.txt'))
          await symlink(outside, join(workspace, 'datasets'), 'dir')
          await symlink(outside, join(workspace, 'locks'), 'dir')
        },
      },
    )
    assert.equal(replaced.code, 1)
    assert.deepEqual(refusals(replaced).map((line) => line.replace(/^.*?::Input '([\w-]+)'.*$/, '$1')), ['manifest-file', 'directory', 'lock-file'])
    assert.doesNotMatch(replaced.stdout, /hunter2/)
    assert.deepEqual(await readdir(outside), ['environ'])
  })

  it("Two entries never write the same file: destinations that differ only in case or Unicode form, or that Windows reads as one, are refused on every OS, and an entry that a symlink makes the same file as another, or puts inside another's destination, fails.", async () => {
    const paths = ['Data/A.bin', 'data/a.bin', 'caf\u00e9', 'cafe\u0301', 'x\\y.bin', 'x/y.bin', 'z.bin.', 'z.bin::$DATA']
    const twins = await runAction({ manifest: paths.map((path, i) => `${server.url}/file/t${i} ${path}`).join('\n') })
    assert.equal(twins.code, 1)
    const folded = 'on macOS and Windows, whose file systems ignore case and Unicode forms.'
    assert.deepEqual(refusals(twins).map((line) => line.replace(/^::error [^:]*::/, '')), [
      `line 2: it has the same destination as line 1 ('Data/A.bin') ${folded}`,
      `line 4: it has the same destination as line 3 ('caf\u00e9') ${folded}`,
      "line 6: it has the same destination as line 5 ('x/y.bin').",
      "line 7: the destination 'z.bin.' has 'z.bin.', which ends in a dot or a space, which Windows drops.",
      `line 8: the destination 'z.bin::$DATA' has 'z.bin::$DATA', with a character that Windows can't have in a name (< > : " | ? *).`,
    ])
    const linked = await runAction(
      { manifest: `${server.url}/file/first x.bin\n${server.url}/file/second self/x.bin`, 'fail-on-error': 'false' },
      { prepare: (workspace) => symlink('.', join(workspace, 'self'), 'dir') },
    )
    assert.equal(linked.outputs.failed, '1')
    assert.ok((await readFile(join(linked.workspace, 'x.bin'))).equals(content('first')))
    // Each job of a matrix judges its share against the whole manifest: the twin in the other shard still fails.
    for (const shard of ['1/2', '2/2']) {
      const sharded = await runAction({ manifest: `${server.url}/file/first x.bin\n${server.url}/file/second self/x.bin`, 'fail-on-error': 'false', shard }, { again: linked })
      assert.equal(sharded.outputs.failed, shard === '1/2' ? '0' : '1', shard)
      assert.ok((await readFile(join(linked.workspace, 'x.bin'))).equals(content('first')), shard)
    }

    server.blobs.set('unpacked.tar', tarOf([{ name: 'x', type: 'file', data: 'from the archive' }]))
    const nested = await runAction(
      { manifest: `${server.url}/blob/unpacked.tar pkg extract=tar\n${server.url}/file/third self/pkg/x`, 'fail-on-error': 'false' },
      { prepare: (workspace) => symlink('.', join(workspace, 'self'), 'dir') },
    )
    assert.deepEqual(json<{ path: string }[]>(nested.outputs.failures).map((failure) => basename(failure.path)), ['x'])
    assert.equal(await readFile(join(nested.workspace, 'pkg/x'), 'utf8'), 'from the archive')
  })

  it('Only http and https URLs are fetched.', async () => {
    const run = await runAction({ manifest: 'file:///etc/passwd passwd\nftp://example.org/x x\ndata:text/plain,hi hi\njavascript:alert(1) js' })
    assert.equal(run.code, 1)
    assert.equal(refusals(run).length, 4, run.stdout)
    assert.deepEqual(await readdir(run.workspace), [])
  })

  it('A header in `headers` that may carry a credential goes only to requests under the prefix the workflow gave it, redirects included; one without a prefix is refused.', async () => {
    // The workflow trusts its artifact path; a pull request adds its own host, and the trusted host outside the prefix.
    const manifest = [`${server.url}/echo/trusted.json`, `${attacker.url}/echo attacker.json`, `${server.url}/echo other-path.json`].join('\n')
    const run = await runAction({ manifest, headers: `${server.url}/echo/ Authorization: Bearer s3cret\n${server.url}/echo/ X-Api-Key: k3y` })
    assert.equal(run.code, 0, run.stdout)
    assert.deepEqual(await Promise.all(['trusted.json', 'attacker.json', 'other-path.json'].map((name) => authorization(run, name))), ['Bearer s3cret', undefined, undefined])
    assert.deepEqual(attacker.requests.map((request) => [request.headers.authorization, request.headers['x-api-key']]), [[undefined, undefined]])

    // The trusted host redirects out of the prefix, or is asked for a path that its server would decode out of it.
    const escapes = await runAction({
      manifest: `${server.url}/to?location=%2Fecho redirected.json\n${server.url}/to/..%2Fecho decoded.json`,
      headers: `${server.url}/to Authorization: Bearer s3cret`,
      'fail-on-error': 'false',
    })
    assert.equal(await authorization(escapes, 'redirected.json'), undefined)
    assert.equal(server.requests.find((request) => request.path === '/to/..%2Fecho')?.headers.authorization, undefined)

    const unscoped = await runAction({ manifest, headers: 'Authorization: Bearer s3cret\nX-JFrog-Art-Api: s3cret' })
    assert.equal(unscoped.code, 1)
    assert.match(unscoped.stdout, /^::error title=Invalid input::Input 'headers', line 2: 'X-JFrog-Art-Api' may carry a credential/m)
    assert.match(unscoped.stdout, /^::error title=Invalid input::Input 'headers', line 1: 'Authorization' may carry a credential, and a manifest can name any host: give the URL prefix it is for, as in 'https:\/\/artifacts\.example\.org\/ Authorization: \.\.\.'\.$/m)
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

  it('An archive unpacks inside its folder or not at all: a member named with `..` or an absolute path, a link that leads out at any step (or would once a later step makes a folder it names), a hard link to a file outside, or a device fails the entry and leaves nothing behind.', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'outside-'))
    await writeFile(join(outside, 'target.txt'), 'secret')
    const serve = (name: string, body: Buffer): string => {
      server.blobs.set(name, body)
      return `${server.url}/blob/${name} ${name.replace(/\..*$/, '')} extract=true sha256=${sha256(body)}`
    }
    const entries = [
      serve('chain.tar', tarOf([{ name: 's', type: 'symlink', target: '.' }, { name: 'up', type: 'symlink', target: `${'s/'.repeat(12)}${'../'.repeat(12)}` }])),
      serve('through.tar', tarOf([{ name: 'd', type: 'symlink', target: outside }, { name: 'd/planted.txt', type: 'file', data: 'planted' }])),
      serve('absolute.tar', tarOf([{ name: `${outside}/absolute.txt`, type: 'file', data: 'x' }])),
      serve('dotdot.tar', tarOf([{ name: 'a/../../../dotdot.txt', type: 'file', data: 'x' }])),
      serve('hard.tar', tarOf([{ name: 'h', type: 'hardlink', target: join(outside, 'target.txt') }])),
      serve(
        'later.tar',
        tarOf([
          { name: 'd/e', type: 'dir' },
          { name: 'd/e/s', type: 'symlink', target: '../..' },
          { name: 'x', type: 'symlink', target: 'build/../d/e/s/..' },
        ]),
      ),
      serve('device.tar', tarOf([{ name: 'mem', type: 'chardev' }])),
      // As `zip ../escape.txt` writes it, on every OS: Windows runners have no zip.
      serve('climb.zip', zipOf([{ name: '../escape.txt', data: 'x' }])),
    ]
    const run = await runAction({ manifest: entries.join('\n'), 'fail-on-error': 'false', directory: 'pkg/data' })
    const failures = json<{ path: string; error: string }[]>(run.outputs.failures)
    assert.deepEqual(failures.map((failure) => basename(failure.path)), ['chain', 'through', 'absolute', 'dotdot', 'hard', 'later', 'device', 'climb'])
    // What stopped each: the action's own checks, or tar refusing to write through a link or to link
    // out, in the words of GNU tar (Linux, Git for Windows) or of macOS's bsdtar.
    assert.match(failures[0]?.error ?? '', /the archive member 'up' links outside the folder/)
    assert.match(failures[1]?.error ?? '', /tar failed .*d\/planted\.txt: (Cannot open: Not a directory|Cannot extract through symlink d)/)
    assert.match(failures[2]?.error ?? '', /would land outside the folder/)
    assert.match(failures[3]?.error ?? '', /would land outside the folder/)
    // GNU tar takes a Windows path (D:\...) as it is, and makes the link; the check then refuses it.
    assert.match(failures[4]?.error ?? '', /tar failed .*h: (Cannot hard link|Hard-link target|Can't create)|the archive member 'h' is a hard link to a file outside the folder/)
    assert.match(failures[5]?.error ?? '', /the archive member 'x' links outside the folder/)
    // A root runner's tar makes the device, and the check refuses it; anyone else's tar can't make it.
    assert.match(failures[6]?.error ?? '', /the archive member 'mem' is not a file, a folder or a link|Cannot mknod|Can't create/)
    assert.match(failures[7]?.error ?? '', /the archive member '\.\.\/escape\.txt' would land outside the folder/)
    assert.deepEqual(await readdir(run.workspace), [])
    assert.deepEqual(await readdir(outside), ['target.txt'])
    assert.equal(await readFile(join(outside, 'target.txt'), 'utf8'), 'secret')
  })

  it('Only an entry pinned by sha256 or sha512 is kept in, or placed from, the tool-cache store that repositories share on a self-hosted runner; one pinned only by md5 or sha1, whose collisions can be made, or not pinned, never is.', async () => {
    const toolCache = await mkdtemp(join(tmpdir(), 'tool-cache-'))
    const body = content('weak')
    const md5 = createHash('md5').update(body).digest('hex')
    // Another repository planted a crafted file, and recorded it as the URL's.
    const crafted = Buffer.from('crafted')
    const store = join(toolCache, 'parallel-download')
    await mkdir(join(store, 'sha256'), { recursive: true })
    await mkdir(join(store, 'urls'))
    await writeFile(join(store, 'sha256', sha256(crafted)), crafted)
    const url = `${server.url}/file/weak`
    await writeFile(join(store, 'urls', sha256(`\n${url}`)), JSON.stringify({ url, sha256: sha256(crafted), etag: '"crafted"' }))
    const run = await runAction({ manifest: `${url} weak.bin md5=${md5}` }, { toolCache })
    assert.equal(run.code, 0, run.stdout)
    assert.ok((await readFile(join(run.workspace, 'weak.bin'))).equals(body))
    // Nothing was kept for the weak pin either.
    assert.deepEqual(await readdir(join(store, 'sha256')), [sha256(crafted)])
  })

  it("A destination, or an archive's member name or link, with a control character is refused, so that neither a manifest nor an archive writes its own workflow commands into the log.", async () => {
    const run = await runAction({ manifest: `${server.url}/file/a%0A::error::forged` })
    assert.equal(run.code, 1)
    assert.doesNotMatch(run.stdout, /^::error::forged/m)
    assert.match(refusals(run)[0] ?? '', /contains a control character/)

    server.blobs.set('forging.tar', tarOf([{ name: 'l', type: 'symlink', target: '/x\n::error title=forged::x' }, { name: 'ok\n::warning::forged', type: 'file', data: 'x' }]))
    const archive = await runAction({ manifest: `${server.url}/blob/forging.tar pkg extract=tar`, 'fail-on-error': 'false' })
    assert.equal(archive.outputs.failed, '1')
    assert.doesNotMatch(archive.stdout, /^::(error|warning) title=forged|^::warning::forged/m)
  })

  it("The tools that unpack archives run by their full path, found in the PATH's absolute folders, never from the folder an archive is in, which a manifest fills, and see neither the step's inputs (the job's token among them) nor the runner's `ACTIONS_*` tokens.", async () => {
    server.blobs.set('pkg.zip', zipOf([{ name: 'a.txt', data: 'alpha' }]))
    const windows = process.platform === 'win32'
    // Windows looks in the working folder first; an empty PATH entry means it elsewhere.
    const plant = async (workspace: string): Promise<void> => {
      await mkdir(join(workspace, 'tools'))
      if (windows) {
        for (const name of ['pwsh.exe', 'powershell.exe']) await copyFile(process.execPath, join(workspace, 'tools', name))
      } else {
        // unzip, and gzip, which tar starts in turn.
        for (const name of ['unzip', 'gzip']) await writeFile(join(workspace, 'tools', name), `#!/bin/sh\ntouch "${join(workspace, 'planted-ran')}"\n`, { mode: 0o755 })
      }
    }
    const PATH = `${windows ? ';' : ':'}${process.env.PATH ?? ''}`
    server.blobs.set('pkg.tar.gz', gzipSync(tarOf([{ name: 'b.txt', type: 'file', data: 'beta' }])))
    const manifest = `${server.url}/blob/pkg.zip tools/pkg extract=zip\n${server.url}/blob/pkg.tar.gz tools/tpkg extract=tar.gz`
    const run = await runAction({ manifest }, { prepare: plant, env: { PATH, Path: PATH, ACTIONS_RUNTIME_TOKEN: 'runtime-secret' } })
    assert.equal(run.code, 0, run.stdout)
    assert.equal(await readFile(join(run.workspace, 'tools/pkg/a.txt'), 'utf8'), 'alpha')
    assert.equal(await readFile(join(run.workspace, 'tools/tpkg/b.txt'), 'utf8'), 'beta')
    assert.deepEqual(await readdir(run.workspace), ['tools'], 'the planted program did not run')
    if (windows) return
    // A tool earlier on the PATH, which records what it was handed, then unpacks as unzip.
    const tools = await mkdtemp(join(tmpdir(), 'tools-'))
    const unzip = execFileSync('sh', ['-c', 'command -v unzip']).toString().trim()
    await writeFile(join(tools, 'unzip'), `#!/bin/sh\nenv > "${join(tools, 'env')}"\nexec "${unzip}" "$@"\n`, { mode: 0o755 })
    const seen = await runAction(
      { manifest: `${server.url}/blob/pkg.zip pkg extract=zip`, 'github-token': 'ghs_token' },
      { env: { PATH: `${tools}:${process.env.PATH ?? ''}`, ACTIONS_RUNTIME_TOKEN: 'runtime-secret' } },
    )
    assert.equal(seen.code, 0, seen.stdout)
    const names = (await readFile(join(tools, 'env'), 'utf8')).split('\n').map((line) => line.split('=')[0] ?? '')
    assert.deepEqual(names.filter((name) => /^(INPUT_|ACTIONS_)/i.test(name)), [])
    assert.ok(names.includes('PATH'))
  })
})
