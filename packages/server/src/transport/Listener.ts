/**
 * The listening sockets: one or more listeners (`--listen`), each on its
 * own address, plain or TLS, serving raw Lichat (`tcp`, `tls`), HTTP and
 * WebSocket (`ws`, `wss`), or both on one port told apart by the first
 * bytes (`auto`, `auto+tls`; Detect.ts). Every connection, whatever its
 * transport, is handed to the same handler as a `FrameSocket`; all
 * listeners share one HTTP side and one bound on open sockets.
 *
 * Each connection runs as a fiber in a set owned by the scope: closing it
 * interrupts every connection (each says goodbye in its own finalizer),
 * then closes the listeners and destroys any socket still open.
 *
 * @since 0.1.0
 */
import * as Net from "node:net"
import * as NodeTls from "node:tls"
import { Data, Effect, FiberSet, type Scope } from "effect"
import * as Detect from "./Detect.ts"
import type { FrameSocket } from "./FrameSocket.ts"
import * as HttpSide from "./HttpSide.ts"
import * as TcpFrames from "./TcpFrames.ts"
import * as Tls from "./Tls.ts"
import * as WebSocketFrames from "./WebSocketFrames.ts"

/** A listener could not start (port in use, bad address, bad certificate …). */
export class ListenError extends Data.TaggedError("ListenError")<{
  readonly hostname: string
  readonly port: number
  readonly message: string
}> {}

/** What a listener serves. */
export type Serves = "lichat" | "http" | "auto"

/** One listener: where, what, and whether over TLS. */
export interface ListenerSpec {
  /** As written in `--listen`: tcp, ws, auto, tls, wss or auto+tls. */
  readonly scheme: Scheme
  readonly hostname: string
  readonly port: number
}

/** The listener kinds, by their `--listen` scheme. */
export const SCHEMES = {
  tcp: { serves: "lichat", tls: false },
  ws: { serves: "http", tls: false },
  auto: { serves: "auto", tls: false },
  tls: { serves: "lichat", tls: true },
  wss: { serves: "http", tls: true },
  "auto+tls": { serves: "auto", tls: true }
} as const satisfies Record<string, { readonly serves: Serves; readonly tls: boolean }>

type Scheme = keyof typeof SCHEMES

const isScheme = (text: string): text is Scheme => Object.hasOwn(SCHEMES, text)

/**
 * Reads one `--listen` entry, `scheme://host:port` (IPv6 hosts in
 * brackets): the listener, or why not.
 */
export const parseListener = (text: string): ListenerSpec | string => {
  const match = /^([a-z+]+):\/\/(\[[^\]]+\]|[^:/\s]+):(\d{1,5})\/?$/.exec(text.trim())
  const scheme = match?.[1]
  if (match === null || scheme === undefined || !isScheme(scheme)) {
    return `"${text}" is not scheme://host:port with a scheme of ${Object.keys(SCHEMES).join(", ")}`
  }
  const port = Number(match[3])
  if (port > 65535) return `"${text}": the port must be at most 65535`
  const host = match[2] ?? ""
  return { scheme, hostname: host.startsWith("[") ? host.slice(1, -1) : host, port }
}

/** Where a listener is bound. */
export interface BoundAddress {
  readonly hostname: string
  readonly port: number
}

/** A listener as bound. */
export interface BoundListener extends BoundAddress {
  readonly scheme: Scheme
}

/** Options of the listeners. */
export interface ListenOptions {
  readonly listeners: ReadonlyArray<ListenerSpec>
  /** The certificate and key of the TLS listeners. */
  readonly tls?: Tls.TlsFiles | undefined
  /** The largest WebSocket message, in bytes; larger ones close the connection (1009). */
  readonly maxPayload: number
  /** The most bytes of a raw Lichat update not ended yet; more end the connection. */
  readonly maxUpdateBytes: number
  /** Handles plain HTTP requests; without it every request gets 404. */
  readonly onRequest?: HttpSide.RequestHandler | undefined
  /** The most sockets open at once over all listeners; more are closed as they arrive. */
  readonly maxSockets?: number | undefined
  /** How long a socket on an `auto` port may take to show its protocol. */
  readonly detectMillis: number
  /** Hears TLS reloads. */
  readonly said: (result: { readonly ok: boolean; readonly message: string }) => void
}

/**
 * Starts every listener; `handler` runs once per Lichat connection, in its
 * own fiber, and the connection is closed when it returns.
 */
export const listen = <R>(
  options: ListenOptions,
  handler: (socket: FrameSocket) => Effect.Effect<void, never, R>
): Effect.Effect<ReadonlyArray<BoundListener>, ListenError, Scope.Scope | R> =>
  Effect.gen(function*() {
    const open = new Set<Net.Socket>()
    const secure = yield* secureFiles(options)
    const servers: Array<Net.Server> = []
    const bound: Array<BoundListener> = []
    for (const spec of options.listeners) {
      const server = SCHEMES[spec.scheme].tls && secure !== undefined ? NodeTls.createServer(secure) : Net.createServer()
      yield* Effect.addFinalizer(() => Effect.callback<void>((resume) => void server.close(() => resume(Effect.void))))
      bound.push({ scheme: spec.scheme, ...(yield* bind(server, spec)) })
      servers.push(server)
    }
    // Runs before the listeners close (which waits for their sockets), after the connections ended.
    yield* Effect.addFinalizer(() => Effect.sync(() => open.forEach((socket) => socket.destroy())))
    if (options.tls !== undefined) {
      const tlsServers = servers.filter((server): server is NodeTls.Server => server instanceof NodeTls.Server)
      if (tlsServers.length > 0) yield* Tls.reloadOnChange(options.tls, tlsServers, options.said)
    }

    // Made after the listeners, so closed before them: connections end first.
    const connections = yield* FiberSet.make<void, never>()
    const fork = yield* FiberSet.runtime(connections)<R>()
    const http = yield* HttpSide.make(options, (ws, request) => fork(handler(WebSocketFrames.frameSocket(ws, request))))
    const lichat = (socket: Net.Socket, head: Buffer) => fork(handler(TcpFrames.frameSocket(socket, head, options.maxUpdateBytes)))
    const route = (serves: Serves, socket: Net.Socket) => {
      if (serves === "lichat") return lichat(socket, Buffer.alloc(0))
      if (serves === "http") return http.accept(socket)
      Detect.detect(socket, options.detectMillis, (detected) => {
        if (detected._tag === "Silent") return socket.destroy()
        if (detected._tag === "Lichat") {
          lichat(socket, detected.head)
          return socket.resume()
        }
        socket.unshift(detected.head)
        http.accept(socket)
        socket.resume()
      })
    }
    options.listeners.forEach((spec, i) => {
      const server = servers[i]
      if (server === undefined) return
      const serves = SCHEMES[spec.scheme].serves
      server.on(server instanceof NodeTls.Server ? "secureConnection" : "connection", (socket: Net.Socket) => {
        socket.on("error", destroyOnError)
        if (options.maxSockets !== undefined && open.size >= options.maxSockets) return socket.destroy()
        // Each write goes out at once (what `ws` does for its sockets too); writes of one turn are gathered already.
        socket.setNoDelay(true)
        open.add(socket)
        socket.once("close", () => open.delete(socket))
        route(serves, socket)
      })
      // A client that fails the TLS handshake is only dropped.
      if (server instanceof NodeTls.Server) server.on("tlsClientError", (_error, socket) => socket.destroy())
    })
    return bound
  })

/** The TLS files, read and checked, when a listener needs them. */
const secureFiles = (options: ListenOptions): Effect.Effect<Tls.SecureFiles | undefined, ListenError> => {
  const first = options.listeners.find((spec) => SCHEMES[spec.scheme].tls)
  if (first === undefined) return Effect.succeed(undefined)
  if (options.tls === undefined) {
    return Effect.fail(new ListenError({ ...first, message: `${first.scheme}:// needs --tls-cert and --tls-key` }))
  }
  return Effect.mapError(Tls.read(options.tls), (error) => new ListenError({ ...first, message: error.message }))
}

/** Binds a server to its address. */
const bind = (server: Net.Server, spec: ListenerSpec): Effect.Effect<BoundAddress, ListenError> =>
  Effect.callback<BoundAddress, ListenError>((resume) => {
    const onError = (error: Error) => resume(Effect.fail(new ListenError({ hostname: spec.hostname, port: spec.port, message: error.message })))
    server.once("error", onError)
    server.listen({ host: spec.hostname, port: spec.port }, () => {
      server.off("error", onError)
      const address = server.address() as Net.AddressInfo
      resume(Effect.succeed({ hostname: address.address, port: address.port }))
    })
  })

/**
 * A socket's error listener. A module-level function on purpose: a closure
 * here would share its scope with whatever else the accepting code keeps,
 * and keep it alive for as long as the socket.
 */
function destroyOnError(this: Net.Socket): void {
  this.destroy()
}
