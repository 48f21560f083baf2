/**
 * A raw Lichat client for black-box tests, over TCP or TLS (spec §7):
 * updates written with their NUL, bytes read and cut at each NUL into
 * typed updates, with the same inbox as the WebSocket client. `write` sends
 * bytes exactly as given, to split or join updates across writes.
 */
import * as Net from "node:net"
import * as Tls from "node:tls"
import { printUpdate } from "@lichat/core"
import { Effect, type Scope } from "effect"
import { handshake, type LichatClient, receiving } from "./TestClient.ts"

/** A raw client, with its socket. */
export interface TcpClient extends LichatClient {
  /** Writes bytes or text as they are, in one write. */
  readonly write: (data: string | Uint8Array) => Effect.Effect<void>
  /** The peer's certificate, over TLS. */
  readonly certificate: () => Tls.PeerCertificate | undefined
  readonly socket: Net.Socket
}

/** How to reach the server: port on 127.0.0.1, over TLS (trusting `ca`) or not, from `from` (another loopback address). */
export interface TcpTarget {
  readonly port: number
  readonly tls?: { readonly ca: string } | undefined
  readonly from?: string | undefined
}

/** Connects; the socket is destroyed with the scope. */
export const open = (target: TcpTarget): Effect.Effect<TcpClient, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.callback<TcpClient, Error>((resume) => {
      const local = target.from === undefined ? {} : { localAddress: target.from }
      const socket = target.tls === undefined
        ? Net.connect({ host: "127.0.0.1", port: target.port, ...local })
        : Tls.connect({ host: "127.0.0.1", port: target.port, ca: target.tls.ca, servername: "localhost", ...local })
      const inbox = receiving()
      // Bytes of an update whose NUL has not come yet.
      let partial: Buffer = Buffer.alloc(0)
      socket.on("data", (chunk: Buffer) => {
        const bytes = partial.length === 0 ? chunk : Buffer.concat([partial, chunk])
        const cut = bytes.lastIndexOf(0)
        partial = bytes.subarray(cut + 1)
        if (cut >= 0) inbox.take(bytes.subarray(0, cut + 1).toString("utf8"))
      })
      socket.on("close", () => inbox.closedWith({ code: 0, reason: "closed" }))
      socket.on("error", () => {})
      const write = (data: string | Uint8Array) => Effect.sync(() => void socket.write(data))
      const client: TcpClient = {
        ...inbox.api,
        socket,
        write,
        // Raw text is one update: it gets its NUL unless it has one.
        send: (update) =>
          write(typeof update !== "string" ? printUpdate(update) + "\u0000" : update.endsWith("\u0000") ? update : update + "\u0000"),
        close: Effect.sync(() => void socket.end()),
        pause: () => void socket.pause(),
        certificate: () => (socket instanceof Tls.TLSSocket ? socket.getPeerCertificate() : undefined)
      }
      socket.once(target.tls === undefined ? "connect" : "secureConnect", () => resume(Effect.succeed(client)))
      socket.once("error", (error) => resume(Effect.fail(error)))
    }),
    (client) => Effect.sync(() => client.socket.destroy())
  )

/** Connects and completes the handshake as `name`. */
export const login = (
  target: TcpTarget,
  name?: string,
  options: { readonly password?: string } = {}
): Effect.Effect<TcpClient & { readonly name: string; readonly extensions: ReadonlyArray<string> }, Error, Scope.Scope> =>
  Effect.flatMap(open(target), (client) => handshake(client, name, options))
