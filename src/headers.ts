import { posix } from 'node:path'
import { withoutUserinfo } from './format.ts'

/** Request headers as the user wrote them: names keep their case, lookups ignore it. */
export type Headers = Record<string, string>

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

// These describe the connection or the body framing; the HTTP client owns them, and a
// value from a manifest could only break the request or smuggle another one.
// Range and If-Range belong to resuming, which the action does itself.
const RESERVED = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'proxy-connection', 'upgrade', 'http2-settings', 'te', 'trailer', 'expect', 'range', 'if-range'])

/** Returns why `name: value` can't be sent, or undefined when it can. */
export function headerProblem(name: string, value: string): string | undefined {
  if (!TOKEN.test(name)) return `'${name}' is not a valid header name`
  // A valid name, but headers are kept in plain objects, where this one sets the prototype instead.
  if (name.toLowerCase() === '__proto__') return `header '${name}' can't be given`
  if (RESERVED.has(name.toLowerCase())) return `header '${name}' is set by the action and can't be given`
  // What Node's HTTP client accepts: found now, rather than as a failure of every entry it goes with.
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) return `the value of header '${name}' has a character that a header can't carry (a line break, a control character, or one past Latin-1)`
  return undefined
}

/** A header from the `headers` input, for URLs under `scope`, or for every entry's own origin when it has none. */
export interface HeaderRule {
  name: string
  value: string
  scope?: URL
}

// Headers that say how to answer, not who asks: they may go to every host a manifest names.
// Any other may carry a credential (X-JFrog-Art-Api, X-JWT, Private-Token...), and a
// credential sent to every host would reach any host a pull request adds.
const HARMLESS = new Set(['accept', 'accept-language', 'accept-charset', 'accept-encoding', 'user-agent', 'cache-control', 'pragma', 'referer', 'x-github-api-version'])

// Names that say they carry a credential: their values are masked in the log.
const SECRET = /^(authorization|proxy-authorization|cookie)$|token|secret|passw|auth|session|credential|key|jwt|signature/i

/** Whether a header's name says it carries a credential, so that its value is masked. */
export function looksSecret(name: string): boolean {
  return SECRET.test(name)
}

/** Whether a header may carry a credential, so that it goes only to the URLs the workflow names. */
function mayCarryCredential(name: string): boolean {
  return !HARMLESS.has(name.toLowerCase())
}

/**
 * Parses `Name: value` lines, each optionally led by the URL prefix it is for (git's
 * `http.<url>.extraHeader` habit): `https://host/path/ Name: value`. A header that may carry a credential must name its
 * prefix. Blank lines and lines starting with `#` are skipped. Problems name the 1-based line.
 */
export function parseHeaderLines(text: string): { rules: HeaderRule[]; problems: string[] } {
  const rules: HeaderRule[] = []
  const problems: string[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const rule = parseHeaderLine(line)
    if (typeof rule === 'string') problems.push(`line ${i + 1}: ${rule}`)
    else rules.push(rule)
  })
  return { rules, problems }
}

/** One line as a rule, or why it can't be one. Values are never echoed: they may be secrets not yet masked. */
function parseHeaderLine(line: string): HeaderRule | string {
  const [, prefix, header = line] = /^(https?:\/\/\S*)\s+(.*)$/i.exec(line) ?? []
  const scope = prefix === undefined ? undefined : URL.parse(prefix)
  if (scope === null) return `'${withoutUserinfo(prefix ?? '')}' is not a URL prefix`
  if (scope && (scope.search !== '' || scope.hash !== '' || scope.username !== '' || scope.password !== '')) {
    return `the URL prefix '${withoutUserinfo(prefix ?? '')}' may not have a query, a fragment or credentials`
  }
  const colon = header.indexOf(':')
  if (colon <= 0) return "expected 'Name: value' or 'URL-PREFIX Name: value'"
  const name = header.slice(0, colon).trim()
  const value = header.slice(colon + 1).trim()
  const problem = headerProblem(name, value)
  if (problem) return problem
  if (scope === undefined && mayCarryCredential(name)) {
    return `'${name}' may carry a credential, and a manifest can name any host: give the URL prefix it is for, as in 'https://artifacts.example.org/ ${name}: ...'`
  }
  return scope ? { name, value, scope } : { name, value }
}

/**
 * The headers of the rules that apply to `url`: unscoped ones, then those whose prefix it starts
 * with, the longest prefix last so that it wins. A prefix matches whole path segments.
 */
export function headersFor(url: URL, rules: HeaderRule[]): Headers {
  const applying = rules.filter((rule) => rule.scope === undefined || underPrefix(url, rule.scope))
  applying.sort((a, b) => (a.scope?.href.length ?? 0) - (b.scope?.href.length ?? 0))
  const headers: Headers = {}
  for (const rule of applying) setHeader(headers, rule.name, rule.value)
  return headers
}

/**
 * Whether `url` is under `prefix`: the same scheme, host and port, and whole path segments, in
 * every way a server may read the path (`/models/..%2Fother` and `/models/..;/other` are not
 * under `/models/`). The prefix is read the same ways, each a name for the same place, so that
 * `/my%20files/` covers `/my files/x` and `/%7Euser/` covers `/~user/x`.
 */
function underPrefix(url: URL, prefix: URL): boolean {
  if (url.protocol !== prefix.protocol || url.host !== prefix.host) return false
  const paths = readingsOf(url.pathname, true)
  // The workflow wrote the prefix: its ';' is its own, not a parameter to drop.
  const prefixes = readingsOf(prefix.pathname, false)
  if (paths === undefined || prefixes === undefined) return false
  const under = (path: string, within: string): boolean => (within.endsWith('/') ? path.startsWith(within) : path === within || path.startsWith(`${within}/`))
  return paths.every((path) => prefixes.some((within) => under(path, within)))
}

/** How many times a server may percent-decode a path: more than any does. */
const DECODES = 4

/**
 * The ways a server may read a path: as written (with `%XX` of letters, digits and `-._~`
 * decoded and the others' hex in capitals, which no server tells apart), and decoded again and again (`%252F` is `%2F`, then
 * `/`; IIS also reads `%u002e` as `.`), each also in Unicode compatibility form (NFKC makes
 * `．．／` into `../`); and, with `plain`, each also with `\\` as `/`, `;parameters` dropped
 * (Tomcat reads `..;` as `..`), names of only dots and spaces read as dot names (Windows drops
 * trailing dots and spaces), and dot names resolved. Undefined for a path that no server can be
 * trusted to read one way: one whose bytes are not UTF-8 at some reading (`%c0%ae`, an old
 * server's `.`) or hold a NUL.
 */
function readingsOf(pathname: string, lenient: boolean): string[] | undefined {
  const raw = [
    pathname
      .replace(/%(2[de]|3\d|[46][1-9a-f]|[57][0-9a]|5f|7e)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      .replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase()),
  ]
  for (let decodes = 0; decodes < DECODES; decodes++) {
    const last = raw.at(-1) ?? ''
    const decoded = percentDecoded(last)
    if (decoded === undefined || decoded.includes('\0')) return undefined
    if (decoded === last) break
    raw.push(decoded)
  }
  const forms = raw.flatMap((reading) => [reading, reading.normalize('NFKC')])
  return lenient ? forms.flatMap((reading) => [reading, plain(reading)]) : forms
}

/**
 * `%XX` as bytes and `%uXXXX` as a character, read as UTF-8 (undefined when they are not); a `%`
 * followed by neither stays.
 */
function percentDecoded(text: string): string | undefined {
  if (!text.includes('%')) return text
  const bytes: number[] = []
  for (let i = 0; i < text.length; ) {
    const hex = text.slice(i + 1, i + 3)
    const wide = /^u[0-9a-f]{4}$/i.test(text.slice(i + 1, i + 6)) ? text.slice(i + 2, i + 6) : undefined
    if (text[i] === '%' && wide !== undefined) {
      bytes.push(...Buffer.from(String.fromCharCode(parseInt(wide, 16))))
      i += 6
    } else if (text[i] === '%' && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 3
    } else {
      const char = String.fromCodePoint(text.codePointAt(i) ?? 0)
      bytes.push(...Buffer.from(char))
      i += char.length
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes))
  } catch {
    return undefined
  }
}

/** A path as a lenient server resolves it. */
function plain(path: string): string {
  const names = path.replaceAll('\\', '/').split('/').map((name) => {
    const bare = name.replace(/;.*$/, '')
    return bare !== '' && /^[. ]+$/.test(bare) ? (bare.replaceAll(' ', '').length > 1 ? '..' : '.') : bare
  })
  return posix.normalize(names.join('/'))
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
