/**
 * Raw Lichat over a TCP (or TLS) socket as a `FrameSocket` (spec §7): each
 * update ends with one NUL byte, and a read may hold part of an update or
 * several. Each read is cut after its last NUL: what comes before it is one
 * frame of whole updates, the rest waits for the next read. NUL never
 * occurs inside a UTF-8 sequence, so the cut is made on bytes. An update
 * that goes on past `maxBytes` without its NUL ends the socket with
 * `FrameTooLong`, so an endless one holds at most that much memory.
 * Closing says FIN (after the connection's `disconnect`, §4.3).
 *
 * @since 0.1.0
 */
import type * as Net from "node:net"
import { Effect } from "effect"
import * as Metrics from "../Metrics.ts"
import * as FrameInbox from "./FrameInbox.ts"
import {
  CloseCode,
  type FrameSocket,
  FrameTooLong,
  normalizeAddress,
  SocketClosed,
  writesCoalesced
} from "./FrameSocket.ts"

/** How long a closing socket may take to finish sending before it is destroyed. */
const closeGraceMillis = 2_000

/**
 * Adapts a socket whose peer speaks raw Lichat. `head` is what was read
 * from it already (to tell the protocol apart); `maxBytes` bounds an
 * unfinished update.
 */
export const frameSocket = (socket: Net.Socket, head: Buffer, maxBytes: number): FrameSocket => {
  const inbox = FrameInbox.make({ pause: () => socket.pause(), resume: () => socket.resume() })
  // The bytes of the update not yet ended, in the pieces they came in.
  let partial: Array<Buffer> = []
  let partialBytes = 0
  const take = (chunk: Buffer) => {
    if (inbox.ended()) return
    Metrics.bytesReceived(chunk.length)
    const cut = chunk.lastIndexOf(0)
    if (cut < 0) {
      partial.push(chunk)
      partialBytes += chunk.length
    } else {
      const whole = partialBytes === 0 ? chunk.subarray(0, cut + 1) : Buffer.concat([...partial, chunk.subarray(0, cut + 1)])
      partial = cut + 1 < chunk.length ? [chunk.subarray(cut + 1)] : []
      partialBytes = chunk.length - cut - 1
      inbox.push(whole.toString("utf8"))
    }
    if (partialBytes > maxBytes) {
      partial = []
      inbox.fail(new FrameTooLong({ bytes: partialBytes }))
      socket.pause()
    }
  }
  socket.on("data", take)
  socket.on("end", () => inbox.fail(new SocketClosed({ code: CloseCode.normal, reason: "end" })))
  socket.on("close", () => inbox.fail(new SocketClosed({ code: CloseCode.normal, reason: "closed" })))
  socket.on("error", (error) => inbox.fail(new SocketClosed({ code: CloseCode.policyViolation, reason: error.message })))
  if (head.length > 0) take(head)

  const coalesce = writesCoalesced(socket)
  return {
    remoteAddress: normalizeAddress(socket.remoteAddress),
    headers: {},
    read: inbox.read,
    listen: inbox.listen,
    pause: inbox.pause,
    resume: inbox.resume,
    write: (frame) => {
      if (!socket.writable) return
      coalesce()
      if (typeof frame === "string") {
        Metrics.bytesSent(Buffer.byteLength(frame))
        socket.write(frame)
      } else {
        const bytes = frame.bytes ??= Buffer.from(frame.text, "utf8")
        Metrics.bytesSent(bytes.length)
        socket.write(bytes)
      }
    },
    bufferedBytes: () => socket.writableLength,
    close: () =>
      Effect.callback<void>((resume) => {
        if (socket.destroyed) return resume(Effect.void)
        const timer = setTimeout(() => socket.destroy(), closeGraceMillis)
        socket.once("close", () => {
          clearTimeout(timer)
          resume(Effect.void)
        })
        socket.end()
      })
  }
}
