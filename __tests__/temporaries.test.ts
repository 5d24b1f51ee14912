import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { dispose, disposeAll, settled, temporary, track } from '../src/temporaries.ts'

describe('temporaries', () => {
  it('keeps a temporary on the list until its owner settles it, whoever else writes it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'temporaries-'))
    const archive = temporary(folder, 'archive')
    await writeFile(archive, 'half an archive')
    // The body is written under the archive's temporary name, as for a small archive: that writer is not its owner.
    assert.equal(track(archive), false)
    const file = join(folder, 'file.bin')
    await writeFile(file, 'half a file')
    assert.equal(track(file), true)
    settled(file)
    await disposeAll()
    assert.equal(existsSync(archive), false, 'the archive temporary was left behind')
    assert.equal(existsSync(file), true, 'a settled file was removed')
  })

  // Root may write in any folder; a hosted runner's user may not, and there this can fail.
  it('removes an unpacked tree with read-only folders in it', { skip: process.getuid?.() === 0 && 'root writes in read-only folders anyway' }, async () => {
    const folder = await mkdtemp(join(tmpdir(), 'temporaries-'))
    const unpacked = temporary(folder, 'extract')
    await mkdir(join(unpacked, 'ro/deeper'), { recursive: true })
    await writeFile(join(unpacked, 'ro/deeper/f'), 'x')
    await chmod(join(unpacked, 'ro/deeper'), 0o555)
    await chmod(join(unpacked, 'ro'), 0o555)
    await dispose(unpacked)
    assert.equal(existsSync(unpacked), false)
  })
})
