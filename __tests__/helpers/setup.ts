// Every test file makes its scratch folders in the system's temporary folder; pointing that at
// one folder per `npm test` lets the run remove everything it made, read-only trees included,
// instead of leaving thousands of folders on the machine.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dispose } from '../../src/temporaries.ts'

let root = ''

export function globalSetup(): void {
  root = mkdtempSync(join(tmpdir(), 'parallel-download-tests-'))
  process.env.TMPDIR = root
}

export async function globalTeardown(): Promise<void> {
  await dispose(root)
}
