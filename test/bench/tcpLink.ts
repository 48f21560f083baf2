/**
 * A raw Lichat link over TCP (the spec's own transport): each update goes
 * out followed by one NUL byte; what comes in is split after its last NUL
 * byte, the whole updates handed over as one buffer and the unfinished
 * rest kept (copied) for the next read. A NUL byte never occurs inside a
 * UTF-8 multi-byte sequence, so the split is safe on bytes.
 *
 * Reads go into one buffer shared by every TCP link (`onread`: no stream
 * machinery and no allocation per read), so the buffer handed over is only
 * valid during the call; every consumer in the driver counts or decodes at
 * once and keeps nothing.
 */
import * as Net from "node:net"
import { hostAndPort } from "./endpoint.ts"
import type { Link, LinkEvents } from "./link.ts"

const NUL = 0
/** Every link reads into this; a read never spans two calls, the process being single-threaded. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024)

/** The receiving half: whole updates to `received`, the rest kept for the next read. */
const splitter = (received: (updates: Buffer) => void) => {
  let rest: Buffer | undefined
  return (length: number, buffer: Buffer): boolean => {
    const chunk = buffer.subarray(0, length)
    const end = chunk.lastIndexOf(NUL) + 1
    if (end === 0) {
      rest = rest === undefined ? Buffer.from(chunk) : Buffer.concat([rest, chunk])
      return true
    }
    const whole = end === length ? chunk : chunk.subarray(0, end)
    const updates = rest === undefined ? whole : Buffer.concat([rest, whole])
    rest = end === length ? undefined : Buffer.from(chunk.subarray(end))
    received(updates)
    return true
  }
}

/** Opens a TCP connection to the host and port of `url`, from `localAddress` when given. */
export const openTcp = (url: string, localAddress: string | undefined, events: LinkEvents): Link => {
  const { host, port } = hostAndPort(url)
  const socket = Net.connect({
    host,
    port,
    noDelay: true,
    onread: { buffer: READ_BUFFER, callback: splitter(events.received) },
    ...(localAddress === undefined ? {} : { localAddress })
  })
  socket.once("connect", events.opened)
  socket.on("error", (error) => events.failed(error.message))
  socket.once("close", events.closed)
  return { send: (update) => void socket.write(`${update}\u0000`), close: () => socket.destroy() }
}
