// Every test file makes its scratch folders in the system's temporary folder; pointing that at
// one folder per `npm test` lets the run remove everything it made, read-only trees included,
// instead of leaving thousands of folders on the machine.
//
// The folder is named by its real path: on macOS the temporary folder is under /var, a symlink to
// /private/var, and on Windows it may be spelt with 8.3 short names (C:\Users\RUNNER~1\...); the
// action resolves the paths it is given, and what it reports must read as the tests expect.
// os.tmpdir() reads TMPDIR on Linux and macOS, TEMP and TMP on Windows.
import { mkdtempSync, realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dispose } from '../../src/temporaries.ts'

let root = ''

export function globalSetup(): void {
  root = mkdtempSync(join(realpathSync.native(tmpdir()), 'parallel-download-tests-'))
  process.env.TMPDIR = root
  if (process.platform === 'win32') process.env.TEMP = process.env.TMP = root
}

export async function globalTeardown(): Promise<void> {
  await dispose(root)
}
