// `npm run bench`: this action against curl --parallel, aria2c and cp -r on the same files,
// served by a real nginx on 127.0.0.1. Writes docs/benchmarks.md and docs/benchmarks.svg.
// Options: --rounds N (default 5), --sets small,medium,large, --no-write.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { cpus, totalmem, tmpdir, type } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parseManifest } from '../src/manifest.ts'
import { planDownloads } from '../src/plan.ts'

const ROOT = resolve(import.meta.dirname, '..')
const WORK = process.env.BENCH_DIR ?? join(tmpdir(), 'parallel-download-bench')
const PORT = 18_480
const CONCURRENCY = 8

interface DataSet {
  name: string
  count: number
  size: number
}
const SETS: DataSet[] = [
  { name: 'small', count: 2000, size: 16 * 1024 },
  { name: 'medium', count: 200, size: 1024 * 1024 },
  { name: 'large', count: 4, size: 256 * 1024 * 1024 },
]
const TOOLS = ['action', 'curl', 'aria2c', 'cp'] as const
type Tool = (typeof TOOLS)[number]

interface Sample {
  seconds: number
  maxRssKiB: number
}

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '5' }, sets: { type: 'string', default: 'small,medium,large' }, 'no-write': { type: 'boolean', default: false } },
})

async function main(): Promise<void> {
  ensureTools()
  const sets = SETS.filter((set) => args.sets.split(',').includes(set.name))
  for (const set of sets) await generate(set)
  const nginx = await startNginx()
  try {
    const results = new Map<string, Map<Tool, Sample[]>>()
    for (const set of sets) results.set(set.name, await benchSet(set, Number(args.rounds)))
    const startup = await benchStartup(Number(args.rounds) * 4)
    const planning = await benchPlanning(Number(args.rounds))
    const markdown = render(sets, results, startup, planning)
    console.log(`\n${markdown}`)
    if (!args['no-write']) {
      await mkdir(join(ROOT, 'docs'), { recursive: true })
      await writeFile(join(ROOT, 'docs/benchmarks.md'), await mergeInto(join(ROOT, 'docs/benchmarks.md'), markdown))
      await writeFile(join(ROOT, 'docs/benchmarks.svg'), chart(sets, results))
      console.log('Wrote docs/benchmarks.md and docs/benchmarks.svg.')
    }
  } finally {
    nginx.kill('SIGQUIT')
  }
}

/** nginx, curl, aria2c and GNU time; installed with apt-get when running as root, else named. */
function ensureTools(): void {
  const missing = [
    ['nginx', 'nginx-light'],
    ['curl', 'curl'],
    ['aria2c', 'aria2'],
    ['/usr/bin/time', 'time'],
  ].filter(([command]) => !has(command ?? ''))
  if (missing.length === 0) return
  const packages = missing.map(([, name]) => name ?? '')
  if (process.getuid?.() !== 0) {
    console.error(`The benchmark needs: apt-get install ${packages.join(' ')}`)
    process.exit(1)
  }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Random files (so nothing compresses), with their sha256 in a list; made once and kept in WORK. */
async function generate(set: DataSet): Promise<void> {
  const folder = join(WORK, 'www', set.name)
  const list = join(WORK, `${set.name}.sha256`)
  if (existsSync(list)) return
  console.log(`Generating the ${set.name} set (${set.count} × ${set.size} bytes)…`)
  await mkdir(folder, { recursive: true })
  const lines: string[] = []
  for (let i = 0; i < set.count; i++) {
    const name = `f${String(i).padStart(5, '0')}.bin`
    const hash = createHash('sha256')
    const chunks: Buffer[] = []
    for (let left = set.size; left > 0; left -= 16 * 1024 * 1024) {
      const chunk = randomBytes(Math.min(left, 16 * 1024 * 1024))
      hash.update(chunk)
      chunks.push(chunk)
    }
    await writeFile(join(folder, name), chunks)
    lines.push(`${hash.digest('hex')}  ${name}`)
  }
  await writeFile(list, `${lines.join('\n')}\n`)
}

async function filesOf(set: DataSet): Promise<{ name: string; sha256: string }[]> {
  const text = await readFile(join(WORK, `${set.name}.sha256`), 'utf8')
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [sha256 = '', name = ''] = line.split(/\s+/)
      return { name, sha256 }
    })
}

async function startNginx(): Promise<ChildProcess> {
  const prefix = join(WORK, 'nginx')
  await mkdir(prefix, { recursive: true })
  const config = `worker_processes 2;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  keepalive_timeout 60s;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${PORT};
    root ${join(WORK, 'www')};
  }
}
`
  await writeFile(join(prefix, 'nginx.conf'), config)
  const nginx = spawn('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'inherit' })
  for (let i = 0; i < 50; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${PORT}/`)
      await response.body?.cancel()
      return nginx
    } catch {
      await new Promise((done) => setTimeout(done, 100))
    }
  }
  nginx.kill()
  throw new Error('nginx did not start')
}

/** Every tool once per round, the order rotating from round to round, each into a fresh folder. */
async function benchSet(set: DataSet, rounds: number): Promise<Map<Tool, Sample[]>> {
  const files = await filesOf(set)
  const lists = join(WORK, 'lists', set.name)
  await writeLists(set, files, lists)
  const samples = new Map<Tool, Sample[]>(TOOLS.map((tool) => [tool, []]))
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < TOOLS.length; i++) {
      const tool = TOOLS[(round + i) % TOOLS.length] as Tool
      const out = join(WORK, 'out', `${set.name}-${tool}`)
      await rm(out, { recursive: true, force: true })
      await mkdir(join(out, '..'), { recursive: true })
      // Each run starts with no dirty pages of an earlier one left to write back.
      execFileSync('sync')
      const sample = timed(command(tool, set, lists, out))
      const wrong = await verify(files, out)
      await rm(out, { recursive: true, force: true })
      const note = wrong.length > 0 ? ` — ${wrong.length} wrong or missing files, not counted (${wrong.slice(0, 3).join(', ')})` : ''
      console.log(`${set.name} round ${round + 1} ${tool}: ${sample.seconds.toFixed(3)} s, ${Math.round(sample.maxRssKiB / 1024)} MiB${note}`)
      if (wrong.length === 0) samples.get(tool)?.push(sample)
    }
  }
  return samples
}

async function writeLists(set: DataSet, files: { name: string; sha256: string }[], lists: string): Promise<void> {
  await mkdir(lists, { recursive: true })
  const url = (name: string): string => `http://127.0.0.1:${PORT}/${set.name}/${name}`
  await writeFile(join(lists, 'manifest.txt'), files.map((file) => `${url(file.name)} ${file.name} sha256=${file.sha256}`).join('\n'))
  await writeFile(join(lists, 'curl.txt'), files.map((file) => `url = "${url(file.name)}"\noutput = "${file.name}"`).join('\n'))
  await writeFile(join(lists, 'aria2.txt'), files.map((file) => `${url(file.name)}\n  out=${file.name}`).join('\n'))
}

function command(tool: Tool, set: DataSet, lists: string, out: string): { argv: string[]; env?: NodeJS.ProcessEnv; cwd?: string } {
  switch (tool) {
    case 'action':
      return {
        argv: [process.execPath, join(ROOT, 'dist/index.js')],
        env: actionEnv({ 'MANIFEST-FILE': join(lists, 'manifest.txt'), DIRECTORY: out, CONCURRENCY: String(CONCURRENCY) }),
      }
    case 'curl':
      return { argv: ['sh', '-c', `mkdir -p '${out}' && cd '${out}' && exec curl --parallel --parallel-max ${CONCURRENCY} --fail -sS --no-progress-meter -K '${join(lists, 'curl.txt')}'`] }
    case 'aria2c':
      return {
        argv: ['aria2c', '-i', join(lists, 'aria2.txt'), '-j', String(CONCURRENCY), '-d', out, '--quiet', '--file-allocation=none', '--allow-overwrite=true', '--auto-file-renaming=false'],
      }
    case 'cp':
      return { argv: ['cp', '-r', join(WORK, 'www', set.name), out] }
  }
}

/** The environment the runner gives an action: its inputs, the workspace, and the output files. */
function actionEnv(inputs: Record<string, string>): NodeJS.ProcessEnv {
  const runner = join(WORK, 'runner')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_WORKSPACE: runner,
    RUNNER_TEMP: join(runner, 'temp'),
    GITHUB_OUTPUT: join(runner, 'output'),
    GITHUB_STEP_SUMMARY: join(runner, 'summary'),
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name}`] = value
  execFileSync('sh', ['-c', `mkdir -p '${runner}/temp' && : > '${runner}/output' && : > '${runner}/summary'`])
  return env
}

/** Wall time measured here around the whole process; peak RSS of the largest process from GNU time. */
function timed({ argv, env, cwd }: { argv: string[]; env?: NodeJS.ProcessEnv; cwd?: string }): Sample {
  const report = join(WORK, 'time.txt')
  const started = performance.now()
  try {
    execFileSync('/usr/bin/time', ['-f', '%M', '-o', report, ...argv], { env: env ?? process.env, cwd, stdio: ['ignore', 'ignore', 'inherit'] })
  } catch (error) {
    console.error(`${argv.join(' ').slice(0, 200)} failed: ${(error as Error).message.split('\n')[0] ?? ''}`)
  }
  const seconds = (performance.now() - started) / 1000
  const maxRssKiB = Number(execFileSync('tail', ['-n1', report]).toString().trim())
  return { seconds, maxRssKiB }
}

async function verify(files: { name: string; sha256: string }[], out: string): Promise<string[]> {
  const wrong: string[] = []
  for (const file of files) {
    const actual = await sha256Of(join(out, file.name)).catch(() => 'missing')
    if (actual !== file.sha256) wrong.push(file.name)
  }
  return wrong
}

function sha256Of(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256')
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => done(hash.digest('hex')))
      .on('error', fail)
  })
}

interface Startup {
  node: Sample[]
  action: Sample[]
}

/** A one-entry manifest end to end, against `node -e 0` on the same Node. */
async function benchStartup(rounds: number): Promise<Startup> {
  const files = await filesOf(SETS[0] as DataSet)
  const first = files[0] as { name: string; sha256: string }
  const out = join(WORK, 'out', 'one')
  const startup: Startup = { node: [], action: [] }
  for (let i = 0; i < rounds; i++) {
    startup.node.push(timed({ argv: [process.execPath, '-e', '0'] }))
    await rm(out, { recursive: true, force: true })
    const manifest = `http://127.0.0.1:${PORT}/small/${first.name} ${first.name} sha256=${first.sha256}`
    startup.action.push(timed({ argv: [process.execPath, join(ROOT, 'dist/index.js')], env: actionEnv({ MANIFEST: manifest, DIRECTORY: out }) }))
  }
  console.log(`one entry: action ${median(startup.action.map((s) => s.seconds)).toFixed(3)} s, node -e 0 ${median(startup.node.map((s) => s.seconds)).toFixed(3)} s`)
  return startup
}

/** Parse and plan a manifest of 100 000 entries, as a matrix job of a large sharded run does first. */
async function benchPlanning(rounds: number): Promise<number> {
  const text = Array.from({ length: 100_000 }, (_, i) => `https://h.example/data/${i}.bin d${i % 100}/${i}.bin sha256=${'ab'.repeat(32)}`).join('\n')
  const times: number[] = []
  for (let i = 0; i < rounds; i++) {
    const started = performance.now()
    planDownloads((await parseManifest(text)).entries, join(WORK, 'plan'), [])
    times.push(performance.now() - started)
  }
  console.log(`parse + plan of 100 000 entries: ${median(times).toFixed(0)} ms`)
  return median(times)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2
}

function seconds(samples: Sample[]): number[] {
  return samples.map((sample) => sample.seconds)
}

function render(sets: DataSet[], results: Map<string, Map<Tool, Sample[]>>, startup: Startup, planningMs: number): string {
  const lines = [
    `Made by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${type()} ${execFileSync('uname', ['-r']).toString().trim()}, Node ${process.versions.node}, ${execFileSync('curl', ['--version']).toString().split(' ').slice(0, 2).join(' ')}, aria2c ${execFileSync('aria2c', ['--version']).toString().split('\n')[0]?.split(' ').pop() ?? ''}, nginx-light on 127.0.0.1.`,
    '',
    `Each set is downloaded by each tool once a round, the order rotating, ${args.rounds} rounds, into a fresh folder, at concurrency ${CONCURRENCY}. After every run every file's sha256 is checked; a run with a wrong or missing file does not count. The action runs from \`dist/index.js\` as the runner runs it, with a \`manifest-file\` that pins every sha256, so it verifies what it downloads; curl and aria2c do not. \`cp -r\` of the same files is the floor.`,
    '',
    '| set | tool | median wall time | spread (min–max) | peak RSS | × curl |',
    '|---|---|---|---|---|---|',
  ]
  for (const set of sets) {
    const bySet = results.get(set.name)
    const curl = median(seconds(bySet?.get('curl') ?? []))
    for (const tool of TOOLS) {
      const samples = bySet?.get(tool) ?? []
      const times = seconds(samples)
      const rss = Math.max(...samples.map((sample) => sample.maxRssKiB)) / 1024
      lines.push(
        `| ${set.name} (${set.count} × ${formatSize(set.size)}) | ${tool} | ${median(times).toFixed(3)} s | ${Math.min(...times).toFixed(3)}–${Math.max(...times).toFixed(3)} s | ${rss.toFixed(0)} MiB | ${(median(times) / curl).toFixed(2)} |`,
      )
    }
  }
  const action = median(seconds(startup.action))
  const node = median(seconds(startup.node))
  lines.push(
    '',
    `One-entry manifest end to end (node start, bundle load, one 16 KiB file, outputs): ${(action * 1000).toFixed(0)} ms, against ${(node * 1000).toFixed(0)} ms for \`node -e 0\`: **${(action / node).toFixed(2)} ×** (median of ${startup.action.length}).`,
    '',
    `Parsing and planning a manifest of 100 000 entries (lines, each with a sha256), in process: ${planningMs.toFixed(0)} ms (median of ${args.rounds}).`,
    '',
    '![Wall time relative to curl](benchmarks.svg)',
    '',
  )
  return lines.join('\n')
}

const START = '<!-- bench:start -->'
const END = '<!-- bench:end -->'

/** The measured part goes between the markers; what is written around them by hand stays. */
async function mergeInto(path: string, measured: string): Promise<string> {
  const block = `${START}\n${measured}\n${END}`
  const existing = await readFile(path, 'utf8').catch(() => '')
  const start = existing.indexOf(START)
  const end = existing.indexOf(END)
  if (start === -1 || end < start) return `# Benchmarks\n\n${block}\n`
  return existing.slice(0, start) + block + existing.slice(end + END.length)
}

function formatSize(bytes: number): string {
  return bytes >= 2 ** 20 ? `${bytes / 2 ** 20} MiB` : `${bytes / 1024} KiB`
}

/** Bars of median wall time relative to curl, one group per set. */
function chart(sets: DataSet[], results: Map<string, Map<Tool, Sample[]>>): string {
  const colors: Record<Tool, string> = { action: '#2f81f7', curl: '#8b949e', aria2c: '#d29922', cp: '#3fb950' }
  const bar = 26
  const scale = 260
  const rows: string[] = []
  let y = 40
  for (const set of sets) {
    const bySet = results.get(set.name)
    const curl = median(seconds(bySet?.get('curl') ?? []))
    rows.push(`<text x="10" y="${y + 14}" font-weight="bold">${set.name}</text>`)
    for (const tool of TOOLS) {
      const ratio = median(seconds(bySet?.get(tool) ?? [])) / curl
      const width = Math.max(1, Math.min(ratio, 2.5) * scale)
      rows.push(
        `<text x="90" y="${y + 17}">${tool}</text>`,
        `<rect x="150" y="${y}" width="${width.toFixed(1)}" height="${bar - 6}" fill="${colors[tool]}"/>`,
        `<text x="${(158 + width).toFixed(1)}" y="${y + 15}">${ratio.toFixed(2)} ×</text>`,
      )
      y += bar
    }
    y += 14
  }
  const height = y + 10
  return `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${height}" font-family="sans-serif" font-size="13">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="22" font-size="15">Median wall time relative to curl --parallel (lower is faster)</text>
<line x1="${150 + scale}" y1="30" x2="${150 + scale}" y2="${height - 10}" stroke="#444" stroke-dasharray="4 3"/>
${rows.join('\n')}
</svg>
`
}

await main()
