/**
 * The key under which two destinations are one file on some runner. APFS (macOS) and NTFS
 * (Windows) ignore case, and APFS ignores Unicode normalisation, so `Data/A.bin` and `data/a.bin`,
 * or the NFC and NFD spellings of `café.bin`, are one file there; one manifest serves every OS
 * of a matrix, so they are one file everywhere. Upper then lower case also folds the letters
 * that lower case alone keeps apart (`ſ` and `s`).
 */
export function foldName(path: string): string {
  return path.normalize('NFC').toUpperCase().toLowerCase()
}
