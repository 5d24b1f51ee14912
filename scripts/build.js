// npm run build: bundle src/ with ncc into a folder (dist/ by default), with licenses.txt
// listing every package the bundle holds. ncc's own --license misses the packages whose
// modules webpack concatenates into one (here all but yaml), so the list is made from
// webpack's stats of the modules that reached a chunk.
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export function build(out) {
  // Chunks are named by number: a chunk that a change made obsolete must not stay behind.
  rmSync(out, { recursive: true, force: true })
  const stats = join(out, 'stats.json')
  // ncc's own script, run by this Node: node_modules/.bin/ncc is a .cmd on Windows, which execFile can't start.
  const ncc = fileURLToPath(import.meta.resolve('@vercel/ncc/dist/ncc/cli.js'))
  execFileSync(process.execPath, [ncc, 'build', 'src/index.ts', '-o', out, '--stats-out', stats, '--quiet'], { stdio: 'inherit' })
  const packages = bundledPackages(JSON.parse(readFileSync(stats, 'utf8')))
  rmSync(stats)
  writeFileSync(join(out, 'licenses.txt'), packages.map(licenseOf).join('\n\n'))
}

function bundledPackages(stats) {
  const names = new Set()
  const walk = (modules, inChunk) => {
    for (const module of modules ?? []) {
      const live = inChunk || module.chunks?.length > 0
      const name = live && /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module.name)?.[1]
      if (name) names.add(name)
      walk(module.modules, live)
    }
  }
  walk(stats.modules, false)
  return [...names].sort()
}

function licenseOf(name) {
  const folder = join('node_modules', name)
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'))
  const file = readdirSync(folder).find((entry) => /^(licen[cs]e|copying)/i.test(entry))
  const text = file ? readFileSync(join(folder, file), 'utf8').trim() : ''
  return `${name}@${manifest.version}\n${manifest.license ?? 'UNKNOWN'}\n${text}`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build(process.argv[2] ?? 'dist')
