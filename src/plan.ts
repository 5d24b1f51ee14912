import { dirname } from 'node:path'
import { headersFor, looksSecret, mergeHeaders, type HeaderRule, type Headers } from './headers.ts'
import type { GitHubToken, Shard } from './inputs.ts'
import type { ArchiveType, Checksums, ManifestEntry, Problem } from './manifest.ts'
import { foldName, placeUnder } from './platform.ts'

/** One file to fetch: where from, where to, what it must hash to, what to send. */
export interface Download {
  /** 0-based position in the manifest. */
  index: number
  where: string
  line: number
  /** The entry's URL without credentials: what requests go to and what reports show. */
  url: URL
  /** The destination relative to the directory, with `/` between names on every OS, as reports show it. */
  path: string
  /** Absolute destination. */
  destination: string
  checksums: Checksums
  /** Sent to the URL's own origin only. */
  headers: Headers
  /**
   * The headers for a URL of the entry's origin: `headers` for the entry's own URL, and for one a
   * redirect leads to, the input's headers scoped to URL prefixes are checked again.
   */
  headersAt: (url: URL) => Headers
  /** Unpack the verified archive into `destination`, a folder. */
  extract?: ArchiveType
}

export interface Plan {
  downloads: Download[]
  problems: Problem[]
}

/**
 * Resolves every destination under `directory` (absolute) and checks them against each other.
 * Destinations come from pull requests too, so none may leave the directory.
 */
export function planDownloads(entries: ManifestEntry[], directory: string, rules: HeaderRule[], github?: GitHubToken): Plan {
  const problems: Problem[] = []
  const downloads: Download[] = []
  // Without scoped rules every entry gets the same input headers: one object shared by all.
  const scoped = rules.some((rule) => rule.scope !== undefined)
  const everywhere = scoped ? {} : headersFor(new URL('http://_'), rules)
  const sameEverywhere = always(everywhere)
  // By folded name: destinations that differ only in case or Unicode form are one file on macOS and Windows.
  const taken = new Map<string, Taken>()
  entries.forEach((entry, index) => {
    const refuse = (problem: string): void => void problems.push({ message: `${entry.where}: ${problem}.`, line: entry.line })
    const placed = placeUnder(directory, entry.path, process.platform)
    if (placed.problem !== undefined) return refuse(placed.problem)
    const { destination, inside } = placed
    const twin = twinProblem(taken.get(foldName(inside)), inside)
    if (twin !== undefined) return refuse(twin)
    taken.set(foldName(inside), { entry, inside })
    const { url, credentials } = withoutCredentials(entry.url)
    const forGitHub = githubHeaders(url, github)
    const own = forGitHub !== undefined || credentials !== undefined || Object.keys(entry.headers).length > 0
    const at = own || scoped ? headersAtFor(scoped ? rules : everywhere, own ? { ...forGitHub, credentials, entry: entry.headers } : undefined) : sameEverywhere
    // Unless the input scopes headers to prefixes, or a URL of the origin may be a release asset,
    // an entry's headers are the same for every URL of its origin: worked out once.
    const headersAt = scoped || forGitHub !== undefined || at === sameEverywhere ? at : always(at(url))
    const headers = headersAt(url)
    const download: Download = { index, where: entry.where, line: entry.line, url, path: inside, destination, checksums: entry.checksums, headers, headersAt }
    if (entry.extract) download.extract = entry.extract
    downloads.push(download)
  })
  problems.push(...nestingProblems(downloads, taken))
  return { downloads, problems }
}

/** The headers an entry adds to the input's, each kind by its rank. */
interface OwnHeaders {
  /** The GitHub token's Authorization: below every other header. */
  token?: Headers
  /** The GitHub API's URL, where the token goes: a release asset under it is asked for its file. */
  api?: string
  /** From the URL's user:password. */
  credentials?: Headers
  /** The entry's own `headers`: above everything. */
  entry: Headers
}

/**
 * An entry's headers for a URL: the input's (`rules` when some are scoped to URL prefixes, else
 * the headers for every URL) merged with the entry's own by rank. Made outside the plan's loop,
 * so that each entry's closure holds these and nothing else of the manifest: a plan of 20 000
 * entries is held for the whole run.
 */
function headersAtFor(input: HeaderRule[] | Headers, own: OwnHeaders | undefined): (url: URL) => Headers {
  const inputAt = Array.isArray(input) ? (target: URL) => headersFor(target, input) : () => input
  if (own === undefined) return inputAt
  const { token = {}, api, credentials = {}, entry } = own
  // A release asset's Accept is above the input's, which can't know that a URL is one.
  const asset = (target: URL): Headers => (api !== undefined && isReleaseAsset(target, api) ? ASSET : {})
  return (target) => mergeHeaders(token, inputAt(target), asset(target), credentials, entry)
}

function always(headers: Headers): () => Headers {
  return () => headers
}

/** An entry whose destination is taken, and that destination relative to the directory. */
interface Taken {
  entry: ManifestEntry
  inside: string
}

function twinProblem(other: Taken | undefined, inside: string): string | undefined {
  if (other === undefined) return undefined
  const where = other.inside === inside ? '' : ' on macOS and Windows, whose file systems ignore case and Unicode forms'
  return `it has the same destination as ${other.entry.where} ('${other.entry.path}')${where}`
}

/** A destination that is a folder of another can't be both a file and a folder. */
function nestingProblems(downloads: Download[], taken: Map<string, Taken>): Problem[] {
  const problems: Problem[] = []
  for (const download of downloads) {
    for (let folder = dirname(download.path); folder !== '.'; folder = dirname(folder)) {
      const other = taken.get(foldName(folder))?.entry
      if (other) problems.push({ message: `${download.where}: it has a destination inside the file of ${other.where} ('${other.path}').`, line: download.line })
    }
  }
  return problems
}

/**
 * The GitHub token for an https URL on the GitHub server's hosts: private release assets and raw
 * files then download. Never over plain http, where every proxy on the way could read it. A
 * release asset's API URL answers with the asset itself only when asked for application/octet-stream.
 */
function githubHeaders(url: URL, github: GitHubToken | undefined): Pick<OwnHeaders, 'token' | 'api'> | undefined {
  if (github === undefined || url.protocol !== 'https:' || !github.hosts.includes(url.host)) return undefined
  return { token: { Authorization: `Bearer ${github.token}` }, api: github.api }
}

const ASSET: Headers = { Accept: 'application/octet-stream' }
/** A release asset's path under the API, by its repository's name or (after a rename, which redirects there) its id. */
const ASSET_PATH = /^\/(?:repos\/[^/]+\/[^/]+|repositories\/\d+)\/releases\/assets\/\d+$/

function isReleaseAsset(url: URL, api: string): boolean {
  const at = url.origin + url.pathname
  return at.startsWith(`${api}/`) && ASSET_PATH.test(at.slice(api.length))
}

/**
 * Credentials in a URL become a Basic Authorization header, so they are scoped like every other
 * header, and the URL loses them, so that no report shows them.
 */
function withoutCredentials(url: URL): { url: URL; credentials?: Headers } {
  if (url.username === '' && url.password === '') return { url }
  const bare = new URL(url)
  bare.username = ''
  bare.password = ''
  const credentials = `${decode(url.username)}:${decode(url.password)}`
  return { url: bare, credentials: { Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` } }
}

function decode(component: string): string {
  try {
    return decodeURIComponent(component)
  } catch {
    return component
  }
}

/**
 * One job's share of a matrix: entries dealt round-robin in manifest order, so TOTAL jobs
 * together take every entry exactly once and their shares differ by one entry at most.
 */
export function shardOf(downloads: Download[], { index, total }: Shard): Download[] {
  return downloads.filter((_, position) => position % total === index - 1)
}

/**
 * Every value to mask in the log: those of headers named as credentials (the token's and URL
 * credentials' Authorization among them), and the credential part of `Scheme credential` values.
 * Not every value: masking `Accept: application/octet-stream` or `X-Api-Version: 2` would star out
 * words all over the log, and the runner masks `secrets.*` values by itself.
 */
export function secretsOf(downloads: Download[], rules: HeaderRule[], github?: GitHubToken): Set<string> {
  // The token too, though no entry's headers for its own URL show it (the input's Authorization
  // outranks it there): a redirect to a URL outside the input's prefix sends it.
  const secrets = new Set<string>(github ? [github.token] : [])
  const add = (name: string, value: string): void => {
    if (!looksSecret(name)) return
    secrets.add(value)
    const [, scheme, credential] = /^(\S+)\s+(\S.*)$/.exec(value) ?? []
    if (credential) secrets.add(credential)
    // A URL's user:password, as a server or a tool might echo it.
    if (scheme?.toLowerCase() === 'basic' && credential) {
      const pair = Buffer.from(credential, 'base64').toString()
      secrets.add(pair)
      secrets.add(pair.slice(pair.indexOf(':') + 1))
    }
  }
  // The input's scoped rules too: a redirect may reach a prefix that the entry's own URL is not under.
  for (const rule of rules) add(rule.name, rule.value)
  for (const download of downloads) for (const [name, value] of Object.entries(download.headers)) add(name, value)
  secrets.delete('')
  return secrets
}
