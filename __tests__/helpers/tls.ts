// A certificate for 127.0.0.1 and localhost, made once per test process with openssl, and trusted
// by this process (tls.setDefaultCACertificates) and by the bundle (NODE_EXTRA_CA_CERTS), as a
// runner trusts a real one.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
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

export function testCertificate(): Certificate {
  if (made) return made
  const folder = mkdtempSync(join(tmpdir(), 'tls-'))
  const [key, file] = [join(folder, 'key.pem'), join(folder, 'cert.pem')]
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', file, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], {
    stdio: 'ignore',
  })
  made = { key: readFileSync(key), cert: readFileSync(file), file }
  setDefaultCACertificates([...getCACertificates('default'), made.cert.toString()])
  return made
}
