// A small forward proxy on 127.0.0.1, as a corporate one: absolute-form GETs are forwarded,
// CONNECT is tunnelled. It records what went through it.
import { createServer, request } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'

export interface TestProxy {
  url: string
  /** 'GET <absolute URL>' or 'CONNECT <host:port>', in arrival order. */
  seen: string[]
  close(): Promise<void>
}

export async function startProxy(): Promise<TestProxy> {
  const seen: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((incoming, outgoing) => {
    seen.push(`GET ${incoming.url}`)
    const target = new URL(incoming.url ?? '')
    const forward = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(outgoing)
    })
    forward.on('error', () => outgoing.writeHead(502).end())
    forward.end()
  })
  server.on('connect', (incoming, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${incoming.url}`)
    const [host = '', port = ''] = (incoming.url ?? '').split(':')
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client).pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}
