// A cancelled workflow: the runner sends SIGINT or SIGTERM, then kills. The run must stop its
// requests and tools, remove its temporaries and leave within a few seconds; a later run removes
// what a killed one left.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { runAction } from './helpers/action.ts'
import { ended } from './helpers/process.ts'
import { NO_SIGNALS, tar as pack } from './helpers/tools.ts'
import { content, sha256, startServer, type TestServer } from './helpers/server.ts'

let server: TestServer
let slow: TestServer
before(async () => {
  server = await startServer()
  // 8 MiB in 256 KiB writes 100 ms apart: a download that is still running a second in.
  slow = await startServer({ delivery: { piece: 256 * 1024, everyMs: 100, chunked: false } })
})
after(async () => {
  await server.close()
  await slow.close()
})

/** Every name under `folder` that a run makes for itself. */
async function temporaries(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true })).filter((name) => name.includes('.parallel-download-'))
}

/**
 * A `tar` first on PATH that does all but unpacking with the real one; asked to unpack, it starts
 * a child (as tar starts gzip), writes both pids, and hangs.
 */
async function hangingTar(): Promise<{ bin: string; pidFile: string }> {
  const bin = await mkdtemp(join(tmpdir(), 'bin-'))
  const pidFile = join(bin, 'tar.pid')
  const real = execFileSync('sh', ['-c', 'command -v tar']).toString().trim()
  await writeFile(join(bin, 'tar'), `#!/bin/sh\ncase "$1" in -x*) ;; *) exec ${real} "$@";; esac\nsleep 60 &\necho $$ $! > ${pidFile}\nwait\n`)
  await chmod(join(bin, 'tar'), 0o755)
  return { bin, pidFile }
}

describe('cancellation', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // The stand-in tar is a shell script, which Windows would not run as `tar` either.
    it(`on ${signal}: stops the downloads and the tar it runs, removes every temporary, and leaves within seconds`, { skip: NO_SIGNALS }, async () => {
      const sources = await mkdtemp(join(tmpdir(), 'archive-'))
      await mkdir(join(sources, 'tree'))
      await writeFile(join(sources, 'tree/a.txt'), 'a')
      pack('-cf', join(sources, 'small.tar'), join(sources, 'tree'), ['.'])
      server.blobs.set('small.tar', await readFile(join(sources, 'small.tar')))
      const tar = await hangingTar()
      const size = 8 * 1024 * 1024
      const manifest = [`${slow.url}/file/big-${signal}?size=${size} data/big.bin`, `${server.url}/blob/small.tar data/small extract=tar`].join('\n')
      let sent = 0
      const run = await runAction(
        { manifest },
        {
          prepare: async (workspace) => {
            await mkdir(join(workspace, 'data'))
            await writeFile(join(workspace, 'data/big.bin'), 'old')
          },
          env: { PATH: `${tar.bin}${delimiter}${process.env.PATH ?? ''}` },
          started: (child, workspace) => {
            void (async () => {
              // Cancel once a body is on its way to a temporary file and tar is unpacking.
              for (let i = 0; i < 100; i++) {
                const names = await temporaries(workspace).catch(() => [])
                const unpacking = await readFile(tar.pidFile, 'utf8').catch(() => '')
                if (names.some((name) => name.endsWith('.tmp')) && unpacking) break
                await sleep(50)
              }
              sent = performance.now()
              child.kill(signal)
            })()
          },
        },
      )
      const took = performance.now() - sent
      assert.equal(run.code, signal === 'SIGTERM' ? 143 : 130, run.stdout)
      assert.ok(took < 3000, `left ${took} ms after the signal`)
      assert.match(run.stdout, new RegExp(`^The run was cancelled \\(${signal}\\): stopping the downloads and removing temporary files\\.$`, 'm'))
      assert.match(run.stdout, new RegExp(`^::error::The run was cancelled \\(${signal}\\): 2 of 2 entries were not finished`, 'm'))
      assert.deepEqual(await temporaries(run.workspace), [])
      assert.deepEqual(await readdir(join(run.workspace, 'data')), ['big.bin'])
      assert.equal(await readFile(join(run.workspace, 'data/big.bin'), 'utf8'), 'old')
      const pids = (await readFile(tar.pidFile, 'utf8')).trim().split(' ').map(Number)
      assert.equal(pids.length, 2)
      for (const pid of pids) assert.ok(pid > 0 && (await ended(pid)), `tar or its child (${pid}) is still running`)
    })
  }

  it('removes the temporaries a killed run left, and leaves those of a live one alone', async () => {
    const body = content('after')
    const live = `.parallel-download-${process.pid}-00000000-1.tmp`
    const run = await runAction(
      { manifest: `${server.url}/file/after data/after.bin sha256=${sha256(body)}` },
      {
        prepare: async (workspace) => {
          await mkdir(join(workspace, 'data/.parallel-download-99999999-deadbeef-2.extract/x'), { recursive: true })
          await writeFile(join(workspace, 'data/.parallel-download-99999999-deadbeef-1.tmp'), 'litter')
          await writeFile(join(workspace, 'data', live), 'in use')
          await writeFile(join(workspace, 'data/.parallel-download-notes.txt'), 'not ours')
        },
      },
    )
    assert.equal(run.code, 0, run.stdout)
    assert.deepEqual((await readdir(join(run.workspace, 'data'))).sort(), [live, '.parallel-download-notes.txt', 'after.bin'].sort())
  })
})
