// `npm run demo`: the real action (dist/index.js), run the way the runner runs it, on an example
// manifest against sample files served from 127.0.0.1; then again, to show a rerun. No internet.
// With DEMO_SUMMARIES=FOLDER, each run's job summary is kept there as run-N.html (for
// `npm run summary-preview`).
import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { windowsEssentials } from './runner-env.ts'

const ROOT = resolve(import.meta.dirname, '..')

/** Sample files: two CSVs, a JSON file, and a tar.gz of fixtures to unpack. */
async function samples(folder: string): Promise<Map<string, Buffer>> {
  const rows = (seed: number): string => ['id,value', ...Array.from({ length: 2000 }, (_, i) => `${i},${(i * seed) % 997}`)].join('\n')
  const files = new Map<string, Buffer>([
    ['train.csv', Buffer.from(rows(7))],
    ['test.csv', Buffer.from(rows(13))],
    ['labels.json', Buffer.from(JSON.stringify({ classes: ['cat', 'dog', 'fish'] }, null, 2))],
  ])
  await mkdir(join(folder, 'fixtures/images'), { recursive: true })
  await writeFile(join(folder, 'fixtures/images/README.txt'), 'sample fixtures\n')
  await writeFile(join(folder, 'fixtures/expected.txt'), 'ok\n')
  // Bare names, in the folder: GNU tar on Windows reads `D:` as a remote host.
  execFileSync('tar', ['-czf', 'fixtures.tar.gz', '-C', 'fixtures', '.'], { cwd: folder })
  files.set('fixtures.tar.gz', await readFile(join(folder, 'fixtures.tar.gz')))
  return files
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'parallel-download-demo-'))
  const files = await samples(root)
  const server = createServer((request, response) => {
    const body = files.get((request.url ?? '').replace(/^\/data\//, ''))
    if (body) response.writeHead(200, { 'content-length': body.length }).end(body)
    else response.writeHead(404).end('not found')
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`
  const manifest = [
    '# URL                                   destination            options',
    `${base}/train.csv   data/train.csv   sha256=${sha256(files.get('train.csv') ?? Buffer.alloc(0))}`,
    `${base}/test.csv    data/test.csv    sha256=${sha256(files.get('test.csv') ?? Buffer.alloc(0))}`,
    `${base}/labels.json data/labels.json`,
    `${base}/fixtures.tar.gz  fixtures  extract=true`,
    `${base}/missing.csv data/missing.csv`,
  ].join('\n')
  const runner = { workspace: join(root, 'workspace'), temp: join(root, 'temp'), toolCache: join(root, 'tool-cache') }
  for (const folder of Object.values(runner)) await mkdir(folder, { recursive: true })
  await writeFile(join(runner.workspace, 'downloads.txt'), `${manifest}\n`)
  console.log(`The manifest (downloads.txt; the last entry is missing on purpose):\n\n${manifest}\n`)
  try {
    for (const [i, title] of ['First run', 'Second run: the pinned files are up to date, nothing is fetched but the unpinned'].entries()) {
      const summary = await runAction(title, runner)
      if (process.env.DEMO_SUMMARIES) await writeFile(join(process.env.DEMO_SUMMARIES, `run-${i + 1}.html`), summary)
    }
  } finally {
    server.close()
  }
}

/** Runs the action once, prints what it said, and returns its job summary. */
async function runAction(title: string, runner: { workspace: string; temp: string; toolCache: string }): Promise<string> {
  const output = join(runner.temp, 'output')
  const summary = join(runner.temp, 'summary')
  await writeFile(output, '')
  await writeFile(summary, '')
  console.log(`──── ${title} ────\n`)
  const env = {
    ...windowsEssentials(),
    PATH: process.env.PATH ?? '',
    GITHUB_WORKSPACE: runner.workspace,
    RUNNER_TEMP: runner.temp,
    RUNNER_TOOL_CACHE: runner.toolCache,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    'INPUT_MANIFEST-FILE': 'downloads.txt',
    'INPUT_FAIL-ON-ERROR': 'false',
    INPUT_CONCURRENCY: '4',
  }
  const code = await new Promise<number | null>((done) => {
    spawn(process.execPath, [join(ROOT, 'dist/index.js')], { env, cwd: runner.workspace, stdio: 'inherit' }).on('close', done)
  })
  console.log(`\n(exit code ${code})\n\nOutputs:`)
  for (const [name, value] of parseOutputs(await readFile(output, 'utf8'))) {
    console.log(`  ${name}: ${value.length > 160 ? `${value.slice(0, 157)}...` : value}`)
  }
  const html = await readFile(summary, 'utf8')
  console.log(`\nJob summary:\n${asText(html)}\n`)
  return html
}

/** GITHUB_OUTPUT holds `name<<DELIMITER`, the value's lines, then DELIMITER, each line ended by os.EOL. */
function parseOutputs(text: string): [string, string][] {
  return [...text.matchAll(/^(.+?)<<(.+?)\r?\n([\s\S]*?)\r?\n\2\r?$/gm)].map((match) => [match[1] ?? '', match[3] ?? ''])
}

/** The summary's HTML as a terminal shows it: headings, list items, lines, and each table's cells in columns. */
function asText(html: string): string {
  const decode = (text: string): string =>
    text
      .replace(/<[^>]+>/g, '')
      .replaceAll('&nbsp;', ' ')
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
  const blocks = html
    .replace(/<table>([\s\S]*?)<\/table>/g, (_, rows: string) => `\n${columns(rows, decode)}\n`)
    .replace(/<h2>(.*?)<\/h2>/g, '\n## $1\n')
    .replace(/<h3>(.*?)<\/h3>/g, '\n### $1\n')
    .replace(/<li>(.*?)<\/li>/g, '- $1\n')
    .replace(/<summary>(.*?)<\/summary>/g, '($1)\n')
  return decode(blocks)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `  ${line}`)
    .join('\n')
}

function columns(rows: string, decode: (text: string) => string): string {
  const cells = [...rows.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) => [...(row[1] ?? '').matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => decode(cell[1] ?? '')))
  const widths = cells[0]?.map((_, column) => Math.max(...cells.map((row) => [...(row[column] ?? '')].length))) ?? []
  // Tags are stripped after this, so the table's text must hold none: angle brackets are spelled out.
  return cells.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').replaceAll('<', '&#60;')).join('\n')
}

await main()
