/**
 * The HTTP side of a port: a Node HTTP server that never listens itself
 * (listeners hand it the sockets that speak HTTP) whose WebSocket upgrade
 * requests, on any path, become Lichat connections and whose plain
 * requests go to an optional request handler (the operational endpoints,
 * stored links), else 404.
 *
 * The `lichat` subprotocol is selected when a client offers it; a client
 * offering none is served too.
 *
 * @since 0.1.0
 */
import * as Http from "node:http"
import type * as Net from "node:net"
import { Effect, type Scope } from "effect"
import { type WebSocket, WebSocketServer } from "ws"

/** A plain HTTP request handler for the non-WebSocket side of a port. */
export type RequestHandler = (request: Http.IncomingMessage, response: Http.ServerResponse) => void

/** The HTTP side: hand it a socket that speaks HTTP. */
export interface HttpSide {
  readonly accept: (socket: Net.Socket) => void
}

/**
 * Makes the HTTP side in the current scope; `upgraded` gets each WebSocket
 * with the request it was upgraded from. `maxPayload` is the largest
 * WebSocket message in bytes (larger ones close the connection, 1009).
 */
export const make = (
  options: { readonly maxPayload: number; readonly onRequest?: RequestHandler | undefined },
  upgraded: (ws: WebSocket, request: Http.IncomingMessage) => void
): Effect.Effect<HttpSide, never, Scope.Scope> =>
  Effect.gen(function*() {
    const server = yield* Effect.acquireRelease(
      Effect.sync(() =>
        Http.createServer((request, response) => {
          if (options.onRequest !== undefined) return options.onRequest(request, response)
          response.writeHead(404, { "content-type": "text/plain" }).end("Not found\n")
        })
      ),
      (server) => Effect.sync(() => server.closeAllConnections())
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
    server.on("upgrade", (request: Http.IncomingMessage, socket: Net.Socket, head: Buffer) => {
      wss.handleUpgrade(request, socket, head, (ws) => upgraded(ws, request))
    })
    return { accept: (socket) => server.emit("connection", socket) }
  })
