// An https server on 127.0.0.1 with a certificate made for the test, and the certificate's file
// for NODE_EXTRA_CA_CERTS, so that the action trusts it as a runner trusts a real one.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TlsServer {
  url: string
  /** PEM file of the certificate, for NODE_EXTRA_CA_CERTS. */
  certificate: string
  close(): Promise<void>
}

/** Serves `body` for every path. */
export async function startTlsServer(body: Buffer): Promise<TlsServer> {
  const folder = mkdtempSync(join(tmpdir(), 'tls-'))
  const [key, certificate] = [join(folder, 'key.pem'), join(folder, 'cert.pem')]
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certificate, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], {
    stdio: 'ignore',
  })
  const server = createServer({ key: readFileSync(key), cert: readFileSync(certificate) }, (_, response) => {
    response.writeHead(200, { 'content-length': body.length }).end(body)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {
    url: `https://localhost:${(server.address() as AddressInfo).port}`,
    certificate,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}
