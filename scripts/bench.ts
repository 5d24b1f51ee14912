// `npm run bench`: this action against curl --parallel (alone, and followed by sha256sum --check),
// aria2c and cp -r on the same files, served by a real nginx. Two modes: loopback, plain HTTP on
// 127.0.0.1; and network, TLS and HTTP/2 behind a relay that adds a round trip, as a distant
// server would (the kernel here has no netem). Writes each mode's figures into their own block of
// docs/benchmarks.md, and docs/benchmarks.svg (loopback). A third mode, cache, times a second run
// from GitHub's Actions cache (the tests' stand-in for the service, on 127.0.0.1) against one from
// the origin of network mode.
// Options: --mode loopback|network|cache|both|all (default both: loopback and network), --rounds N (default 5),
// --sets small,medium,large,many, --no-write.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createReadStream, existsSync, readFileSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { cpus, totalmem, tmpdir, type } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { startCacheServer, type CacheServer } from '../__tests__/helpers/cache-server.ts'
import { startRelay } from '../__tests__/helpers/relay.ts'
import { parseManifest } from '../src/manifest.ts'
import { planDownloads } from '../src/plan.ts'

const ROOT = resolve(import.meta.dirname, '..')
const WORK = process.env.BENCH_DIR ?? join(tmpdir(), 'parallel-download-bench')
const PORT = 18_480
const TLS_PORT = 18_443
const CERT = join(WORK, 'tls', 'cert.pem')
const KEY = join(WORK, 'tls', 'key.pem')
const RTT_MS = 20
const CACHE_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@actions/cache/package.json'), 'utf8')) as { version: string }).version

interface DataSet {
  name: string
  count: number
  size: number
  /** Not run over the network, where latency, not per-file cost, sets the pace. */
  loopbackOnly?: true
}
const SETS: DataSet[] = [
  { name: 'small', count: 2000, size: 16 * 1024 },
  { name: 'medium', count: 200, size: 1024 * 1024 },
  { name: 'large', count: 4, size: 256 * 1024 * 1024 },
  // What per-file cost and memory look like at scale; on loopback only, where nothing else hides them.
  { name: 'many', count: 20_000, size: 128, loopbackOnly: true },
]
const TOOLS = ['action', 'action, HTTP/1.1', 'curl', 'curl+sha256sum', 'node floor', 'aria2c', 'cp'] as const
type Tool = (typeof TOOLS)[number]

/** What a mode measures, and the block of docs/benchmarks.md its figures go to. */
interface Mode {
  name: 'loopback' | 'network' | 'cache'
  tools: readonly Tool[]
  concurrencies: readonly number[]
  markers: [start: string, end: string]
  run: (mode: Mode, sets: DataSet[]) => Promise<Report>
}
const MODES: Mode[] = [
  // The loopback markers are the ones the block had before there were modes, so it merges as before.
  { name: 'loopback', tools: TOOLS.filter((tool) => tool !== 'action, HTTP/1.1'), concurrencies: [8], markers: ['<!-- bench:start -->', '<!-- bench:end -->'], run: loopback },
  // Over a link with latency, what more requests in flight buy is the question; a copy is no peer.
  // The action with `http2: false` weighs HTTP/2's one connection against a connection per download.
  { name: 'network', tools: ['action', 'action, HTTP/1.1', 'curl', 'curl+sha256sum'], concurrencies: [8, 64], markers: ['<!-- bench:network:start -->', '<!-- bench:network:end -->'], run: network },
  { name: 'cache', tools: ['action'], concurrencies: [8], markers: ['<!-- bench:cache:start -->', '<!-- bench:cache:end -->'], run: cached },
]

interface Report {
  markdown: string
  svg?: string
}

/** Where a mode's tools fetch the sets from, and the certificate they must trust for it. */
interface Origin {
  url: string
  ca?: string
}

/** What every tool is given for one set at one concurrency; each run adds its own output folder. */
interface Job {
  set: DataSet
  lists: string
  origin: Origin
  concurrency: number
}

/** One set at one concurrency, with every tool's samples. */
interface Case {
  set: DataSet
  concurrency: number
  samples: Map<Tool, Sample[]>
}

interface Sample {
  seconds: number
  maxRssKiB: number
}

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'both' },
    rounds: { type: 'string', default: '5' },
    sets: { type: 'string', default: 'small,medium,large,many' },
    'no-write': { type: 'boolean', default: false },
  },
})

async function main(): Promise<void> {
  const modes = MODES.filter((mode) => mode.name === args.mode || args.mode === 'all' || (args.mode === 'both' && mode.name !== 'cache'))
  if (modes.length === 0) throw new Error(`--mode is loopback, network, cache, both or all, not ${args.mode}`)
  ensureTools()
  const sets = SETS.filter((set) => args.sets.split(',').includes(set.name))
  for (const set of sets) await generate(set)
  await makeCertificate()
  const nginx = await startNginx()
  await rm(TRASH, { recursive: true, force: true })
  try {
    for (const mode of modes) {
      const started = performance.now()
      const report = await mode.run(mode, sets)
      console.log(`${mode.name} mode took ${((performance.now() - started) / 1000).toFixed(0)} s.`)
      await publish(mode, report)
    }
  } finally {
    nginx.kill('SIGQUIT')
    await rm(TRASH, { recursive: true, force: true })
  }
}

/**
 * Where a run's output goes once checked, when it has many files, until the bench ends. ext4
 * passes over inodes freed in the last half minute when it makes a file, and a run that came
 * right after 2000 files were removed spent up to a quarter of a second more making its own:
 * removing them at once would charge that to whichever tool ran next.
 */
const TRASH = join(WORK, 'trash')

/** Puts a checked output folder out of the way: into the trash when it holds many files, else removes it. */
async function setAside(out: string, files: number): Promise<void> {
  if (files < 1000) return rm(out, { recursive: true, force: true })
  await mkdir(TRASH, { recursive: true })
  await rename(out, join(TRASH, `${Date.now()}-${basename(out)}`))
}

/** Plain HTTP from nginx on 127.0.0.1; then the action's start-up and its planning of a large manifest. */
async function loopback(mode: Mode, sets: DataSet[]): Promise<Report> {
  const cases = await benchSets(mode, sets, { url: `http://127.0.0.1:${PORT}` })
  const startup = await benchStartup(Number(args.rounds) * 4)
  const planning = await benchPlanning(Number(args.rounds))
  return { markdown: renderLoopback(mode, cases, startup, planning), svg: chart(mode, cases) }
}

/**
 * TLS and HTTP/2 from nginx, through the tests' relay, which holds every piece back for half the
 * round trip each way. It runs in this process, which is idle while a tool runs (see `timed`).
 */
async function network(mode: Mode, sets: DataSet[]): Promise<Report> {
  const relay = await startRelay(`https://127.0.0.1:${TLS_PORT}`, { rttMs: RTT_MS })
  try {
    const origin = { url: relay.url, ca: CERT }
    const protocol = await curlProtocol(origin)
    return { markdown: renderNetwork(mode, await benchSets(mode, sets.filter((set) => !set.loopbackOnly), origin), protocol) }
  } finally {
    await relay.close()
  }
}

/** How a run of the cache mode gets its files: from the origin without the cache, filling it, or from it. */
const CACHE_RUNS = ['origin', 'first run, saving', 'second run, from the cache'] as const
type CacheRun = (typeof CACHE_RUNS)[number]

interface CacheCase {
  set: DataSet
  pinned: boolean
  samples: Map<CacheRun, Sample[]>
}

/**
 * Each set with every sha256 pinned and with none, over network mode's origin: a run without the
 * cache, a first run with it (which saves), and a second run into a fresh folder (which restores:
 * a pinned entry costs no request, an unpinned one a conditional request answered 304). The
 * cache service is the tests' stand-in on 127.0.0.1, driven by the real @actions/cache.
 */
async function cached(mode: Mode, sets: DataSet[]): Promise<Report> {
  const relay = await startRelay(`https://127.0.0.1:${TLS_PORT}`, { rttMs: RTT_MS })
  const service = await startCacheServer()
  try {
    const origin = { url: relay.url, ca: CERT }
    const cases: CacheCase[] = []
    for (const set of sets.filter((candidate) => !candidate.loopbackOnly)) {
      const files = await filesOf(set)
      for (const pinned of [true, false]) {
        const lists = join(WORK, 'lists', mode.name, `${set.name}-${pinned ? 'pinned' : 'unpinned'}`)
        await writeLists(set, pinned ? files : files.map(({ name }) => ({ name, sha256: '' })), lists, origin)
        cases.push({ set, pinned, samples: await cacheRounds({ set, lists, origin, concurrency: 8 }, files, service) })
      }
    }
    return { markdown: renderCache(cases) }
  } finally {
    await service.close()
    await relay.close()
  }
}

async function cacheRounds(job: Job, files: { name: string; sha256: string }[], service: CacheServer): Promise<Map<CacheRun, Sample[]>> {
  const samples = new Map<CacheRun, Sample[]>(CACHE_RUNS.map((run) => [run, []]))
  for (let round = 0; round < Number(args.rounds); round++) {
    service.clear()
    for (const run of CACHE_RUNS) {
      const out = join(WORK, 'out', `${job.set.name}-cache`)
      await rm(out, { recursive: true, force: true })
      execFileSync('sync')
      const { argv, env } = command('action', job, out)
      const cache = run === 'origin' ? {} : { ...service.env(), INPUT_CACHE: 'true' }
      const sample = await timed({ argv, env: { ...env, ...cache, RUNNER_ENVIRONMENT: 'github-hosted' } })
      const wrong = await verify(files, out)
      const note = wrong.length > 0 ? ` — ${wrong.length} wrong or missing files, not counted` : ''
      console.log(`cache ${job.set.name} ${job.lists.endsWith('unpinned') ? 'unpinned' : 'pinned'} round ${round + 1} ${run}: ${sample.seconds.toFixed(3)} s${note}`)
      if (wrong.length === 0) samples.get(run)?.push(sample)
    }
  }
  return samples
}

function renderCache(cases: CacheCase[]): string {
  const lines = ['| set | manifest | run | median wall time | peak RSS | × origin |', '|---|---|---|---|---|---|']
  for (const { set, pinned, samples } of cases) {
    const origin = median(seconds(samples.get('origin') ?? []))
    for (const run of CACHE_RUNS) {
      const times = seconds(samples.get(run) ?? [])
      const rss = Math.max(...(samples.get(run) ?? []).map((sample) => sample.maxRssKiB)) / 1024
      lines.push(`| ${set.name} (${set.count} × ${formatSize(set.size)}) | ${pinned ? 'sha256 pinned' : 'unpinned'} | ${run} | ${median(times).toFixed(3)} s | ${rss.toFixed(0)} MiB | ${(median(times) / origin).toFixed(2)} |`)
    }
  }
  return [
    `${machine()}, nginx-light with TLS behind a relay on 127.0.0.1 that adds a ${RTT_MS} ms round trip; the Actions cache service is the tests' stand-in (\`__tests__/helpers/cache-server.ts\`) on 127.0.0.1, spoken to by @actions/cache ${CACHE_VERSION}.`,
    '',
    `Each round empties the cache, then runs the action three times into a fresh folder, as on three hosted runners: without \`cache\`, then twice with \`cache: true\`; the second run restores what the first saved. Pinned entries then cost no request; unpinned ones a conditional request each, answered 304 by nginx. The relay adds latency but no bandwidth limit, and the cache service has neither: a set that is mostly bytes (medium, 200 MiB of random data) comes faster from this origin than from a cache that is downloaded whole and unpacked first, while a set of many small files gains most. On a runner the origin is as far as it is, and the cache is GitHub's; these figures show the mechanism's cost, not a promise. ${args.rounds} rounds; files checked after every run.`,
    '',
    ...lines,
    '',
  ].join('\n')
}

/** The HTTP version curl negotiates with its defaults, as the docs state it. */
async function curlProtocol(origin: Origin): Promise<string> {
  const { stdout } = await promisify(execFile)('curl', ['-sS', '-o', '/dev/null', '--cacert', origin.ca ?? '', '-w', '%{http_version}', `${origin.url}/`])
  return stdout.trim()
}

/** Printed always; merged into docs/benchmarks.md, with the chart if any, unless --no-write. */
async function publish(mode: Mode, { markdown, svg }: Report): Promise<void> {
  console.log(`\n${markdown}`)
  if (args['no-write']) return
  const path = join(ROOT, 'docs/benchmarks.md')
  await mkdir(join(ROOT, 'docs'), { recursive: true })
  await writeFile(path, await mergeInto(path, markdown, mode.markers))
  if (svg !== undefined) await writeFile(join(ROOT, 'docs/benchmarks.svg'), svg)
  console.log(`Wrote the ${mode.name} figures to docs/benchmarks.md${svg === undefined ? '' : ' and docs/benchmarks.svg'}.`)
}

/** nginx, curl, aria2c, openssl and GNU time; installed with apt-get when running as root, else named. */
function ensureTools(): void {
  const missing = [
    ['nginx', 'nginx-light'],
    ['curl', 'curl'],
    ['aria2c', 'aria2'],
    ['openssl', 'openssl'],
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

/** A self-signed certificate for 127.0.0.1 and localhost, made afresh each run since it lasts a day. */
async function makeCertificate(): Promise<void> {
  await mkdir(join(CERT, '..'), { recursive: true })
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', KEY, '-out', CERT, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], {
    stdio: 'ignore',
  })
}

/** One nginx: plain HTTP for loopback mode, TLS with HTTP/2 for network mode. */
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
  server {
    # nginx 1.22 (Debian 12's) spells HTTP/2 this way; from 1.25.1 on it is "http2 on;", and this a warning.
    listen 127.0.0.1:${TLS_PORT} ssl http2;
    # 1.22 leaves TLS 1.3 out by default; servers today offer it, and it saves a round trip per connection.
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_certificate ${CERT};
    ssl_certificate_key ${KEY};
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

/** Each set at each of the mode's concurrencies, with the lists that point the tools at `origin`. */
async function benchSets(mode: Mode, sets: DataSet[], origin: Origin): Promise<Case[]> {
  const cases: Case[] = []
  for (const set of sets) {
    const files = await filesOf(set)
    const lists = join(WORK, 'lists', mode.name, set.name)
    await writeLists(set, files, lists, origin)
    for (const concurrency of mode.concurrencies) {
      cases.push({ set, concurrency, samples: await benchCase(mode, { set, lists, origin, concurrency }, files) })
    }
  }
  return cases
}

/** Every tool once per round, the order rotating from round to round, each into a fresh folder. */
async function benchCase(mode: Mode, job: Job, files: { name: string; sha256: string }[]): Promise<Map<Tool, Sample[]>> {
  const { tools } = mode
  const samples = new Map<Tool, Sample[]>(tools.map((tool) => [tool, []]))
  for (let round = 0; round < Number(args.rounds); round++) {
    for (let i = 0; i < tools.length; i++) {
      const tool = tools[(round + i) % tools.length] as Tool
      const out = join(WORK, 'out', `${job.set.name}-${tool}`)
      await rm(out, { recursive: true, force: true })
      await mkdir(join(out, '..'), { recursive: true })
      // Each run starts with no dirty pages of an earlier one left to write back.
      execFileSync('sync')
      const sample = await timed(command(tool, job, out))
      const wrong = await verify(files, out)
      await setAside(out, files.length)
      const note = wrong.length > 0 ? ` — ${wrong.length} wrong or missing files, not counted (${wrong.slice(0, 3).join(', ')})` : ''
      console.log(`${mode.name} ${job.set.name} ×${job.concurrency} round ${round + 1} ${tool}: ${sample.seconds.toFixed(3)} s, ${Math.round(sample.maxRssKiB / 1024)} MiB${note}`)
      if (wrong.length === 0) samples.get(tool)?.push(sample)
    }
  }
  return samples
}

/** The lists each tool reads; a file with no sha256 is not pinned in the action's manifest. */
async function writeLists(set: DataSet, files: { name: string; sha256: string }[], lists: string, origin: Origin): Promise<void> {
  await mkdir(lists, { recursive: true })
  const url = (name: string): string => `${origin.url}/${set.name}/${name}`
  await writeFile(join(lists, 'manifest.txt'), files.map((file) => `${url(file.name)} ${file.name}${file.sha256 && ` sha256=${file.sha256}`}`).join('\n'))
  await writeFile(join(lists, 'curl.txt'), files.map((file) => `url = "${url(file.name)}"\noutput = "${file.name}"`).join('\n'))
  await writeFile(join(lists, 'aria2.txt'), files.map((file) => `${url(file.name)}\n  out=${file.name}`).join('\n'))
}

function command(tool: Tool, { set, lists, origin, concurrency }: Job, out: string): { argv: string[]; env?: NodeJS.ProcessEnv; cwd?: string } {
  // curl keeps its defaults: over TLS it negotiates HTTP/2 and multiplexes its transfers.
  const into = `mkdir -p '${out}' && cd '${out}'`
  const curl = `curl --parallel --parallel-max ${concurrency} --fail -sS --no-progress-meter ${origin.ca === undefined ? '' : `--cacert '${origin.ca}' `}-K '${join(lists, 'curl.txt')}'`
  switch (tool) {
    case 'action':
    case 'action, HTTP/1.1':
      return {
        argv: [process.execPath, join(ROOT, 'dist/index.js')],
        env: actionEnv({ 'MANIFEST-FILE': join(lists, 'manifest.txt'), DIRECTORY: out, CONCURRENCY: String(concurrency), HTTP2: String(tool === 'action') }, origin.ca),
      }
    case 'curl':
      return { argv: ['sh', '-c', `${into} && exec ${curl}`] }
    case 'curl+sha256sum':
      // The same download, then the check the action makes as it goes: the fair peer for it.
      return { argv: ['sh', '-c', `${into} && ${curl} && sha256sum --check --quiet '${join(WORK, `${set.name}.sha256`)}'`] }
    case 'aria2c':
      return {
        argv: ['aria2c', '-i', join(lists, 'aria2.txt'), '-j', String(concurrency), '-d', out, '--quiet', '--file-allocation=none', '--allow-overwrite=true', '--auto-file-renaming=false'],
      }
    case 'node floor':
      return { argv: [process.execPath, join(ROOT, 'scripts/node-floor.ts'), join(lists, 'manifest.txt'), out, String(concurrency)] }
    case 'cp':
      return { argv: ['cp', '-r', join(WORK, 'www', set.name), out] }
  }
}

/**
 * The environment the runner gives an action: its inputs, the workspace, and the output files;
 * and `ca` as an extra trusted certificate, as a runner would trust a real one.
 */
function actionEnv(inputs: Record<string, string>, ca?: string): NodeJS.ProcessEnv {
  const runner = join(WORK, 'runner')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_WORKSPACE: runner,
    RUNNER_TEMP: join(runner, 'temp'),
    GITHUB_OUTPUT: join(runner, 'output'),
    GITHUB_STEP_SUMMARY: join(runner, 'summary'),
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name}`] = value
  if (ca !== undefined) env.NODE_EXTRA_CA_CERTS = ca
  execFileSync('sh', ['-c', `mkdir -p '${runner}/temp' && : > '${runner}/output' && : > '${runner}/summary'`])
  return env
}

/**
 * Wall time measured here around the whole process; peak RSS of the largest process from GNU time.
 * Waits without blocking, so that the relay of network mode, in this process, keeps forwarding.
 */
async function timed({ argv, env, cwd }: { argv: string[]; env?: NodeJS.ProcessEnv; cwd?: string }): Promise<Sample> {
  const report = join(WORK, 'time.txt')
  const started = performance.now()
  const child = spawn('/usr/bin/time', ['-f', '%M', '-o', report, ...argv], { env: env ?? process.env, cwd, stdio: ['ignore', 'ignore', 'inherit'] })
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null]
  if (code !== 0) console.error(`${argv.join(' ').slice(0, 200)} failed: ${signal ?? `exit status ${code}`}`)
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
    startup.node.push(await timed({ argv: [process.execPath, '-e', '0'] }))
    await rm(out, { recursive: true, force: true })
    const manifest = `http://127.0.0.1:${PORT}/small/${first.name} ${first.name} sha256=${first.sha256}`
    startup.action.push(await timed({ argv: [process.execPath, join(ROOT, 'dist/index.js')], env: actionEnv({ MANIFEST: manifest, DIRECTORY: out }) }))
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

/** The machine and the versions that every figure depends on. */
function machine(): string {
  return `Made by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${type()} ${execFileSync('uname', ['-r']).toString().trim()}, Node ${process.versions.node}, ${execFileSync('curl', ['--version']).toString().split(' ').slice(0, 2).join(' ')}`
}

const CHECKED = `After every run every file's sha256 is checked; a run with a wrong or missing file does not count. The action runs from \`dist/index.js\` as the runner runs it, with a \`manifest-file\` that pins every sha256, so it verifies what it downloads; \`curl+sha256sum\` is the same curl run followed by \`sha256sum --check --quiet\` of the same sums, timed as one command, the peer that verifies too.`

function renderLoopback(mode: Mode, cases: Case[], startup: Startup, planningMs: number): string {
  const action = median(seconds(startup.action))
  const node = median(seconds(startup.node))
  return [
    `${machine()}, aria2c ${execFileSync('aria2c', ['--version']).toString().split('\n')[0]?.split(' ').pop() ?? ''}, nginx-light on 127.0.0.1.`,
    '',
    `Each set is downloaded by each tool once a round, the order rotating, ${args.rounds} rounds, into a fresh folder, at concurrency ${mode.concurrencies.join(' and ')}. ${CHECKED} curl and aria2c do not verify. \`node floor\` (\`scripts/node-floor.ts\`) is a bare Node program doing the same work and nothing else: raw keep-alive sockets, no HTTP library, each body hashed, compared and written with synchronous calls; what it takes over curl is, near enough, the runtime's own cost, which a client written for Node would have to beat. \`cp -r\` of the same files is the floor of the disk.`,
    '',
    ...table(mode, cases),
    '',
    `One-entry manifest end to end (node start, bundle load, one 16 KiB file, outputs): ${(action * 1000).toFixed(0)} ms, against ${(node * 1000).toFixed(0)} ms for \`node -e 0\`: **${(action / node).toFixed(2)} ×** (median of ${startup.action.length}).`,
    '',
    `Parsing and planning a manifest of 100 000 entries (lines, each with a sha256), in process: ${planningMs.toFixed(0)} ms (median of ${args.rounds}).`,
    '',
    '![Wall time relative to curl](benchmarks.svg)',
    '',
  ].join('\n')
}

function renderNetwork(mode: Mode, cases: Case[], protocol: string): string {
  return [
    `${machine()}, nginx-light with TLS and HTTP/2 behind a relay on 127.0.0.1 that adds a ${RTT_MS} ms round trip.`,
    '',
    `The same sets over a link with latency: nginx serves them over TLS 1.3, offering HTTP/2, through the tests' relay (\`__tests__/helpers/relay.ts\`), which holds every piece back ${RTT_MS / 2} ms each way and hands it on in TCP segments; it adds latency, not a bandwidth limit. The action trusts the self-signed certificate through \`NODE_EXTRA_CA_CERTS\`, curl through \`--cacert\`. curl, with its defaults, negotiated HTTP/${protocol} and multiplexes its transfers over one connection; so does the action (\`action\`), and \`action, HTTP/1.1\` is the action with \`http2: false\`, a connection per download in flight. Each set is downloaded by each tool once a round, the order rotating, ${args.rounds} rounds, into a fresh folder, at concurrency ${mode.concurrencies.join(' and ')} (\`--parallel-max\` for curl, the \`concurrency\` input for the action), × curl against curl at the same concurrency. ${CHECKED}`,
    '',
    ...table(mode, cases),
    '',
  ].join('\n')
}

function table(mode: Mode, cases: Case[]): string[] {
  const lines = ['| set | concurrency | tool | median wall time | spread (min–max) | peak RSS | × curl |', '|---|---|---|---|---|---|---|']
  for (const { set, concurrency, samples } of cases) {
    const curl = median(seconds(samples.get('curl') ?? []))
    for (const tool of mode.tools) {
      const times = seconds(samples.get(tool) ?? [])
      const rss = Math.max(...(samples.get(tool) ?? []).map((sample) => sample.maxRssKiB)) / 1024
      lines.push(
        `| ${set.name} (${set.count} × ${formatSize(set.size)}) | ${concurrency} | ${tool} | ${median(times).toFixed(3)} s | ${Math.min(...times).toFixed(3)}–${Math.max(...times).toFixed(3)} s | ${rss.toFixed(0)} MiB | ${(median(times) / curl).toFixed(2)} |`,
      )
    }
  }
  return lines
}

/**
 * The measured part goes between the mode's markers; what is written around them by hand stays.
 * A block not there yet goes after the other mode's, so that the figures stay together.
 */
async function mergeInto(path: string, measured: string, [start, end]: [string, string]): Promise<string> {
  const block = `${start}\n${measured}\n${end}`
  const existing = await readFile(path, 'utf8').catch(() => '# Benchmarks\n')
  const from = existing.indexOf(start)
  const to = existing.indexOf(end)
  if (from !== -1 && to > from) return existing.slice(0, from) + block + existing.slice(to + end.length)
  const ends = MODES.flatMap(({ markers: [, other] }) => (existing.includes(other) ? [existing.indexOf(other) + other.length] : []))
  const at = ends.length > 0 ? Math.max(...ends) : existing.length
  return `${existing.slice(0, at).trimEnd()}\n\n${block}${existing.slice(at) || '\n'}`
}

function formatSize(bytes: number): string {
  return bytes >= 2 ** 20 ? `${bytes / 2 ** 20} MiB` : `${bytes / 1024} KiB`
}

/** Bars of median wall time relative to curl, one group per set. */
function chart(mode: Mode, cases: Case[]): string {
  const colors: Record<Tool, string> = { action: '#2f81f7', 'action, HTTP/1.1': '#a371f7', curl: '#8b949e', 'curl+sha256sum': '#57606a', 'node floor': '#bf3989', aria2c: '#d29922', cp: '#3fb950' }
  const bar = 26
  const scale = 250
  const left = 200
  const rows: string[] = []
  let y = 40
  for (const { set, samples } of cases) {
    const curl = median(seconds(samples.get('curl') ?? []))
    rows.push(`<text x="10" y="${y + 14}" font-weight="bold">${set.name}</text>`)
    for (const tool of mode.tools) {
      const ratio = median(seconds(samples.get(tool) ?? [])) / curl
      const width = Math.max(1, Math.min(ratio, 2.5) * scale)
      rows.push(
        `<text x="80" y="${y + 17}">${tool}</text>`,
        `<rect x="${left}" y="${y}" width="${width.toFixed(1)}" height="${bar - 6}" fill="${colors[tool]}"/>`,
        `<text x="${(left + 8 + width).toFixed(1)}" y="${y + 15}">${ratio.toFixed(2)} ×</text>`,
      )
      y += bar
    }
    y += 14
  }
  const height = y + 10
  return `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${height}" font-family="sans-serif" font-size="13">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="22" font-size="15">Median wall time relative to curl --parallel (lower is faster)</text>
<line x1="${left + scale}" y1="30" x2="${left + scale}" y2="${height - 10}" stroke="#444" stroke-dasharray="4 3"/>
${rows.join('\n')}
</svg>
`
}

await main()
