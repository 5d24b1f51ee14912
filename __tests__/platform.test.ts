import assert from 'node:assert/strict'
import { mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parseManifest } from '../src/manifest.ts'
import {
  cancelSignals,
  findProgram,
  foldName,
  gitTar,
  hasModes,
  leavesFolder,
  linkLimit,
  linkSeparators,
  ownGroup,
  placeUnder,
  portabilityProblem,
  portablePath,
  removeOptions,
  renameMayPass,
  renameWaits,
  tarProblem,
  tarTool,
  taskkillArgs,
  systemTarTakes,
  toolEnv,
  unzipName,
  unzipTool,
} from '../src/platform.ts'
import { move } from '../src/temporaries.ts'
import { openRegular } from '../src/transfer.ts'

// The Windows and macOS rules, checked on whatever OS runs the tests: every rule takes the OS as
// an argument.

const WINDOWS_DIR = 'D:\\a\\repo\\repo\\data'
const POSIX_DIR = '/home/runner/work/repo/repo/data'

/** The destination as the manifest parser hands it over (backslashes read as `/`), placed on `os`. */
async function placed(path: string, os: NodeJS.Platform): Promise<string> {
  const { entries, problems } = await parseManifest(`https://h.example/f ${path}`)
  assert.deepEqual(problems, [])
  const result = placeUnder(os === 'win32' ? WINDOWS_DIR : POSIX_DIR, entries[0]?.path ?? '', os)
  return result.problem ?? `${result.destination} | ${result.inside}`
}

describe('destinations on every OS', () => {
  const refusedEverywhere: [string, RegExp][] = [
    ['a\\..\\..\\evil.txt', /resolves outside the directory/],
    ['..\\evil.txt', /resolves outside the directory/],
    ['C:evil.txt', /a character that Windows can't have/],
    ['C:\\Windows\\evil.txt', /is absolute/],
    ['C:/Windows/evil.txt', /is absolute/],
    ['\\\\server\\share\\evil.txt', /is absolute/],
    ['/etc/evil', /is absolute/],
    ['data/CON.txt', /is a device on Windows/],
    ['data/file:stream', /a character that Windows can't have/],
    ['data/trailing.', /ends in a dot or a space/],
  ]
  for (const [path, problem] of refusedEverywhere) {
    for (const os of ['linux', 'darwin', 'win32'] as const) {
      it(`refuses '${path}' on ${os}`, async () => assert.match(await placed(path, os), problem))
    }
  }

  it('reads backslashes as separators, the same on every OS, and reports with /', async () => {
    assert.equal(await placed('sub\\dir\\a.bin', 'linux'), `${POSIX_DIR}/sub/dir/a.bin | sub/dir/a.bin`)
    assert.equal(await placed('sub\\dir\\a.bin', 'darwin'), `${POSIX_DIR}/sub/dir/a.bin | sub/dir/a.bin`)
    assert.equal(await placed('sub\\dir\\a.bin', 'win32'), `${WINDOWS_DIR}\\sub\\dir\\a.bin | sub/dir/a.bin`)
    assert.equal(await placed('sub/./x/../a.bin', 'win32'), `${WINDOWS_DIR}\\sub\\a.bin | sub/a.bin`)
  })

  it('tells a relative path that leaves its folder, as each OS gives it', () => {
    assert.equal(leavesFolder('..\\x', 'win32'), true)
    assert.equal(leavesFolder('..\\x', 'linux'), false, 'a backslash is part of a name on Linux')
    assert.equal(leavesFolder('E:\\other', 'win32'), true, 'path.relative gives another drive as it is')
    assert.equal(leavesFolder('..', 'darwin'), true)
    assert.equal(leavesFolder('..a/b', 'linux'), false)
  })

  it('shows a relative path with / on every OS', () => {
    assert.equal(portablePath('a\\b\\c.txt', 'win32'), 'a/b/c.txt')
    assert.equal(portablePath('a\\b', 'linux'), 'a\\b')
  })
})

describe('names that are one file on macOS and Windows', () => {
  it('folds case as APFS (fully) and NTFS (a character at a time) do', () => {
    assert.equal(foldName('Data/A.BIN'), foldName('data/a.bin'))
    assert.equal(foldName('ſ'), foldName('S'), 'long s is s')
    assert.equal(foldName('Straße'), foldName('STRASSE'), 'APFS folds sharp s to ss')
    assert.equal(foldName('ﬁle'), foldName('FILE'), 'and the fi ligature to fi')
    assert.equal(foldName('STRAẞE'), foldName('strasse'), 'and capital sharp s to ss')
    assert.notEqual(foldName('a.bin'), foldName('b.bin'))
    assert.equal(foldName('ÉTÉ'), foldName('été'))
  })

  it('folds Unicode forms, as APFS does', () => {
    assert.equal(foldName('caf\u00e9.bin'), foldName('cafe\u0301.bin'))
    assert.equal(foldName('CAF\u00c9'), foldName('cafe\u0301'))
  })

  it('refuses what Windows cannot write, on every OS', () => {
    for (const name of ['CON', 'con.txt', 'Nul', 'AUX.tar.gz', 'PRN', 'COM1', 'com9.log', 'LPT1', 'lpt9.x', 'COM¹', 'CONIN$', 'NUL .txt']) {
      assert.match(portabilityProblem(`dir/${name}`) ?? '', /is a device on Windows/, name)
    }
    for (const name of ['a<b', 'a>b', 'a:b', 'a"b', 'a|b', 'a?b', 'a*b']) assert.match(portabilityProblem(name) ?? '', /can't have in a name/, name)
    for (const name of ['dot.', 'space ', 'dir./x']) assert.match(portabilityProblem(name) ?? '', /ends in a dot or a space/, name)
    assert.match(portabilityProblem('bad\ud800') ?? '', /not valid Unicode/)
    assert.match(portabilityProblem(`dir/${'é'.repeat(128)}`) ?? '', /a name of 256 bytes, longer than the 255 that Linux and macOS take/)
    assert.equal(portabilityProblem('é'.repeat(127)), undefined)
    for (const name of ['LONGFI~1.TXT', 'progra~1', 'a~12.b']) assert.match(portabilityProblem(name) ?? '', /shaped like a Windows short \(8\.3\) name/, name)
    for (const name of ['~1', 'backup~', 'a~b.txt', 'toolongname~1.txt', 'x~1.long', 'data~2019.csv', 'photo~20240101.jpg', 'c++~1.h', 'a b~1']) {
      assert.equal(portabilityProblem(name), undefined, `${name} can't be a short name`)
    }
    for (const name of ['CONSOLE', 'COM10', 'LPT0x', 'nul-file', 'a.b', '.hidden', 'x/..']) assert.equal(portabilityProblem(name), undefined, name)
  })
})

describe('files on Windows', () => {
  it('retries a rename that Windows refuses while a file is held open, and only there', () => {
    for (const code of ['EPERM', 'EACCES', 'EBUSY']) {
      assert.equal(renameMayPass(code, 'win32'), true)
      assert.equal(renameMayPass(code, 'linux'), false)
      assert.equal(renameMayPass(code, 'darwin'), false)
    }
    assert.equal(renameMayPass('ENOENT', 'win32'), false)
    assert.equal(renameMayPass('EXDEV', 'win32'), false)
  })

  it('waits a little longer each time, a minute in all', () => {
    const waits = renameWaits()
    assert.equal(waits[0], 10)
    assert.equal(waits.reduce((sum, wait) => sum + wait, 0), 60_000)
    assert.ok(waits.every((wait, index) => wait <= 1000 && (index === 0 || wait >= (waits[index - 1] ?? 0) || index === waits.length - 1)))
  })

  it('moves a file into place after the tries Windows needs, and gives up at once elsewhere', async () => {
    const busy = (times: number) => {
      let calls = 0
      const attempt = (): Promise<void> => (++calls <= times ? Promise.reject(Object.assign(new Error('busy'), { code: 'EBUSY' })) : Promise.resolve())
      return { attempt, calls: () => calls }
    }
    const windows = busy(3)
    await move('a', 'b', 'win32', windows.attempt)
    assert.equal(windows.calls(), 4)
    const linux = busy(3)
    await assert.rejects(move('a', 'b', 'linux', linux.attempt), { code: 'EBUSY' })
    assert.equal(linux.calls(), 1)
  })

  it('does not wait for a folder in the way to go, which Windows reports as it reports a held file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'move-'))
    let calls = 0
    const attempt = (): Promise<void> => (++calls, Promise.reject(Object.assign(new Error('not permitted'), { code: 'EPERM' })))
    await assert.rejects(move(join(folder, 'temp'), folder, 'win32', attempt), { code: 'EPERM' })
    assert.equal(calls, 1)
  })

  it('removes trees with retries on Windows only', () => {
    assert.equal(removeOptions('win32').maxRetries > 0, true)
    assert.equal(removeOptions('linux').maxRetries, 0)
  })

  it('has no permission bits to tame on Windows', () => {
    assert.equal(hasModes('win32'), false)
    assert.equal(hasModes('darwin'), true)
  })

  it('opens only a regular file where there is no O_NOFOLLOW, looking at the name first', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'open-'))
    await writeFile(join(folder, 'file'), 'data')
    await symlink(join(folder, 'file'), join(folder, 'link'))
    const { file, size } = await openRegular(join(folder, 'file'), null)
    await file.close()
    assert.equal(size, 4)
    await assert.rejects(openRegular(join(folder, 'link'), null), /is a symlink/)
    await assert.rejects(openRegular(folder, null), /is not a regular file/)
  })
})

describe('tools on each OS', () => {
  const windowsEnv = {
    Path: 'C:\\Windows\\system32;C:\\Windows\\System32\\WindowsPowerShell\\v1.0;C:\\Program Files\\PowerShell\\7',
    ProgramFiles: 'C:\\Program Files',
    SystemDrive: 'C:',
    SystemRoot: 'C:\\Windows',
    'INPUT_GITHUB-TOKEN': 'ghs_secret',
    ACTIONS_RUNTIME_TOKEN: 'runtime',
  }
  const gnu = 'C:\\Program Files\\Git\\usr\\bin\\tar.exe'
  const systemTar = 'C:\\Windows\\System32\\tar.exe'
  const pwsh = 'C:\\Program Files\\PowerShell\\7\\pwsh.exe'
  const powershell = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'
  const existing = (...paths: string[]) => (path: string) => paths.includes(path)

  it("uses Git for Windows' GNU tar on Windows when it is there, with Git's xz and gzip first on the PATH and real symlinks", () => {
    const tool = tarTool('win32', windowsEnv, existing(gnu, systemTar))
    assert.equal(tool?.command, gnu)
    assert.equal(tool?.env.Path, `C:\\Program Files\\Git\\usr\\bin;C:\\Program Files\\Git\\mingw64\\bin;${windowsEnv.Path}`)
    assert.equal(tool?.env.PATH, undefined, 'the PATH keeps the name Windows gave it')
    assert.equal(tool?.env.MSYS, 'winsymlinks:nativestrict')
    assert.equal(tool && tarProblem(tool, 'J'), undefined)
  })

  it("falls back to Windows' own tar, by its full path, which can't read xz: a sentence says so", () => {
    const tool = tarTool('win32', windowsEnv, existing(systemTar, 'D:\\a\\work\\tar.exe'))
    assert.equal(tool?.command, systemTar)
    assert.match((tool && tarProblem(tool, 'J')) ?? '', /needs Git for Windows' tar/)
    assert.equal(tool && tarProblem(tool, 'z'), undefined)
    assert.equal(tarTool('win32', windowsEnv, () => false), undefined)
  })

  it("lets Windows' own tar read only plain tar and gzip, which it reads itself: it looks for any other decompressor in the archive's folder first", () => {
    const tar = Buffer.alloc(512)
    tar.write('ustar', 257, 'latin1')
    assert.equal(systemTarTakes(tar), true)
    assert.equal(systemTarTakes(Buffer.from([0x1f, 0x8b, 8, 0])), true)
    for (const head of [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0], [0x42, 0x5a, 0x68], [0x4c, 0x5a, 0x49, 0x50], [0x28, 0xb5, 0x2f, 0xfd], [0x89, 0x4c, 0x5a, 0x4f], []]) {
      assert.equal(systemTarTakes(Buffer.from(head)), false, Buffer.from(head).toString('hex'))
    }
  })

  it('finds Git under ProgramFiles, or on the system drive', () => {
    assert.equal(gitTar({ ProgramFiles: 'E:\\Apps' }), 'E:\\Apps\\Git\\usr\\bin\\tar.exe')
    assert.equal(gitTar({ SystemDrive: 'C:' }), gnu)
  })

  it('runs the tar on the PATH on Linux and macOS, by its full path', () => {
    assert.equal(tarTool('linux', { PATH: '/usr/local/bin:/usr/bin' }, existing('/usr/bin/tar'))?.command, '/usr/bin/tar')
    assert.equal(tarTool('darwin', { PATH: '/usr/bin' }, existing('/usr/bin/tar'))?.command, '/usr/bin/tar')
    assert.equal(tarTool('darwin', { PATH: '/opt' }, existing('/usr/bin/tar')), undefined)
  })

  it('never takes a program from the working folder, where a manifest may have put one', () => {
    const everywhere = () => true
    assert.equal(findProgram('tar', 'linux', { PATH: ':.:bin:/usr/bin' }, everywhere), '/usr/bin/tar', "'', '.' and relative entries mean the working folder")
    assert.equal(findProgram('pwsh', 'win32', { Path: ';.;tools;"C:\\Program Files\\PowerShell\\7"' }, everywhere), pwsh)
    assert.equal(findProgram('unzip', 'linux', {}, everywhere), undefined)
  })

  it('hands tools neither the inputs (the job token) nor the runner\'s tokens', () => {
    for (const tool of [tarTool('win32', windowsEnv, existing(gnu)), unzipTool('win32', windowsEnv, 'a.zip', 'x', existing(pwsh)), tarTool('linux', { PATH: '/bin', INPUT_TOKEN: 't', Actions_X: 'y' }, () => true)]) {
      assert.deepEqual(
        Object.keys(tool?.env ?? {}).filter((name) => /^(input_|actions_)/i.test(name)),
        [],
      )
    }
    assert.deepEqual(toolEnv({ HOME: '/h', INPUT_A: '1', input_b: '2', ACTIONS_RUNTIME_URL: 'u' }, 'linux'), { HOME: '/h' })
  })

  it("gives tools a PATH of absolute folders only, so that tar's gzip and xz don't come from the working folder either", () => {
    assert.deepEqual(toolEnv({ PATH: ':.:bin:/usr/bin::/bin:' }, 'linux'), { PATH: '/usr/bin:/bin' })
    assert.deepEqual(toolEnv({ Path: ';.;tools;C:\\Windows;\\rooted;C:relative;"C:\\Program Files\\Git\\cmd";' }, 'win32'), { Path: 'C:\\Windows;C:\\Program Files\\Git\\cmd' })
    const tar = tarTool('win32', { Path: '.;C:\\Windows', ProgramFiles: 'C:\\Program Files' }, (path) => path === 'C:\\Program Files\\Git\\usr\\bin\\tar.exe')
    assert.equal(tar?.env.Path, 'C:\\Program Files\\Git\\usr\\bin;C:\\Program Files\\Git\\mingw64\\bin;C:\\Windows')
  })

  it('unzips with unzip on Linux and macOS, given bare names', () => {
    const tool = unzipTool('darwin', { PATH: '/usr/bin' }, '/w/d/a.zip', '/w/d/.x.extract', existing('/usr/bin/unzip'))
    assert.deepEqual([tool?.command, tool?.args], ['/usr/bin/unzip', ['-o', '-q', 'a.zip', '-d', '.x.extract']])
  })

  it("unzips with .NET's ZipFile through PowerShell on Windows, paths handed over as values, never as code", () => {
    const archive = "D:\\a\\it's $(evil)\\a.zip"
    const tool = unzipTool('win32', windowsEnv, archive, 'D:\\a\\x.extract', existing(pwsh, powershell))
    assert.equal(tool?.command, pwsh)
    assert.equal(tool?.env.PARALLEL_DOWNLOAD_ZIP, archive)
    assert.equal(tool?.env.PARALLEL_DOWNLOAD_INTO, 'D:\\a\\x.extract')
    assert.ok(!tool?.args.join(' ').includes('evil'))
    assert.match(tool?.args.at(-1) ?? '', /ZipFile\]::ExtractToDirectory\(\$env:PARALLEL_DOWNLOAD_ZIP, \$env:PARALLEL_DOWNLOAD_INTO\)/)
    assert.equal(unzipTool('win32', windowsEnv, archive, 'x', existing(powershell))?.command, powershell, 'Windows PowerShell without PowerShell 7')
    assert.equal(unzipTool('win32', windowsEnv, archive, 'x', () => false), undefined)
    assert.deepEqual([unzipName('win32'), unzipName('darwin')], ['PowerShell', 'unzip'], 'what a missing one is called')
  })

  it('ends a tool with its children: by process group on Linux and macOS, by taskkill /T on Windows', () => {
    assert.equal(ownGroup('linux'), true)
    assert.equal(ownGroup('darwin'), true)
    assert.equal(ownGroup('win32'), false)
    assert.deepEqual(taskkillArgs(42), ['/pid', '42', '/T', '/F'])
  })
})

describe('links and signals on each OS', () => {
  it('gives up on a chain of links where each OS does', () => {
    assert.deepEqual([linkLimit('linux'), linkLimit('darwin'), linkLimit('win32')], [40, 32, 63])
  })

  it('splits link targets at a backslash on Windows only', () => {
    assert.deepEqual('a\\b/c'.split(linkSeparators('win32')), ['a', 'b', 'c'])
    assert.deepEqual('a\\b/c'.split(linkSeparators('darwin')), ['a\\b', 'c'])
  })

  it("listens for the runner's cancel signals: Ctrl-Break too on Windows", () => {
    assert.deepEqual(cancelSignals('linux'), ['SIGINT', 'SIGTERM'])
    assert.deepEqual(cancelSignals('win32'), ['SIGINT', 'SIGBREAK', 'SIGTERM'])
  })
})
