/**
 * The mutable state of one connection, shared by the modules of its life
 * (Connection, Handshake, Receive, Decode) and owned by its fibers.
 *
 * @since 0.1.0
 */
import type { FrameQueue } from "@lichat/core"
import type { ConnectionHandle, User } from "../Model.ts"
import type { FrameSocket } from "../transport/FrameSocket.ts"

/** The mutable state of one connection, owned by its fibers. */
export interface ConnectionState {
  readonly handle: ConnectionHandle
  readonly socket: FrameSocket
  /** Epoch millis of the last update received. */
  lastReceived: number
  /** Whether a `ping` went out since the last update received. */
  pinged: boolean
  /** The user, once the handshake is done. */
  user: User | undefined
  /** Frames received but not handled yet. */
  readonly pending: FrameQueue
}
