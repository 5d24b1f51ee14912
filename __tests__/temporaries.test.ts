import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { disposeAllNow, settled, temporary, track } from '../src/temporaries.ts'

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
    disposeAllNow()
    assert.equal(existsSync(archive), false, 'the archive temporary was left behind')
    assert.equal(existsSync(file), true, 'a settled file was removed')
  })
})
