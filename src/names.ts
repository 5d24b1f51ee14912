// The rules that make one manifest write the same files on Linux, macOS and Windows runners, as a
// matrix runs it: every rule applies on every OS, so that a manifest that works on one works on all.

/**
 * The key under which two destinations are one file on some runner. APFS (macOS) and NTFS
 * (Windows) ignore case, and APFS ignores Unicode normalisation, so `Data/A.bin` and `data/a.bin`,
 * or the NFC and NFD spellings of `café.bin`, are one file there. Case is folded a character at a
 * time, as those file systems do (`ſ` and `s` are one, `ß` and `ss` are not).
 */
export function foldName(path: string): string {
  // Most names are ASCII, where lower case is the whole story.
  if (/^[ -~]*$/.test(path)) return path.toLowerCase()
  // Decomposed before and after: `ẗ` has no one-letter upper case, but its `t` has.
  let folded = ''
  for (const char of path.normalize('NFD')) {
    const upper = single(char, char.toUpperCase())
    folded += single(upper, upper.toLowerCase())
  }
  return folded.normalize('NFD')
}

/** `mapped` when it is one character, as a file system's table would map it; else `char` as it is. */
function single(char: string, mapped: string): string {
  return [...mapped].length === 1 ? mapped : char
}

// Windows opens these as devices, with any extension, and spaces before it.
const DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³]) *(\..*)?$/i

/**
 * Why a destination (relative, with `/` between names) can't be the same file on every OS, or
 * undefined when it can.
 */
export function portabilityProblem(path: string): string | undefined {
  if (!path.isWellFormed()) return 'is not valid Unicode (it holds a lone surrogate)'
  for (const name of path.split('/')) {
    if (name === '' || name === '.' || name === '..') continue
    if (/[<>:"|?*]/.test(name)) return `has '${name}', with a character that Windows can't have in a name (< > : " | ? *)`
    if (/[. ]$/.test(name)) return `has '${name}', which ends in a dot or a space, which Windows drops`
    if (DEVICE.test(name)) return `has '${name}', which is a device on Windows`
  }
  return undefined
}
