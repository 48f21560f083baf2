/**
 * A lean Lichat client for the load driver, over WebSocket (wsLink.ts) or
 * raw TCP (tcpLink.ts): hand-written update text, received bytes handed
 * over as buffers of whole updates so that callers count bytes instead of
 * parsing. The handshake is done when the connect reply, the join of the
 * primary channel and the welcome message have arrived.
 */
import type { Endpoint } from "./endpoint.ts"
import { updatesOf } from "./frames.ts"
import type { Link, LinkEvents } from "./link.ts"
import { openTcp } from "./tcpLink.ts"
import * as Update from "./updates.ts"
import { openWs } from "./wsLink.ts"

/** A connected, handshaken client. */
export interface BenchClient {
  readonly name: string
  /** Sends one update (one frame over WebSocket). */
  send(update: string): void
  /**
   * Called for every buffer of whole updates received after the handshake
   * (a frame over WebSocket); over TCP the buffer is reused after the call.
   */
  onFrame: (frame: Buffer) => void
  /** Drops the connection at once. */
  close(): void
}

export interface ClientOptions {
  /** The password of a registered user. */
  readonly password?: string | undefined
  /** The local address to connect from. */
  readonly localAddress?: string | undefined
}

const HANDSHAKE_TIMEOUT_MS = 30_000

/** Opens the link of the endpoint's transport. */
const open = (endpoint: Endpoint, localAddress: string | undefined, events: LinkEvents): Link =>
  (endpoint.transport === "tcp" ? openTcp : openWs)(endpoint.url, localAddress, events)

/**
 * Opens a connection and completes the handshake. Rejects with the
 * server's reply type (`username-taken`, `too-many-connections`, …) when the
 * first update back is not `connect`, or with the socket error.
 */
export const connect = (endpoint: Endpoint, name: string, options: ClientOptions = {}): Promise<BenchClient> =>
  new Promise((resolve, reject) => {
    let seen = 0
    // The link's events come later than this function's end, so link, timer and client are set by then.
    const fail = (reason: string) => {
      clearTimeout(timer)
      link.close()
      reject(new Error(reason))
    }
    const link = open(endpoint, options.localAddress, {
      opened: () => link.send(Update.connect(name, options.password)),
      received: (frame) => {
        if (seen >= 3) return client.onFrame(frame)
        for (const update of updatesOf(frame)) {
          if (seen === 0 && !update.startsWith("(connect ")) return fail(`refused: ${update.slice(0, 120)}`)
          seen++
        }
        if (seen >= 3) {
          clearTimeout(timer)
          resolve(client)
        }
      },
      failed: fail,
      closed: () => {
        if (seen < 3) fail("closed during the handshake")
      }
    })
    const timer = setTimeout(() => fail(`no handshake within ${HANDSHAKE_TIMEOUT_MS} ms`), HANDSHAKE_TIMEOUT_MS)
    const client: BenchClient = { name, send: link.send, onFrame: () => {}, close: link.close }
  })
