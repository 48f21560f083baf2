/**
 * The receiving side of an established connection: each update in turn is
 * read and decoded, passed through the flood window (spec §4.2: more than
 * `floodLimit` updates within `floodFrame` → one `too-many-updates`, then
 * the excess is dropped until the window passes), and dispatched.
 *
 * @since 0.1.0
 */
import { ConnectionUnstable, Ping, toUniversalTime, TooManyUpdates } from "@lichat/core"
import { Clock, Duration, Effect, LogLevel, References, Result } from "effect"
import type { ConnectionState } from "./Connection.ts"
import * as Dispatch from "./Dispatch.ts"
import { handlers } from "./handlers/index.ts"
import * as Inbound from "./Inbound.ts"
import * as Metrics from "./Metrics.ts"
import type { ProfileStore } from "./ProfileStore.ts"
import { Registry } from "./Registry.ts"
import type { ServerConfig } from "./ServerConfig.ts"
import type { HandlerServices, Session } from "./Session.ts"
import { fail, send, serverStamp } from "./Session.ts"
import type { SocketClosed, UnsupportedFrame } from "./transport/FrameSocket.ts"

/** The flood window of one connection. */
export interface FloodWindow {
  /** Epoch millis the current window started. */
  start: number
  /** Updates received in the current window. */
  count: number
  /** Whether `too-many-updates` was sent in the current window. */
  warned: boolean
}

/**
 * Counts an update received at `now` and tells whether it may pass. The
 * window opens with the first update after the previous one closed.
 */
export const admit = (window: FloodWindow, now: number, frameMillis: number, limit: number): boolean => {
  if (now - window.start >= frameMillis) {
    window.start = now
    window.count = 0
    window.warned = false
  }
  window.count++
  return window.count <= limit
}

/**
 * Receives and handles updates until the socket closes. The loop suspends
 * only to read a batch of frames and to run each update's handler: the time,
 * the flood window, reading and the checks are plain code.
 */
export const loop = (
  state: ConnectionState,
  config: ServerConfig["Service"]
): Effect.Effect<never, SocketClosed | UnsupportedFrame, HandlerServices | ProfileStore> =>
  Effect.gen(function*() {
    const window: FloodWindow = { start: Number.NEGATIVE_INFINITY, count: 0, warned: false }
    const frameMillis = Duration.toMillis(config.floodFrame)
    const clock = yield* Clock.Clock
    const session: Session = { connection: state.handle, user: state.user!, registry: yield* Registry, config }
    // Read once: the per-update trace line is built only when it is printed.
    const tracing = LogLevel.isGreaterThanOrEqualTo("Trace", yield* References.MinimumLogLevel)
    while (true) {
      if (state.pending.length === 0) Inbound.enqueue(state, yield* state.socket.read)
      const text = state.pending.shift()
      if (text === undefined) continue
      const now = clock.currentTimeMillisUnsafe()
      state.lastReceived = now
      state.pinged = false
      if (!admit(window, now, frameMillis, config.floodLimit)) {
        // Over the limit: drop without reading, except to name the first
        // dropped update in the one `too-many-updates` of this window.
        if (!window.warned) {
          window.warned = true
          const dropped = yield* Inbound.parse(state, text, config.maxUpdateSize)
          if (dropped !== undefined) {
            yield* fail(state.handle, TooManyUpdates, dropped, "Too many updates; the excess is dropped for a while.")
          }
        }
        continue
      }
      const decoded = Inbound.decode(text, config.maxUpdateSize)
      if (Result.isFailure(decoded)) {
        yield* Inbound.answer(state, decoded.failure)
        continue
      }
      const update = decoded.success
      Metrics.received(update._tag, text.length)
      if (tracing) yield* Effect.logTrace(`${update._tag} from ${session.user.name} (connection ${state.handle.id})`)
      yield* Dispatch.dispatch(handlers, session, update, toUniversalTime(now))
    }
  })

/** Sends the maintenance `ping`. */
export const ping = (state: ConnectionState): Effect.Effect<void, never, Registry> =>
  Effect.map(serverStamp, (stamp) => send(state.handle, new Ping(stamp)))

/** Sends `connection-unstable` before an idle connection is dropped. */
export const unstable = (state: ConnectionState): Effect.Effect<void, never, Registry> =>
  Effect.map(serverStamp, (stamp) =>
    send(state.handle, new ConnectionUnstable({ ...stamp, text: "No update received for too long." })))
