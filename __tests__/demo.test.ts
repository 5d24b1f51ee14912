import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

describe('npm run demo', () => {
  it('runs the bundle twice on the example manifest, offline, and shows outputs and summary', async () => {
    const script = fileURLToPath(new URL('../scripts/demo.ts', import.meta.url))
    const { stdout: said } = await promisify(execFile)(process.execPath, [script], { maxBuffer: 16 * 2 ** 20 })
    // The action's lines, and the values it wrote to GITHUB_OUTPUT, end with os.EOL: \r\n on Windows.
    const stdout = said.replaceAll('\r\n', '\n')
    assert.match(stdout, /^ {2}downloaded: 4$/m)
    assert.match(stdout, /^ {2}downloaded: 2$/m)
    // The archive is made afresh, with fresh timestamps: its size varies by a few bytes.
    assert.match(stdout, /Downloaded 2 of 5 files \(\d+ B\) in .*; 2 up to date \(32\.6 KiB without the network\); 1 failed\./)
    assert.match(stdout, /^ {2}- ❌ 1 failed$/m)
    assert.match(stdout, /^ {2}data\/missing\.csv +http:\/\/127\.0\.0\.1:\d+\/data\/missing\.csv +The server answered 404 Not Found\. +1/m)
    assert.match(stdout, /^ {2}♻️ up to date +data\/train\.csv/m)
  })
})
