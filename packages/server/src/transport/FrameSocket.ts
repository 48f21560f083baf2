/**
 * What a connection actor needs from its transport: text frames in, text
 * frames out, the peer's address, how much output is still queued, and a
 * way to close. WebSocket (WebSocketFrames.ts) and raw TCP or TLS
 * (TcpFrames.ts) provide it; the connection actor does not know which.
 *
 * @since 0.1.0
 */
import type * as Net from "node:net"
import { Data, type Effect } from "effect"
import * as PassEnd from "../PassEnd.ts"

/** The peer went away, or the transport failed. */
export class SocketClosed extends Data.TaggedError("SocketClosed")<{
  readonly code: number
  readonly reason: string
}> {}

/**
 * The peer sent more than the longest update allowed without ending it
 * (raw TCP, where no frame bounds an update): the connection says
 * `update-too-long` and closes.
 */
export class FrameTooLong extends Data.TaggedError("FrameTooLong")<{ readonly bytes: number }> {}

/** The peer sent a frame the Lichat transport does not accept (binary). */
export class UnsupportedFrame extends Data.TaggedError("UnsupportedFrame")<{
  readonly kind: string
}> {}

/**
 * A frame that goes to many peers (a channel's fan-out): its text, and the
 * encodings transports build on first use and reuse for every other peer,
 * so that the work per recipient is one socket write.
 */
export class SharedFrame {
  readonly text: string
  /** The complete WebSocket frame (header and UTF-8 payload), built once by the WebSocket transport. */
  webSocket: Uint8Array | undefined = undefined
  /** The UTF-8 bytes, built once by the raw TCP transport. */
  bytes: Uint8Array | undefined = undefined
  constructor(text: string) {
    this.text = text
  }
}

/** How a socket ends, as its reader sees it. */
export type SocketEnd = SocketClosed | UnsupportedFrame | FrameTooLong

/** A text frame to send: a string for one peer, a `SharedFrame` for many. */
export type OutFrame = string | SharedFrame

/** A bidirectional stream of text frames. */
export interface FrameSocket {
  /** The peer's IP address (IPv4 addresses in their IPv4-mapped IPv6 form are unwrapped). */
  readonly remoteAddress: string
  /** The request headers of the connection, lower-cased names (empty for raw TCP). */
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  /**
   * Waits for the next batch of text frames. Back-pressure: while nobody
   * reads, the transport stops reading from the peer.
   */
  readonly read: Effect.Effect<ReadonlyArray<string>, SocketEnd>
  /**
   * Switches to push mode for good: from now on each text frame is handed to
   * `receive` as it arrives (frames held for `read` first, in order), and
   * `end` is called once when the socket ends. `read` is not used after this.
   * Back-pressure is the receiver's: `pause` stops reading from the peer
   * until `resume`.
   */
  readonly listen: (receive: (frame: string) => void, end: (error: SocketEnd) => void) => void
  /** Stops reading from the peer (push mode). */
  readonly pause: () => void
  /** Reads from the peer again after `pause`. */
  readonly resume: () => void
  /** Queues a text frame for sending, after those queued before. Never waits. */
  readonly write: (frame: OutFrame) => void
  /** Bytes queued in the transport that the peer has not taken yet. */
  readonly bufferedBytes: () => number
  /** Closes the connection with a close code and reason; completes once closed (or given up). */
  readonly close: (code: number, reason: string) => Effect.Effect<void>
}

/** WebSocket close codes the server uses. */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  unsupportedData: 1003,
  policyViolation: 1008,
  tooBig: 1009,
  internalError: 1011,
  tryAgainLater: 1013
} as const

/** Unwraps IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4` → `1.2.3.4`). */
export const normalizeAddress = (address: string | undefined): string =>
  address === undefined ? "" : address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address

/**
 * Gathers what is written to `socket` in one pass of the event loop (every
 * socket read that pass handles, and what they lead to) into one write:
 * call it before each write. Fan-out and join storms then cost one system
 * call per socket per pass rather than one per update (for 1,000 users
 * logging in, writing was 37% of the server's time without it).
 */
export const writesCoalesced = (socket: Net.Socket): (() => void) => {
  let corked = false
  const uncork = () => {
    corked = false
    socket.uncork()
  }
  return () => {
    if (corked) return
    corked = true
    socket.cork()
    // Uncorked with every socket corked this pass, after the pass's writes are stored (PassEnd.ts).
    PassEnd.flush(uncork)
  }
}
