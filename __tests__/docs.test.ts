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
