// A relay on 127.0.0.1 that stands for a distant link: it forwards each TCP connection to a
// target, holding every piece back for half the round trip each way and handing it on in
// segments of at most `segment` bytes. TLS passes through it untouched.
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

export interface Relay {
  /** The target's URL with the relay's port. */
  url: string
  close(): Promise<void>
}

export async function startRelay(target: string, { rttMs = 20, segment = 1448 } = {}): Promise<Relay> {
  const to = new URL(target)
  const sockets = new Set<Socket>()
  const track = (socket: Socket): void => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  }
  // Half-open allowed: an end is passed on after the data before it, never ahead of it. No
  // Nagle: a relay that held small writes back for the peer's delayed ACK (40 ms) would add a
  // delay of its own to every response past one segment, which no real link of 20 ms has.
  const server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    const upstream = connect({ port: Number(to.port), host: to.hostname, allowHalfOpen: true, noDelay: true })
    track(client)
    track(upstream)
    forward(client, upstream, rttMs / 2, segment)
    forward(upstream, client, rttMs / 2, segment)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const url = new URL(target)
  url.port = String((server.address() as AddressInfo).port)
  return {
    url: url.href.replace(/\/$/, ''),
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}

/**
 * Same delay for every piece, so they arrive in order; an end follows the data, a reset cuts it
 * and is passed on as a reset.
 * A receiver that reads slowly slows the sender down, as TCP's window would.
 */
function forward(from: Socket, to: Socket, delayMs: number, segment: number): void {
  let ended = false
  let reset = false
  from.on('data', (data: Buffer) => {
    setTimeout(() => {
      let room = true
      for (let offset = 0; offset < data.length; offset += segment) {
        if (!to.destroyed) room = to.write(data.subarray(offset, offset + segment))
      }
      if (!room && !from.isPaused()) {
        from.pause()
        to.once('drain', () => from.resume())
      }
    }, delayMs)
  })
  from.on('end', () => {
    ended = true
    setTimeout(() => to.end(), delayMs)
  })
  from.on('error', () => (reset = true))
  from.on('close', () => {
    if (!ended) setTimeout(() => (reset ? to.resetAndDestroy() : to.destroy()), delayMs)
  })
}
