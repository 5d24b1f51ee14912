// postinstall: mark @actions/core free of module side effects, so that ncc (webpack) leaves out
// the modules of it that the action never calls. @actions/core imports its OIDC client (and
// through it @actions/http-client, a second undici and tunnel: 1 MB of the bundle) at the top of
// core.js for getIDToken alone; with this flag webpack drops them, and every run starts some
// 40 ms sooner (docs/benchmarks.md). A test checks that the bundle holds none of them.
import { readFileSync, writeFileSync } from 'node:fs'

const file = new URL('../node_modules/@actions/core/package.json', import.meta.url)
const manifest = JSON.parse(readFileSync(file, 'utf8'))
if (manifest.sideEffects !== false) {
  manifest.sideEffects = false
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`)
}
