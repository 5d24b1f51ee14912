import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, realpath, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { readSettings, type Settings } from '../src/inputs.ts'

let workspace = ''

function setInputs(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
}

async function problemsOf(inputs: Record<string, string>): Promise<string[]> {
  setInputs(inputs)
  const { problems } = await readSettings()
  assert.ok(problems.length > 0, 'readSettings accepted bad inputs')
  return problems.map((problem) => problem.message)
}

/** The settings of inputs that must have no problem. */
async function settingsOf(inputs: Record<string, string>): Promise<Settings> {
  setInputs(inputs)
  const { settings, problems } = await readSettings()
  assert.deepEqual(problems, [])
  return settings
}

describe('readSettings', () => {
  beforeEach(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'inputs-'))
    process.env.GITHUB_WORKSPACE = workspace
  })
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
    delete process.env.GITHUB_WORKSPACE
    delete process.env.GITHUB_SERVER_URL
    delete process.env.GITHUB_API_URL
  })

  it('applies the defaults', async () => {
    assert.deepEqual(await settingsOf({ manifest: 'https://example.org/a' }), {
      manifest: { text: 'https://example.org/a' },
      directory: workspace,
      concurrency: 8,
      retries: 3,
      timeoutMs: 30_000,
      http2: true,
      headers: [],
      failOnError: true,
      cache: false,
      storeBytes: 5 * 1024 ** 3,
      shard: undefined,
      github: undefined,
      lockFile: undefined,
    })
  })

  it('reads every input', async () => {
    await writeFile(join(workspace, 'list.txt'), 'https://example.org/b\n')
    setInputs({
      'manifest-file': 'list.txt',
      directory: 'out/data',
      concurrency: '3',
      retries: '0',
      timeout: '2.5',
      http2: 'false',
      headers: 'https://example.org/ Authorization: Bearer x:y\n# comment\n\nAccept: */*',
      'fail-on-error': 'False',
      'lock-file': 'list.lock.txt',
      cache: 'true',
      'store-size': '1.5G',
      shard: '2/4',
      'github-token': 'ghs_x',
    })
    process.env.GITHUB_SERVER_URL = 'https://ghes.example:8443'
    process.env.GITHUB_API_URL = 'https://ghes.example:8443/api/v3'
    assert.deepEqual(await settingsOf({}), {
      manifest: { text: 'https://example.org/b\n', file: 'list.txt' },
      directory: join(workspace, 'out/data'),
      concurrency: 3,
      retries: 0,
      timeoutMs: 2500,
      http2: false,
      headers: [
        { name: 'Authorization', value: 'Bearer x:y', scope: new URL('https://example.org/') },
        { name: 'Accept', value: '*/*' },
      ],
      failOnError: false,
      cache: true,
      storeBytes: 1.5 * 1024 ** 3,
      shard: { index: 2, total: 4 },
      github: { token: 'ghs_x', hosts: ['ghes.example:8443'], api: 'https://ghes.example:8443/api/v3' },
      lockFile: join(workspace, 'list.lock.txt'),
    })
  })

  it('sends the token on GitHub Enterprise Server to its own hosts only, even without a GITHUB_API_URL', async () => {
    setInputs({ manifest: 'https://example.org/b', 'github-token': 'ghs_x' })
    process.env.GITHUB_SERVER_URL = 'https://ghes.example'
    for (const api of [undefined, 'not a URL']) {
      if (api === undefined) delete process.env.GITHUB_API_URL
      else process.env.GITHUB_API_URL = api
      const { settings } = await readSettings()
      assert.deepEqual(settings.github, { token: 'ghs_x', hosts: ['ghes.example'], api: 'https://ghes.example/api/v3' })
    }
  })

  it('reports every bad input at once, naming each', async () => {
    assert.deepEqual(
      await problemsOf({
        manifest: 'https://example.org/a',
        'manifest-file': 'list.txt',
        concurrency: '0',
        retries: '1.5',
        timeout: '-1',
        headers: 'Authorization Bearer secret-value\nHost: example.org',
        'fail-on-error': 'yes',
        'store-size': '10 gigs',
        shard: '5/4',
      }),
      [
        "Input 'headers', line 1: expected 'Name: value' or 'URL-PREFIX Name: value'.",
        "Input 'headers', line 2: header 'Host' is set by the action and can't be given.",
        "Give exactly one of the inputs 'manifest' and 'manifest-file'.",
        "Input 'concurrency' must be a whole number from 1 to 256; got '0'.",
        "Input 'retries' must be a whole number from 0 to 20; got '1.5'.",
        "Input 'timeout' must be a number from 0.1 to 86400; got '-1'.",
        "Input 'fail-on-error' must be true or false; got 'yes'.",
        "Input 'store-size' must be a size such as 500M or 10G (0 for none); got '10 gigs'.",
        "Input 'shard' must be INDEX/TOTAL with 1 <= INDEX <= TOTAL, as in '2/4'; got '5/4'.",
      ],
    )
  })

  it('asks for a manifest when neither is given, and names a missing file', async () => {
    assert.deepEqual(await problemsOf({}), ["Give exactly one of the inputs 'manifest' and 'manifest-file'."])
    assert.deepEqual(await problemsOf({ 'manifest-file': 'nope.txt' }), ["Input 'manifest-file': can't read 'nope.txt' (ENOENT)."])
  })

  it('refuses paths in the workspace that a symlink from a pull request leads outside it', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'outside-'))
    await writeFile(join(outside, 'secrets'), 'TOKEN=hunter2')
    await symlink(join(outside, 'secrets'), join(workspace, 'downloads.txt'))
    await symlink(outside, join(workspace, 'data'), 'dir')
    await symlink(outside, join(workspace, 'locks'), 'dir')
    const before = (await stat(outside)).mtimeMs
    const problems = await problemsOf({ 'manifest-file': 'downloads.txt', directory: 'data/sets', 'lock-file': 'locks/a.lock' })
    assert.equal((await stat(outside)).mtimeMs, before, 'nothing was made outside, not even for a moment')
    assert.deepEqual(problems, [
      `Input 'manifest-file': 'downloads.txt' is reached through a symlink (to '${join(outside, 'secrets')}'); give the file itself.`,
      `Input 'directory': 'data/sets' leads outside the workspace (to '${outside}') through a symlink.`,
      `Input 'lock-file': the folder of 'locks/a.lock' leads outside the workspace (to '${outside}') through a symlink.`,
    ])
    assert.ok(problems.every((problem) => !problem.includes('hunter2')))
  })

  it('refuses a directory or lock-file folder that is not a folder: inside a file, or a symlink to nothing or to a file', async () => {
    await writeFile(join(workspace, 'file'), 'a file')
    // Windows makes a link to a folder as one.
    await symlink('nowhere', join(workspace, 'dangling'), 'dir')
    await symlink('file', join(workspace, 'to-file'))
    assert.deepEqual(await problemsOf({ manifest: 'https://example.org/a', directory: 'file/sub', 'lock-file': 'dangling/a.lock' }), [
      `Input 'directory': 'file/sub' is inside a file ('${join(workspace, 'file')}').`,
      `Input 'lock-file': the folder of 'dangling/a.lock' leads through a symlink to nothing ('${join(workspace, 'dangling')}').`,
    ])
    assert.deepEqual(await problemsOf({ manifest: 'https://example.org/a', directory: 'to-file', 'lock-file': '' }), ["Input 'directory': 'to-file' is a file, not a folder."])
    await symlink('loop', join(workspace, 'loop'), 'dir')
    assert.deepEqual(await problemsOf({ manifest: 'https://example.org/a', directory: 'loop/sub' }), ["Input 'directory': 'loop/sub' leads through a symlink in a loop."])
  })

  // sysfs takes no new files, even from root, whose permission bits say it may write there.
  it('refuses a lock-file folder that takes no new file, before any download; a directory need not take one', { skip: process.platform !== 'linux' && 'needs /sys' }, async () => {
    assert.deepEqual(await problemsOf({ manifest: 'https://example.org/a', 'lock-file': '/sys/downloads.lock' }), [
      "Input 'lock-file': the folder of '/sys/downloads.lock' can't be written in ('/sys': permission denied).",
    ])
    // Its files may be in place already, or go into folders inside it that can be written.
    assert.equal((await settingsOf({ manifest: 'https://example.org/a', directory: '/sys', 'lock-file': '' })).directory, '/sys')
  })

  it('refuses a github-token that a header cannot carry, without showing it', async () => {
    const problems = await problemsOf({ manifest: 'https://example.org/a', 'github-token': 'ghs_a\nb\u20ac' })
    assert.deepEqual(problems, ["Input 'github-token' has a character that a header can't carry (a line break, a control character, or one past Latin-1)."])
  })

  it('refuses a manifest-file reached through a symlink inside the workspace, which could point it at any file there', async () => {
    await mkdir(join(workspace, 'lists'))
    await writeFile(join(workspace, '.env'), 'SECRET=hunter2\n')
    await symlink('.env', join(workspace, 'downloads.txt'))
    await symlink('.', join(workspace, 'here'), 'dir')
    await writeFile(join(workspace, 'lists/real.txt'), 'https://example.org/a\n')
    assert.deepEqual(await problemsOf({ 'manifest-file': 'downloads.txt' }), [
      `Input 'manifest-file': 'downloads.txt' is reached through a symlink (to '${join(await realpath(workspace), '.env')}'); give the file itself.`,
    ])
    assert.deepEqual(await problemsOf({ 'manifest-file': 'here/lists/real.txt' }), [
      `Input 'manifest-file': 'here/lists/real.txt' is reached through a symlink (to '${join(await realpath(workspace), 'lists/real.txt')}'); give the file itself.`,
    ])
  })

  it('takes a directory outside the workspace that the workflow names', async () => {
    assert.equal((await settingsOf({ manifest: 'https://example.org/a', directory: tmpdir() })).directory, tmpdir())
  })

  it('refuses a directory that is a file, a lock-file that is a folder, and a manifest-file that is not a regular file, without waiting on it', { skip: process.platform === 'win32' && 'no FIFOs on Windows', timeout: 10_000 }, async () => {
    await writeFile(join(workspace, 'taken'), 'a file')
    await mkdir(join(workspace, 'locks'))
    execFileSync('mkfifo', [join(workspace, 'pipe')])
    assert.deepEqual(await problemsOf({ 'manifest-file': 'pipe', directory: 'taken', 'lock-file': 'locks' }), [
      `Input 'manifest-file': can't read 'pipe' ('${join(workspace, 'pipe')}' is not a regular file).`,
      "Input 'directory': 'taken' is a file, not a folder.",
      "Input 'lock-file': 'locks' is a folder; give a file name.",
    ])
  })
})
