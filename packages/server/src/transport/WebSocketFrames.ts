/**
 * A WebSocket connection as a `FrameSocket`: each text message is a frame
 * of updates; binary messages end the connection. Frames going out are
 * encoded here and written to the socket as they are (a shared frame once
 * for all its recipients).
 *
 * @since 0.1.0
 */
import type * as Http from "node:http"
import type * as Net from "node:net"
import { Effect } from "effect"
import { WebSocket } from "ws"
import * as Metrics from "../Metrics.ts"
import * as FrameInbox from "./FrameInbox.ts"
import { CloseCode, type FrameSocket, normalizeAddress, SocketClosed, UnsupportedFrame, writesCoalesced } from "./FrameSocket.ts"

/** A complete, unmasked WebSocket text frame (RFC 6455 §5.2) for `text`. */
export const encodeTextFrame = (text: string): Uint8Array => {
  const length = Buffer.byteLength(text)
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10
  const frame = Buffer.allocUnsafe(headerLength + length)
  frame[0] = 0x81 // FIN, text
  if (length < 126) {
    frame[1] = length
  } else if (length < 65536) {
    frame[1] = 126
    frame.writeUInt16BE(length, 2)
  } else {
    frame[1] = 127
    frame.writeBigUInt64BE(BigInt(length), 2)
  }
  frame.write(text, headerLength, "utf8")
  return frame
}

/** The payload bytes of a frame made by `encodeTextFrame` (its length less its header). */
const payloadLength = (frame: Uint8Array): number => {
  const short = (frame[1] ?? 0) & 0x7f
  return frame.length - (short < 126 ? 2 : short === 126 ? 4 : 10)
}

/** Adapts a `ws` socket, upgraded from `request`, to a `FrameSocket`. */
export const frameSocket = (ws: WebSocket, request: Http.IncomingMessage): FrameSocket => {
  const inbox = FrameInbox.make({ pause: () => ws.pause(), resume: () => ws.resume() })
  ws.on("message", (data, isBinary) => {
    if (inbox.ended()) return
    if (isBinary) return inbox.fail(new UnsupportedFrame({ kind: "binary" }))
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)
    Metrics.bytesReceived(bytes.length)
    inbox.push(bytes.toString("utf8"))
  })
  ws.on("close", (code, reason) => inbox.fail(new SocketClosed({ code, reason: reason.toString() })))
  ws.on("error", (error) => inbox.fail(new SocketClosed({ code: CloseCode.policyViolation, reason: error.message })))

  const headers: Record<string, string | ReadonlyArray<string> | undefined> = request.headers
  // ws keeps the upgraded socket in a field its typings do not declare.
  const raw = (ws as unknown as { readonly _socket: Net.Socket })._socket
  const coalesce = writesCoalesced(raw)
  return {
    remoteAddress: normalizeAddress(request.socket.remoteAddress),
    headers,
    read: inbox.read,
    listen: inbox.listen,
    pause: inbox.pause,
    resume: inbox.resume,
    write: (frame) => {
      if (ws.readyState !== WebSocket.OPEN) return
      // Without compression, ws writes its own frames (pongs, close) straight
      // to the socket too, so the order of frames is kept.
      coalesce()
      const encoded = typeof frame === "string" ? encodeTextFrame(frame) : frame.webSocket ??= encodeTextFrame(frame.text)
      Metrics.bytesSent(payloadLength(encoded))
      raw.write(encoded)
    },
    bufferedBytes: () => ws.bufferedAmount,
    close: (code, reason) =>
      Effect.callback<void>((resume) => {
        if (ws.readyState === WebSocket.CLOSED) return resume(Effect.void)
        const timer = setTimeout(() => ws.terminate(), 2_000)
        ws.once("close", () => {
          clearTimeout(timer)
          resume(Effect.void)
        })
        if (ws.readyState !== WebSocket.CLOSING) ws.close(code, reason)
      })
  }
}
