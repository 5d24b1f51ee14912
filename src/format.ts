// Sizes, durations and text as people read them in the log and the job summary (pure).

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  // A rate is rarely a whole number of bytes.
  return unit === 0 ? `${Math.round(bytes)} B` : `${value.toFixed(1)} ${units[unit]}`
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** Items mapped one at a time, as often as asked, with their count: a list of 20 000 is never made whole. */
export interface Lazy<T> {
  count: number
  each(): Iterable<T>
}

export function lazily<T, U>(items: T[], map: (item: T) => U): Lazy<U> {
  return {
    count: items.length,
    *each() {
      for (const item of items) yield map(item)
    },
  }
}

/** Text cut to `chars` characters, with `…` where it was cut: names and paths from archives can be as long as they like. */
export function shortened(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars)}…` : text
}

/**
 * Text for a log line: a control character shown as its escape, never as itself. Errors quote
 * what servers, tools and archives said, and a line break there could start a workflow command.
 */
export function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, (char) => JSON.stringify(char).slice(1, -1))
}

/**
 * Summary cells are HTML, and paths, URLs and errors come from the manifest and from servers. A
 * line break is escaped too: a blank line would end the HTML block, and Markdown written after
 * it would be rendered (headings, links, images).
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'\r\n]/g, (char) => `&#${char.charCodeAt(0)};`)
}

/** An error's message, to be put inside a sentence: without the period it may end with. */
export function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.+$/, '')
}

/** What a file-system error means, as a sentence says it; the system's message, with its paths, only for codes without words. */
const DISK_PROBLEMS: Record<string, string> = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EISDIR: 'a folder is in the way',
  ENOTDIR: 'a file is in the way of a folder',
  EEXIST: 'something else is in the way',
  ENOENT: 'a folder on the way is missing',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'a symlink on the way loops',
  EMFILE: 'too many files are open',
  EBUSY: 'the file is in use',
  EFBIG: 'the file is larger than this runner allows',
}

export function diskProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  return (code && DISK_PROBLEMS[code]) ?? reason(error)
}

/**
 * A URL, or what was meant as one, to be quoted in a problem: whatever stands between `//` and an
 * `@` may be a password (one with an unencoded `#` or `/` is why a URL did not parse), and is hidden.
 */
export function withoutUserinfo(text: string): string {
  return text.replace(/^((?:[^:/?#\s]*:)?\/\/).*@/s, '$1***@')
}
