/**
 * A lean Lichat client for the load driver: raw `ws`, hand-written update
 * text, frames handed over as buffers so that callers count bytes instead
 * of parsing. The handshake is done when the connect reply, the join of the
 * primary channel and the welcome message have arrived.
 */
import WebSocket from "ws"
import { toBuffer, updatesOf } from "./frames.ts"
import * as Update from "./updates.ts"

/** A connected, handshaken client. */
export interface BenchClient {
  readonly name: string
  /** Sends one update (one frame). */
  send(update: string): void
  /** Called for every frame received after the handshake. */
  onFrame: (frame: Buffer) => void
  /** Drops the connection at once. */
  close(): void
}

const HANDSHAKE_TIMEOUT_MS = 30_000

/**
 * Opens a connection and completes the handshake. Rejects with the
 * server's reply type (`username-taken`, `too-many-connections`, …) when the
 * first update back is not `connect`, or with the socket error.
 */
export const connect = (url: string, name: string, password?: string): Promise<BenchClient> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url, "lichat", { perMessageDeflate: false, skipUTF8Validation: true })
    let seen = 0
    const fail = (reason: string) => {
      clearTimeout(timer)
      socket.terminate()
      reject(new Error(reason))
    }
    const timer = setTimeout(() => fail(`no handshake within ${HANDSHAKE_TIMEOUT_MS} ms`), HANDSHAKE_TIMEOUT_MS)
    const client: BenchClient = {
      name,
      send: (update) => socket.send(update),
      onFrame: () => {},
      close: () => socket.terminate()
    }
    socket.on("message", (data) => {
      const frame = toBuffer(data)
      if (seen >= 3) return client.onFrame(frame)
      for (const update of updatesOf(frame)) {
        if (seen === 0 && !update.startsWith("(connect ")) return fail(`refused: ${update.slice(0, 120)}`)
        seen++
      }
      if (seen >= 3) {
        clearTimeout(timer)
        resolve(client)
      }
    })
    socket.once("open", () => socket.send(Update.connect(name, password)))
    socket.once("error", (error) => fail(error.message))
    socket.once("close", () => {
      if (seen < 3) fail("closed during the handshake")
    })
  })
