/** Request headers as the user wrote them: names keep their case, lookups ignore it. */
export type Headers = Record<string, string>

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

// These describe the connection or the body framing; the HTTP client owns them, and a
// value from a manifest could only break the request or smuggle another one.
const RESERVED = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect'])

/** Returns why `name: value` can't be sent, or undefined when it can. */
export function headerProblem(name: string, value: string): string | undefined {
  if (!TOKEN.test(name)) return `'${name}' is not a valid header name`
  if (RESERVED.has(name.toLowerCase())) return `header '${name}' is set by the action and can't be given`
  if (/[\r\n\0]/.test(value)) return `the value of header '${name}' contains a line break or NUL`
  return undefined
}

/**
 * Parses `Name: value` lines. Blank lines and lines starting with `#` are skipped.
 * Problems name the 1-based line.
 */
export function parseHeaderLines(text: string): { headers: Headers; problems: string[] } {
  const headers: Headers = {}
  const problems: string[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const colon = line.indexOf(':')
    if (colon <= 0) {
      // The line is not echoed: it may hold a secret that was never registered.
      problems.push(`line ${i + 1}: expected 'Name: value'`)
      return
    }
    const name = line.slice(0, colon).trim()
    const value = line.slice(colon + 1).trim()
    const problem = headerProblem(name, value)
    if (problem) problems.push(`line ${i + 1}: ${problem}`)
    else setHeader(headers, name, value)
  })
  return { headers, problems }
}

/** Sets a header, replacing one of the same name in any case. */
export function setHeader(headers: Headers, name: string, value: string): void {
  const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase())
  if (existing !== undefined) delete headers[existing]
  headers[name] = value
}

/** Later sets win, name by name, whatever the case. */
export function mergeHeaders(...sets: Headers[]): Headers {
  const merged: Headers = {}
  for (const set of sets) for (const [name, value] of Object.entries(set)) setHeader(merged, name, value)
  return merged
}
