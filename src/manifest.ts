import type * as Yaml from 'yaml'
import { headerProblem, setHeader, type Headers } from './headers.ts'
import { withoutUserinfo } from './format.ts'

export const ALGORITHMS = { sha256: 64, sha512: 128, sha1: 40, md5: 32 } as const
export type Algorithm = keyof typeof ALGORITHMS
export type Checksums = Partial<Record<Algorithm, string>>

export const ARCHIVE_TYPES = ['tar', 'tar.gz', 'tar.xz', 'zip'] as const
export type ArchiveType = (typeof ARCHIVE_TYPES)[number]
const ARCHIVE_NAMES: [RegExp, ArchiveType][] = [
  [/\.tar$/i, 'tar'],
  [/\.(tar\.gz|tgz)$/i, 'tar.gz'],
  [/\.(tar\.xz|txz)$/i, 'tar.xz'],
  [/\.zip$/i, 'zip'],
]

/** An archive's type from its file name, or undefined. */
export function archiveTypeOf(name: string): ArchiveType | undefined {
  return ARCHIVE_NAMES.find(([pattern]) => pattern.test(name))?.[1]
}

function withoutArchiveExtension(name: string): string {
  const pattern = ARCHIVE_NAMES.find(([candidate]) => candidate.test(name))?.[0]
  return pattern ? name.replace(pattern, '') : name
}

/** One manifest entry, checked on its own; destinations are checked against each other by plan. */
export interface ManifestEntry {
  /** How problems name the entry: "line 3" or "entry 2 (line 5)". */
  where: string
  /** 1-based line of the entry in the manifest text. */
  line: number
  url: URL
  /** The destination as written, or the URL's last path segment, decoded. */
  path: string
  checksums: Checksums
  headers: Headers
  /** Unpack the verified archive into `path`, a folder. */
  extract?: ArchiveType
}

/** A reason the run can't start, named by where it is. */
export interface Problem {
  message: string
  line?: number
}

export interface ParsedManifest {
  entries: ManifestEntry[]
  problems: Problem[]
}

/**
 * Parses a manifest in the lines format or in YAML (and so JSON), detected from its first
 * significant line. Pure but for loading the YAML parser, which only a YAML manifest needs.
 */
export async function parseManifest(text: string): Promise<ParsedManifest> {
  const parsed = looksLikeYaml(text) ? parseYaml(text, await import('yaml')) : parseLines(text)
  if (parsed.entries.length === 0 && parsed.problems.length === 0) {
    parsed.problems.push({ message: 'The manifest lists no entries.' })
  }
  return parsed
}

/** Whether a manifest is YAML (or JSON) rather than lines, from its first significant line. */
export function looksLikeYaml(text: string): boolean {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '' && !line.trim().startsWith('#'))
  return first !== undefined && /^\s*(-(\s|$)|\[|\{|---|%|[\w-]+:(\s|$))/.test(first)
}

type Fields = Record<string, unknown>
type Outcome = { entry: Omit<ManifestEntry, 'where' | 'line'> } | { problems: string[] }

const OPTION = /^([A-Za-z][\w-]*)=(.*)$/

function parseLines(text: string): ParsedManifest {
  const result: ParsedManifest = { entries: [], problems: [] }
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1
    const where = `line ${line}`
    const tokens = tokensOf(raw)
    if (tokens.length === 0) return
    const [url, ...rest] = tokens
    const fields: Fields = { url }
    const problems: string[] = []
    rest.forEach((token, position) => {
      const option = OPTION.exec(token)
      if (option) {
        const [, key = '', value] = option
        if (Object.hasOwn(fields, key)) problems.push(`'${key}' is given twice`)
        fields[key] = value
      } else if (position === 0) {
        fields.path = token
      } else {
        problems.push(`unexpected '${token}': after the URL and PATH, options are key=value`)
      }
    })
    collect(result, where, line, toEntry(fields, [...Object.keys(ALGORITHMS), 'extract'], problems))
  })
  return result
}

/** Splits on whitespace; a token starting with `#` starts a comment (a `#` inside a URL does not). */
function tokensOf(line: string): string[] {
  const tokens = line.trim().split(/\s+/).filter((token) => token !== '')
  const comment = tokens.findIndex((token) => token.startsWith('#'))
  return comment === -1 ? tokens : tokens.slice(0, comment)
}

function parseYaml(text: string, yaml: typeof Yaml): ParsedManifest {
  const lineCounter = new yaml.LineCounter()
  // failsafe: every scalar stays a string, so hex digests and header values are never turned into numbers.
  const doc = yaml.parseDocument(text, { schema: 'failsafe', lineCounter, prettyErrors: true })
  const result: ParsedManifest = { entries: [], problems: [] }
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0].line
      result.problems.push({ message: `YAML: ${(error.message.split('\n')[0] ?? '').replace(/:$/, '')}.`, line })
    }
    return result
  }
  if (!yaml.isSeq(doc.contents)) {
    result.problems.push({ message: 'A YAML manifest must be a list of entries.', line: 1 })
    return result
  }
  doc.contents.items.forEach((item, i) => {
    const line = yaml.isNode(item) && item.range ? lineCounter.linePos(item.range[0]).line : 1
    collect(result, `entry ${i + 1} (line ${line})`, line, itemFields(item, yaml))
  })
  return result
}

function itemFields(item: unknown, yaml: typeof Yaml): Outcome {
  if (yaml.isScalar(item)) return toEntry({ url: item.value }, [])
  if (yaml.isMap(item)) return toEntry(item.toJSON() as Fields, [...Object.keys(ALGORITHMS), 'extract', 'headers'])
  return { problems: ['an entry is a URL or a mapping with `url`'] }
}

function collect(result: ParsedManifest, where: string, line: number, outcome: Outcome): void {
  if ('entry' in outcome) result.entries.push({ ...outcome.entry, where, line })
  else for (const problem of outcome.problems) result.problems.push({ message: `${where}: ${problem}.`, line })
}

/**
 * Checks the fields of one entry, whichever format they came from; `options` are the keys allowed
 * besides url and path, and `problems` those the format's own reading found.
 */
function toEntry(fields: Fields, options: readonly string[], problems: string[] = []): Outcome {
  for (const key of Object.keys(fields)) {
    if (key !== 'url' && key !== 'path' && !options.includes(key)) problems.push(`unknown option '${key}'`)
  }
  const url = checkUrl(fields.url, problems)
  const extract = checkExtract(fields.extract, url, fields.path, problems)
  const path = checkPath(fields.path, url, extract !== undefined, problems)
  const checksums = checkChecksums(fields, problems)
  const headers = checkHeaders(fields.headers, problems)
  if (problems.length > 0 || url === undefined || path === undefined) return { problems }
  return { entry: { url, path, checksums, headers, ...(extract && { extract }) } }
}

function checkUrl(value: unknown, problems: string[]): URL | undefined {
  if (typeof value !== 'string' || value === '') {
    problems.push('`url` is missing')
    return undefined
  }
  const url = URL.parse(value)
  if (url === null) problems.push(`'${withoutUserinfo(value)}' is not a URL`)
  else if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`'${url.protocol}' URLs are not supported, only http and https`)
  else return url
  return undefined
}

/** `extract`: false, true (the type from the URL's file name, or PATH's), or a type. */
function checkExtract(value: unknown, url: URL | undefined, path: unknown, problems: string[]): ArchiveType | undefined {
  if (value === undefined || value === null || value === 'false') return undefined
  if ((ARCHIVE_TYPES as readonly unknown[]).includes(value)) return value as ArchiveType
  if (value !== 'true') {
    problems.push(`extract must be true, false or one of ${ARCHIVE_TYPES.join(', ')}`)
    return undefined
  }
  const names = [url?.pathname ?? '', typeof path === 'string' ? path : '']
  const type = names.map(archiveTypeOf).find((found) => found !== undefined)
  if (type === undefined) problems.push(`can't tell the archive type from the name; give extract=${ARCHIVE_TYPES.join('|')}`)
  return type
}

/**
 * The destination: PATH as written; a PATH ending in `/` is a folder to save into, under the
 * URL's file name (curl's --output-dir, wget's -P); no PATH is that file name alone.
 */
function checkPath(value: unknown, url: URL | undefined, extract: boolean, problems: string[]): string | undefined {
  // Backslashes separate names, as on Windows, on every OS: `..\\` is `../` everywhere.
  const written = typeof value === 'string' ? value.replaceAll('\\', '/') : value
  // A last name that is empty, `.` or `..` names a folder, never a file.
  const folder = typeof written === 'string' && written !== '' && /(^|\/)\.{0,2}$/.test(written) ? written.replace(/\/?$/, '/') : ''
  const path = written == null || folder !== '' ? nameOf(url, extract, problems, folder !== '') : written
  if (path === undefined) return undefined
  return checkDestination(typeof path === 'string' ? folder + path : path, problems)
}

/** The URL's file name; for an archive to unpack, less its extension, as the folder it unpacks into. */
function nameOf(url: URL | undefined, extract: boolean, problems: string[], inFolder: boolean): string | undefined {
  const name = fileNameOf(url, problems, inFolder ? 'a PATH that ends in a file name' : 'a PATH')
  return extract && name !== undefined ? withoutArchiveExtension(name) : name
}

function checkDestination(path: unknown, problems: string[]): string | undefined {
  if (typeof path !== 'string' || path === '') {
    problems.push('`path` must be a non-empty string')
    return undefined
  }
  // A line break in a path would let a manifest start its own workflow command in the log.
  if (/\p{Cc}/u.test(path)) {
    problems.push(`the destination ${JSON.stringify(path)} contains a control character`)
    return undefined
  }
  return path
}

/** The last segment of the URL's path, decoded, for an entry that gives no PATH. */
function fileNameOf(url: URL | undefined, problems: string[], give: string): string | undefined {
  if (url === undefined) return undefined
  const segment = url.pathname.split('/').pop() ?? ''
  let name: string
  try {
    name = decodeURIComponent(segment)
  } catch {
    problems.push(`the URL's last segment '${segment}' is not valid percent-encoding; give ${give}`)
    return undefined
  }
  if (name === '') problems.push(`the URL's path has no file name to save under; give ${give}`)
  // %2F and %5C decode to separators: a name from a URL is one name, never a path.
  else if (/[/\\]/.test(name)) problems.push(`the URL's file name '${name}' has a / or \\ in it; give ${give}`)
  else return name
  return undefined
}

function checkChecksums(fields: Fields, problems: string[]): Checksums {
  const checksums: Checksums = {}
  for (const [algorithm, length] of Object.entries(ALGORITHMS) as [Algorithm, number][]) {
    const value = fields[algorithm]
    if (value === undefined) continue
    if (typeof value === 'string' && value.length === length && /^[0-9a-f]+$/i.test(value)) {
      checksums[algorithm] = value.toLowerCase()
    } else {
      problems.push(`${algorithm} must be ${length} hex digits`)
    }
  }
  return checksums
}

function checkHeaders(value: unknown, problems: string[]): Headers {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push('`headers` must be a mapping of header names to values')
    return {}
  }
  const headers: Headers = {}
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    const text = typeof raw === 'string' ? raw : ''
    const problem = typeof raw === 'string' ? headerProblem(name, text) : `header '${name}' must have a text value`
    if (problem) problems.push(problem)
    else setHeader(headers, name, text)
  }
  return headers
}
