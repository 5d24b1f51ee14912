// Fails when the committed dist/ is not what src/ bundles to now.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from './build.js'

const fresh = mkdtempSync(join(tmpdir(), 'dist-check-'))
try {
  build(fresh)
  const files = new Set([...list('dist'), ...list(fresh)])
  const stale = [...files].filter((file) => !same(join('dist', file), join(fresh, file)))
  if (stale.length > 0) {
    console.error(`dist/ is not what src/ builds to (${stale.join(', ')}). Run \`npm run build\` and commit dist/.`)
    process.exitCode = 1
  } else {
    console.log('dist/ matches a fresh build of src/.')
  }
} finally {
  rmSync(fresh, { recursive: true, force: true })
}

function list(folder) {
  try {
    return readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
  } catch {
    return []
  }
}

function same(a, b) {
  try {
    return readFileSync(a).equals(readFileSync(b))
  } catch {
    return false
  }
}
