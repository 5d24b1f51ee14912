// A certificate for 127.0.0.1 and localhost, made once per test process with openssl, and trusted
// by this process (tls.setDefaultCACertificates) and by the bundle (NODE_EXTRA_CA_CERTS), as a
// runner trusts a real one. Its names come from a configuration file, not from `-subj` and
// `-addext`: the LibreSSL of older macOS has no `-addext`, and every openssl reads the file alike
// (Linux's, macOS's LibreSSL, Git for Windows' on a Windows runner).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getCACertificates, setDefaultCACertificates } from 'node:tls'

export interface Certificate {
  key: Buffer
  cert: Buffer
  /** PEM file of the certificate, for NODE_EXTRA_CA_CERTS. */
  file: string
}

let made: Certificate | undefined

const CONFIG = [
  '[req]',
  'prompt = no',
  'distinguished_name = name',
  'x509_extensions = extensions',
  '[name]',
  'CN = localhost',
  '[extensions]',
  'subjectAltName = DNS:localhost,IP:127.0.0.1',
  '',
].join('\n')

export function testCertificate(): Certificate {
  if (made) return made
  const folder = mkdtempSync(join(tmpdir(), 'tls-'))
  const [key, file, config] = [join(folder, 'key.pem'), join(folder, 'cert.pem'), join(folder, 'req.cnf')]
  writeFileSync(config, CONFIG)
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', file, '-days', '1', '-config', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  made = { key: readFileSync(key), cert: readFileSync(file), file }
  setDefaultCACertificates([...getCACertificates('default'), made.cert.toString()])
  return made
}
