/**
 * The listening socket: one Node HTTP server on hostname:port whose
 * WebSocket upgrade requests (any path) become Lichat connections and whose
 * plain HTTP requests go to an optional request handler (the operational
 * endpoints), else 404.
 *
 * The `lichat` subprotocol is selected when a client offers it; a client
 * offering none is served too. Binary frames end the connection (1003).
 * Each connection runs as a fiber in a set owned by the listener's scope:
 * closing the scope interrupts every connection (each says goodbye in its
 * own finalizer), then closes the WebSocket and HTTP servers.
 *
 * @since 0.1.0
 */

import * as Http from "node:http"
import type * as Net from "node:net"
import { Data, Effect, FiberSet, Scope } from "effect"
import { WebSocket, WebSocketServer } from "ws"
import { CloseCode, type FrameSocket, SocketClosed, UnsupportedFrame } from "./FrameSocket.ts"

/** The listener could not start (port in use, bad address, …). */
export class ListenError extends Data.TaggedError("ListenError")<{
  readonly hostname: string
  readonly port: number
  readonly message: string
}> {}

/** A plain HTTP request handler for the non-WebSocket side of the port. */
export type RequestHandler = (request: Http.IncomingMessage, response: Http.ServerResponse) => void

/** Where the listener is bound. */
export interface BoundAddress {
  readonly hostname: string
  readonly port: number
}

/** Options of the listener. */
export interface ListenOptions {
  readonly hostname: string
  readonly port: number
  /** The largest WebSocket message accepted, in bytes; larger ones close the connection (1009). */
  readonly maxPayload: number
  /** Handles plain HTTP requests; without it every request gets 404. */
  readonly onRequest?: RequestHandler | undefined
  /** The most sockets (WebSocket and HTTP) open at once; more are closed as they arrive. */
  readonly maxSockets?: number | undefined
}

/** The frames held for `read` (before `listen`) before the socket stops reading from the peer. */
const readHighWater = 64

/**
 * Starts listening; `handler` runs once per WebSocket connection, in its
 * own fiber, and the connection is closed when it returns.
 */
export const listen = <R>(
  options: ListenOptions,
  handler: (socket: FrameSocket) => Effect.Effect<void, never, R>
): Effect.Effect<BoundAddress, ListenError, Scope.Scope | R> =>
  Effect.gen(function*() {
    const server = yield* Effect.acquireRelease(
      Effect.sync(() =>
        Http.createServer((request, response) => {
          if (options.onRequest !== undefined) return options.onRequest(request, response)
          response.writeHead(404, { "content-type": "text/plain" }).end("Not found\n")
        })
      ),
      (server) =>
        Effect.callback<void>((resume) => {
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        })
    )
    const wss = yield* Effect.acquireRelease(
      Effect.sync(() =>
        new WebSocketServer({
          noServer: true,
          maxPayload: options.maxPayload,
          perMessageDeflate: false,
          clientTracking: false,
          handleProtocols: (protocols) => protocols.has("lichat") ? "lichat" : false
        })
      ),
      (wss) => Effect.callback<void>((resume) => wss.close(() => resume(Effect.void)))
    )

    if (options.maxSockets !== undefined) server.maxConnections = options.maxSockets
    yield* Effect.callback<void, ListenError>((resume) => {
      const onError = (error: Error) =>
        resume(Effect.fail(new ListenError({ hostname: options.hostname, port: options.port, message: error.message })))
      server.once("error", onError)
      server.listen({ host: options.hostname, port: options.port }, () => {
        server.off("error", onError)
        resume(Effect.void)
      })
    })

    const connections = yield* FiberSet.make<void, never>()
    const fork = yield* FiberSet.runtime(connections)<R>()
    server.on("upgrade", (request: Http.IncomingMessage, socket: Net.Socket, head: Buffer) => {
      socket.on("error", destroyOnError)
      wss.handleUpgrade(request, socket, head, (ws) => {
        fork(handler(frameSocket(ws, request)))
      })
    })

    const address = server.address() as Net.AddressInfo
    return { hostname: address.address, port: address.port }
  })

/**
 * The upgraded socket's error listener. A module-level function on purpose:
 * a closure written inside the upgrade handler would share its scope with
 * the closure that reads `request`, and so keep every connection's upgrade
 * request (its headers and their strings) alive for as long as the socket.
 */
function destroyOnError(this: Net.Socket): void {
  this.destroy()
}

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

/** Unwraps IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4` → `1.2.3.4`). */
const normalizeAddress = (address: string | undefined): string =>
  address === undefined ? "" : address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address

/** Adapts a `ws` socket to a `FrameSocket`. */
const frameSocket = (ws: WebSocket, request: Http.IncomingMessage): FrameSocket => {
  let buffer: Array<string> = []
  let failure: SocketClosed | UnsupportedFrame | undefined
  let waiter: ((effect: Effect.Effect<ReadonlyArray<string>, SocketClosed | UnsupportedFrame>) => void) | undefined
  let paused = false
  const pauseReading = () => {
    if (paused || failure !== undefined) return
    paused = true
    ws.pause()
  }
  const resumeReading = () => {
    if (!paused || failure !== undefined) return
    paused = false
    ws.resume()
  }

  const wake = () => {
    if (waiter === undefined) return
    const reader = waiter
    if (buffer.length > 0) {
      waiter = undefined
      reader(Effect.succeed(take()))
    } else if (failure !== undefined) {
      waiter = undefined
      reader(Effect.fail(failure))
    }
  }
  const take = (): ReadonlyArray<string> => {
    const frames = buffer
    buffer = []
    resumeReading()
    return frames
  }
  // Push mode (after `listen`): frames go straight to the receiver.
  let receive: ((frame: string) => void) | undefined
  let end: ((error: SocketClosed | UnsupportedFrame) => void) | undefined
  const fail = (error: SocketClosed | UnsupportedFrame) => {
    if (failure !== undefined) return
    failure = error
    if (end !== undefined) end(error)
    else wake()
  }

  ws.on("message", (data, isBinary) => {
    if (failure !== undefined) return
    if (isBinary) {
      fail(new UnsupportedFrame({ kind: "binary" }))
      return
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString("utf8") : data.toString()
    if (receive !== undefined) return receive(text)
    buffer.push(text)
    if (buffer.length >= readHighWater) pauseReading()
    wake()
  })
  ws.on("close", (code, reason) => fail(new SocketClosed({ code, reason: reason.toString() })))
  ws.on("error", (error) => fail(new SocketClosed({ code: CloseCode.policyViolation, reason: error.message })))

  const headers: Record<string, string | ReadonlyArray<string> | undefined> = request.headers
  // ws keeps the upgraded socket in a field its typings do not declare.
  const raw = (ws as unknown as { readonly _socket: Net.Socket })._socket
  return {
    remoteAddress: normalizeAddress(request.socket.remoteAddress),
    headers,
    // No cleanup on interruption: a reader is interrupted only when its
    // connection closes, and resuming the ended fiber later does nothing.
    // Registering none keeps each wait to the fewest objects, which matters
    // with thousands of waiting readers.
    read: Effect.callback((resume) => {
      if (buffer.length > 0) return resume(Effect.succeed(take()))
      if (failure !== undefined) return resume(Effect.fail(failure))
      waiter = resume
    }),
    listen: (onFrame, onEnd) => {
      const held = buffer
      buffer = []
      receive = onFrame
      end = onEnd
      // Pull mode's pause is over; the receiver pauses on its own from here (socket data comes in a later turn).
      resumeReading()
      for (const frame of held) onFrame(frame)
      if (failure !== undefined) onEnd(failure)
    },
    pause: pauseReading,
    resume: resumeReading,
    write: (frame) => {
      if (ws.readyState !== WebSocket.OPEN) return
      // Frames are encoded here and written to the socket as they are (a
      // shared frame once for all its recipients). Without compression, ws
      // writes its own frames (pongs, close) straight to the socket too, so
      // the order of frames is kept.
      raw.write(typeof frame === "string" ? encodeTextFrame(frame) : frame.webSocket ??= encodeTextFrame(frame.text))
    },
    bufferedBytes: () => ws.bufferedAmount,
    close: (code, reason) =>
      Effect.callback<void>((resume) => {
        if (ws.readyState === WebSocket.CLOSED) return resume(Effect.void)
        const timer = setTimeout(() => {
          ws.terminate()
        }, 2_000)
        ws.once("close", () => {
          clearTimeout(timer)
          resume(Effect.void)
        })
        if (ws.readyState !== WebSocket.CLOSING) ws.close(code, reason)
      })
  }
}
