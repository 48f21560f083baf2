/**
 * The receiving side of an established connection: each update in turn is
 * read and decoded, passed through the flood window (spec §4.2: more than
 * `floodLimit` updates within `floodFrame` → one `too-many-updates`, then
 * the excess is dropped until the window passes), and dispatched.
 *
 * @since 0.1.0
 */
import { ConnectionUnstable, FRAME_OVERFLOW, Ping, TooManyUpdates, toUniversalTime } from "@lichat/core"
import { Cause, Clock, Duration, Effect, LogLevel, References, Result, type Scope } from "effect"
import * as Drain from "../actors/Drain.ts"
import { Registry } from "../actors/Registry.ts"
import type { ServerConfig } from "../config/ServerConfig.ts"
import { handlers } from "../handlers/index.ts"
import * as Metrics from "../Metrics.ts"
import type { CloseReason, User } from "../Model.ts"
import type { ProfileStore } from "../storage/ProfileStore.ts"
import type { SocketEnd } from "../transport/FrameSocket.ts"
import type { ConnectionState } from "./ConnectionState.ts"
import * as Decode from "./Decode.ts"
import * as Dispatch from "./Dispatch.ts"
import type { HandlerServices, Session } from "./Session.ts"
import { fail, send, serverStamp } from "./Session.ts"

/** The flood window of one connection. */
interface FloodWindow {
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
const admit = (window: FloodWindow, now: number, frameMillis: number, limit: number): boolean => {
  if (now - window.start >= frameMillis) {
    window.start = now
    window.count = 0
    window.warned = false
  }
  window.count++
  return window.count <= limit
}

/** Frames a connection holds before it stops reading from its peer (or `maxUpdateSize` characters). */
const pendingHighWater = 64

/** Updates a drain handles (or drops) in one go before it lets other connections run. */
const updatesPerSlice = 32

/**
 * Frames held past which a peer is taken to ignore the pause (the transport
 * stops reading at the high-water mark; a few more frames may still be
 * parsed from what it had read): the connection is closed.
 */
const pendingHardLimit = 65_536

/** How the socket ended, as the connection's close reason. */
const endReason = (error: SocketEnd): CloseReason =>
  error._tag === "UnsupportedFrame" ? "protocol-error" : error._tag === "FrameTooLong" ? "update-too-long" : "socket-closed"

/**
 * Receives and handles updates until the socket ends, in push mode: the
 * socket hands over each frame as it arrives, and a short-lived fiber
 * (Drain.ts) handles the updates waiting, one at a time and in order (so
 * replies keep the order of requests), and ends when none is left; the next
 * frame starts the next one. Between updates nothing of the connection
 * waits.
 *
 * Updates already received when the socket ends are still handled, then
 * the connection is closed. Time, the flood window, reading and the checks
 * are plain code; a drain suspends only in handlers and every
 * `updatesPerSlice` updates, to let other connections run. Closing the
 * scope interrupts a drain under way.
 */
export const start = (
  state: ConnectionState,
  user: User,
  config: ServerConfig["Service"],
  close: (reason: CloseReason) => void
): Effect.Effect<void, never, HandlerServices | ProfileStore | Scope.Scope> =>
  Effect.gen(function*() {
    const window: FloodWindow = { start: Number.NEGATIVE_INFINITY, count: 0, warned: false }
    const frameMillis = Duration.toMillis(config.floodFrame)
    const dialect = { primary: config.name }
    const clock = yield* Clock.Clock
    const session: Session = { connection: state.handle, user, registry: yield* Registry, config }
    // Read once: the per-update trace line is built only when it is printed.
    const tracing = LogLevel.isGreaterThanOrEqualTo("Trace", yield* References.MinimumLogLevel)
    const { pending, socket } = state
    let paused = false
    let ended: CloseReason | undefined

    const handle = (text: string): Effect.Effect<void, never, HandlerServices | ProfileStore> | undefined => {
      const now = clock.currentTimeMillisUnsafe()
      state.lastReceived = now
      state.pinged = false
      if (!admit(window, now, frameMillis, config.floodLimit)) {
        // Over the limit: drop without reading, except to name the first
        // dropped update in the one `too-many-updates` of this window.
        if (window.warned) return undefined
        window.warned = true
        const dropped = Decode.decode(text, config.maxUpdateSize, dialect)
        const origin = { id: Result.isSuccess(dropped) ? dropped.success.id : 0 }
        return fail(state.handle, TooManyUpdates, origin, "Too many updates; the excess is dropped for a while.")
      }
      const decoded = Decode.decode(text, config.maxUpdateSize, dialect)
      if (Result.isFailure(decoded)) return Decode.answer(state, decoded.failure)
      const update = decoded.success
      Metrics.received(update._tag)
      const dispatched = Dispatch.dispatch(handlers, session, update, toUniversalTime(now))
      return tracing
        ? Effect.andThen(Effect.logTrace(`${update._tag} from ${session.user.name} (connection ${state.handle.id})`), dispatched)
        : dispatched
    }

    /** A frame held more updates than allowed: its rest was dropped; say so once per flood window. */
    const overflow = (): Effect.Effect<void, never, Registry> | undefined => {
      if (window.warned) return undefined
      window.warned = true
      return fail(state.handle, TooManyUpdates, { id: 0 }, `A frame may hold at most ${Decode.UPDATES_PER_FRAME} updates; the rest of it is dropped.`)
    }

    /** Called when nothing is left to handle: ends this drain. */
    const idle = (drain: Drain.Drain) => {
      drain.idle()
      if (ended !== undefined) return close(ended)
      if (paused) {
        paused = false
        socket.resume()
      }
    }

    // Started at once, inside the socket's callback: the update is handled in the turn it arrived in.
    const drain = yield* Drain.make((drain) =>
      Effect.gen(function*() {
        let handled = 0
        while (true) {
          const text = pending.next()
          if (text === undefined) return idle(drain)
          const effect = text === FRAME_OVERFLOW ? overflow() : handle(text)
          if (effect !== undefined) yield* effect
          // A long queue is worked through in slices, letting every other connection in between.
          if (++handled % updatesPerSlice === 0) yield* Effect.yieldNow
        }
      }).pipe(
        Effect.catchCause((cause) => {
          if (Cause.hasInterruptsOnly(cause)) return Effect.void
          close("server-error")
          return Effect.logError(`connection ${state.handle.id} failed to handle an update`, cause)
        })
      ), { inMicrotask: false })

    socket.listen(
      (frame) => {
        pending.push(frame)
        if (pending.frameCount > pendingHardLimit || pending.characters > 8 * config.maxUpdateSize) {
          return close("protocol-error")
        }
        if (!paused && (pending.frameCount >= pendingHighWater || pending.characters >= config.maxUpdateSize)) {
          paused = true
          socket.pause()
        }
        drain.wake()
      },
      (error) => {
        ended = endReason(error)
        if (!drain.running()) close(ended)
      }
    )
    // Updates that came with the handshake's last frame.
    if (pending.frameCount > 0) drain.wake()
  })

/** Sends the maintenance `ping`. */
export const ping = (state: ConnectionState): Effect.Effect<void, never, Registry> =>
  Effect.map(serverStamp, (stamp) => send(state.handle, new Ping(stamp)))

/** Sends `connection-unstable` before an idle connection is dropped. */
export const unstable = (state: ConnectionState): Effect.Effect<void, never, Registry> =>
  Effect.map(serverStamp, (stamp) =>
    send(state.handle, new ConnectionUnstable({ ...stamp, text: "No update received for too long." })))
