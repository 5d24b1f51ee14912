// The bench's `node floor`: a bare Node program that fetches a loopback set and checks it as the
// action does, and does nothing else, so that every run shows how much of the gap to curl is the
// runtime's own. No HTTP library: CONCURRENCY raw keep-alive sockets, each sending one GET at a
// time and reading nginx's answer by its Content-Length (the one shape nginx gives a static
// file); each body hashed with sha256 and compared with the manifest's, and written with
// synchronous calls, chunk by chunk as it comes. Not a client (no redirects, chunked bodies,
// errors, retries or safety): what one could at best approach.
// Usage: node scripts/node-floor.ts MANIFEST OUT CONCURRENCY (a manifest of `URL PATH sha256=HEX` lines).
import { createHash, type Hash } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'

interface Entry {
  url: URL
  path: string
  sha256: string
}

const [manifest = '', out = '', concurrency = '8'] = process.argv.slice(2)
const entries: Entry[] = readFileSync(manifest, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [url = '', path = '', pin = ''] = line.split(' ')
    return { url: new URL(url), path, sha256: pin.slice('sha256='.length) }
  })
mkdirSync(out, { recursive: true })
let next = 0
await Promise.all(Array.from({ length: Number(concurrency) }, lane))

/** One connection, fetching entries until none is left. */
async function lane(): Promise<void> {
  let socket: Socket | undefined
  while (next < entries.length) {
    const entry = entries[next++] as Entry
    socket ??= await opened(entry.url)
    const { keep } = await fetched(socket, entry)
    if (!keep) {
      socket.destroy()
      socket = undefined
    }
  }
  socket?.destroy()
}

async function opened(url: URL): Promise<Socket> {
  const socket = connect(Number(url.port), url.hostname)
  socket.setNoDelay(true)
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  return socket
}

/** Sends one GET on `socket` and writes its body to the entry's file; whether the socket stays open. */
function fetched(socket: Socket, entry: Entry): Promise<{ keep: boolean }> {
  return new Promise((resolve, reject) => {
    let head: Buffer | undefined = Buffer.alloc(0)
    let left = 0
    let keep = true
    let fd = -1
    let hash: Hash
    const body = (data: Buffer): void => {
      hash.update(data)
      writeSync(fd, data)
      left -= data.length
      if (left > 0) return
      closeSync(fd)
      socket.off('data', onData).off('error', reject)
      if (hash.digest('hex') !== entry.sha256) reject(new Error(`${entry.path}: wrong sha256`))
      else resolve({ keep })
    }
    const onData = (data: Buffer): void => {
      if (head === undefined) return body(data)
      head = Buffer.concat([head, data])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      const text = head.toString('latin1', 0, end)
      if (!text.startsWith('HTTP/1.1 200')) return reject(new Error(`${entry.path}: ${text.split('\r\n')[0]}`))
      left = Number(/\r\ncontent-length: *(\d+)/i.exec(text)?.[1])
      keep = !/\r\nconnection: *close/i.test(text)
      fd = openSync(join(out, entry.path), 'w')
      hash = createHash('sha256')
      const rest = head.subarray(end + 4)
      head = undefined
      body(rest)
    }
    socket.on('data', onData).on('error', reject)
    socket.write(`GET ${entry.url.pathname} HTTP/1.1\r\nHost: ${entry.url.host}\r\n\r\n`)
  })
}
