// The action's interface as action.yml declares it, against the README and the workflows that use it.
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { parse } from 'yaml'

interface ActionYml {
  runs: { using: string; main: string }
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
}

const root = new URL('../', import.meta.url)
const action = parse(await readFile(new URL('action.yml', root), 'utf8')) as ActionYml
const readme = await readFile(new URL('README.md', root), 'utf8')

describe('the interface', () => {
  it('runs on node24 from dist/index.js', () => {
    assert.deepEqual(action.runs, { using: 'node24', main: 'dist/index.js' })
  })

  it('documents every input, with its default, and every output in the README', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`))
      assert.ok(row, `README has no row for input ${name}`)
      if (input.default) assert.ok(row.includes(`\`${input.default}\``), `README gives input ${name} another default than ${input.default}`)
    }
    for (const name of Object.keys(action.outputs)) assert.ok(readme.includes(`| \`${name}\` |`), `README has no row for output ${name}`)
  })

  it("names each sentence of 'Safe with manifests from pull requests' as a test in safety.test.ts, and no other", async () => {
    const section = readme.split('## Safe with manifests from pull requests')[1]?.split('\n## ')[0] ?? ''
    const sentences = section.split('\n').filter((line) => line.startsWith('- ')).map((line) => line.slice(2))
    const tests = await readFile(new URL('__tests__/safety.test.ts', root), 'utf8')
    const names = [...tests.matchAll(/^ {2}it\((['"`])(.+?)\1, async/gm)].map((match) => match[2])
    assert.ok(sentences.length >= 9, `only ${sentences.length} sentences`)
    assert.deepEqual(names, sentences)
  })

  it('names every module of src/ in the README', async () => {
    const modules = (await readdir(new URL('src/', root))).filter((name) => name.endsWith('.ts'))
    for (const module of modules) assert.ok(readme.includes(`| \`${module}\` |`), `README's module map lacks ${module}`)
  })

  it('pastes no step output into the text of a script, in the README or a workflow', async () => {
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '')
    const folder = new URL('.github/workflows/', root)
    for (const name of await readdir(folder)) blocks.push(await readFile(new URL(name, folder), 'utf8'))
    const scripts = blocks.flatMap((block) => runsOf(parse(block)))
    assert.ok(scripts.length >= 4, `only ${scripts.length} run: scripts found`)
    for (const script of scripts) assert.doesNotMatch(script, /\$\{\{[^}]*\bsteps\.[^}]*\.outputs\./, script)
  })

  it('gives the workflows that run it (uses: ./) only inputs it has', async () => {
    const folder = new URL('.github/workflows/', root)
    let used = 0
    for (const name of await readdir(folder)) {
      const workflow = parse(await readFile(new URL(name, folder), 'utf8')) as { jobs: Record<string, { steps: { uses?: string; with?: object }[] }> }
      for (const step of Object.values(workflow.jobs).flatMap((job) => job.steps)) {
        if (step.uses !== './') continue
        used++
        for (const input of Object.keys(step.with ?? {})) assert.ok(input in action.inputs, `${name} gives unknown input ${input}`)
      }
    }
    assert.ok(used > 0, 'no workflow runs the action')
  })
})

/** Every `run:` script anywhere in a parsed YAML document. */
function runsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(runsOf)
  if (typeof node !== 'object' || node === null) return []
  return Object.entries(node).flatMap(([key, value]) => (key === 'run' && typeof value === 'string' ? [value] : runsOf(value)))
}
