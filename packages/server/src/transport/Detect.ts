/**
 * Telling the protocol of a new socket from its first bytes, as ex-lichat
 * does on its one port: raw Lichat starts with `(` (after optional
 * whitespace); anything else is taken for HTTP (a WebSocket upgrade, or a
 * plain request for /healthz, /metrics or a link). A socket that says
 * nothing decisive within the detection timeout is closed.
 *
 * @since 0.1.0
 */
import type * as Net from "node:net"

/** What a socket turned out to speak, with the bytes read to tell. */
export type Detected =
  | { readonly _tag: "Lichat"; readonly head: Buffer }
  | { readonly _tag: "Http"; readonly head: Buffer }
  | { readonly _tag: "Silent" }

/** The most bytes read while only whitespace has come: more, and it is not Lichat. */
const maxWhitespace = 1024

/** What the bytes read so far say, or `undefined` while only whitespace has come. */
const decide = (head: Buffer): "Lichat" | "Http" | undefined => {
  for (const byte of head) {
    if (byte === 0x28) return "Lichat" // (
    // Space, tab, CR, LF: the spec allows whitespace before an update.
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0a) return "Http"
  }
  return head.length > maxWhitespace ? "Http" : undefined
}

/**
 * Reads from `socket` until its protocol is known, calling `done` once.
 * The socket is left paused, with nothing read from it but `head`.
 */
export const detect = (socket: Net.Socket, timeoutMillis: number, done: (detected: Detected) => void): void => {
  let head: Buffer = Buffer.alloc(0)
  let finished = false
  const finish = (detected: Detected) => {
    if (finished) return
    finished = true
    clearTimeout(timer)
    socket.off("data", onData)
    socket.off("end", onEnd)
    socket.pause()
    done(detected)
  }
  const onData = (chunk: Buffer) => {
    head = head.length === 0 ? chunk : Buffer.concat([head, chunk])
    const decided = decide(head)
    if (decided !== undefined) finish({ _tag: decided, head })
  }
  const onEnd = () => finish({ _tag: "Silent" })
  const timer = setTimeout(onEnd, timeoutMillis)
  socket.on("data", onData)
  socket.once("end", onEnd)
}
