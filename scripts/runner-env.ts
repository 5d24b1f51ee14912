// What a process on a Windows runner can't do without, for the scripts and tests that run the
// bundle with an environment of their own, as the runner would (it passes on its whole one).

const WINDOWS_ESSENTIALS = ['SystemRoot', 'SystemDrive', 'windir', 'ComSpec', 'PATHEXT', 'ProgramFiles', 'ProgramFiles(x86)', 'ProgramData', 'TEMP', 'TMP', 'USERPROFILE', 'LOCALAPPDATA', 'APPDATA']

/**
 * On Windows, the variables without which no socket opens (SystemRoot: Winsock loads its
 * providers from there) and Git's tar is not found (ProgramFiles, SystemDrive); nothing elsewhere.
 */
export function windowsEssentials(): Record<string, string> {
  if (process.platform !== 'win32') return {}
  // process.env reads names in any case on Windows.
  return Object.fromEntries(WINDOWS_ESSENTIALS.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])))
}
