import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, open, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it } from 'node:test'
import { disposeAll, madeFile, nothingOpen, temporary } from '../src/temporaries.ts'

// A run that leaves (a second signal) removes what it made, also what the thread pool was still
// making: its own file, in this process, as the last test, since a run leaves once.
describe('a run that leaves', () => {
  it('waits for a file being made, removes it, and makes no more', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'leaving-'))
    const destination = join(folder, 'destination.bin')
    const temp = temporary(folder, 'tmp')
    // Opens that the thread pool finishes only after the run has started to leave.
    const late = (path: string) => async (): Promise<FileHandle> => {
      await sleep(100)
      return open(path, 'wx')
    }
    const made = madeFile(destination, late(destination), (file) => file.close())
    const madeTemp = madeFile(temp, late(temp), (file) => file.close())
    // A folder being unpacked into, as extract makes one.
    const unpacking = temporary(folder, 'extract')
    const madeFolder = madeFile(unpacking, async () => (await sleep(100), mkdir(unpacking)), nothingOpen)
    await disposeAll()
    await assert.rejects(madeFolder, { message: 'the run was cancelled' })
    assert.equal(existsSync(unpacking), false)
    await assert.rejects(made, { message: 'the run was cancelled' })
    await assert.rejects(madeTemp, { message: 'the run was cancelled' })
    assert.equal(existsSync(destination), false)
    assert.equal(existsSync(temp), false)
    let asked = false
    await assert.rejects(
      madeFile(join(folder, 'after.bin'), () => ((asked = true), open(join(folder, 'after.bin'), 'wx')), (file) => file.close()),
      { message: 'the run was cancelled' },
    )
    assert.equal(asked, false)
    assert.equal(existsSync(join(folder, 'after.bin')), false)
  })
})
