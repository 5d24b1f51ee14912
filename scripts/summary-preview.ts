// `npm run summary-preview [FOLDER]`: the job summaries as a person sees them. It runs
// `npm run demo` (two runs: downloads with a failure, then a rerun), a refused run and a run of
// 300 entries, wraps each summary in a page styled like GitHub's Markdown, and takes a
// screenshot of each with headless Chromium: FOLDER/NAME.png (a temporary folder by default).
// Chromium comes from Debian's package, installed with apt-get when run as root.
import { execFile, execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

const ROOT = resolve(import.meta.dirname, '..')
const CHROMIUM = '/usr/bin/chromium'

// Enough of GitHub's Markdown styles to judge layout: fonts, tables, lists, details.
const STYLE = `
body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; margin: 24px; max-width: 1012px; }
h2 { font-size: 1.5em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
h3 { font-size: 1.25em; }
table { border-collapse: collapse; display: block; overflow: auto; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
th { font-weight: 600; } tr:nth-child(2n) { background: #f6f8fa; }
a { color: #0969da; text-decoration: none; }
`

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'summary-preview-'))))
  await mkdir(out, { recursive: true })
  ensureChromium()
  const summaries = await mkdtemp(join(tmpdir(), 'summaries-'))
  execFileSync(process.execPath, [join(ROOT, 'scripts/demo.ts')], { env: { ...process.env, DEMO_SUMMARIES: summaries }, stdio: 'ignore' })
  const pages: [string, string][] = [
    ['first-run', await readFile(join(summaries, 'run-1.html'), 'utf8')],
    ['rerun', await readFile(join(summaries, 'run-2.html'), 'utf8')],
    ['refused', await runBundle({ MANIFEST: 'https://example.org/a.csv\nftp://example.org/b.csv\nhttps://example.org/c.csv C:/x', CONCURRENCY: 'eight' })],
    ['many', await manyEntries()],
  ]
  for (const [name, summary] of pages) {
    const page = join(out, `${name}.html`)
    await writeFile(page, `<!doctype html><meta charset="utf-8"><style>${STYLE}</style><body>${summary}</body>`)
    execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${join(out, `${name}.png`)}`, '--window-size=1100,900', `file://${page}`], { stdio: 'ignore' })
    console.log(`${join(out, `${name}.png`)} (${Buffer.byteLength(summary)} bytes of summary)`)
  }
}

function ensureChromium(): void {
  try {
    execFileSync(CHROMIUM, ['--version'], { stdio: 'ignore' })
  } catch {
    if (process.getuid?.() !== 0) throw new Error('The preview needs Chromium: apt-get install chromium fonts-noto-color-emoji')
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-color-emoji'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  }
}

/** 300 entries from a local server: 290 files and 10 that are missing, so that tables fold. */
async function manyEntries(): Promise<string> {
  const server = createServer((request, response) => {
    if (request.url?.includes('missing')) response.writeHead(404).end()
    else response.writeHead(200).end(`file ${request.url}`)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    const manifest = Array.from({ length: 300 }, (_, i) => (i % 30 === 7 ? `${base}/missing-${i} data/missing-${i}.bin` : `${base}/f${i} data/f${i}.bin`)).join('\n')
    return await runBundle({ MANIFEST: manifest, RETRIES: '0', 'FAIL-ON-ERROR': 'false' })
  } finally {
    server.close()
  }
}

/** Runs dist/index.js as the runner does, with these inputs, and returns its job summary. */
async function runBundle(inputs: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'summary-run-'))
  const files = { GITHUB_OUTPUT: join(root, 'output'), GITHUB_STEP_SUMMARY: join(root, 'summary') }
  for (const file of Object.values(files)) await writeFile(file, '')
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_WORKSPACE: root, RUNNER_TEMP: join(root, 'temp'), ...files }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name}`] = value
  // Not execFileSync: the server of manyEntries() answers from this process meanwhile.
  await promisify(execFile)(process.execPath, [join(ROOT, 'dist/index.js')], { env, cwd: root, maxBuffer: 64 * 2 ** 20 }).catch(() => {
    // A refused or failed run exits 1; its summary is what this is for.
  })
  return readFile(files.GITHUB_STEP_SUMMARY, 'utf8')
}

await main()
