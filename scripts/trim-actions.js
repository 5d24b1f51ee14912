// postinstall: mark the @actions packages free of module side effects, so that ncc (webpack)
// leaves out the modules of them that the action never calls. @actions/core imports its OIDC
// client, and @actions/tool-cache its downloader, at the top of their main modules; through
// them comes @actions/http-client with a second undici and tunnel, 1 MB of bundle that takes
// longer to load than Node's own start (docs/benchmarks.md). With this flag webpack drops them.
// A test checks that the bundle holds none of them.
import { readFileSync, writeFileSync } from 'node:fs'

for (const name of ['@actions/core', '@actions/tool-cache', '@actions/http-client']) {
  const file = new URL(`../node_modules/${name}/package.json`, import.meta.url)
  const manifest = JSON.parse(readFileSync(file, 'utf8'))
  if (manifest.sideEffects !== false) {
    manifest.sideEffects = false
    writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`)
  }
}
