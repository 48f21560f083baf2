/**
 * The connection actor: one per socket. What others may do with it is on
 * its handle: `deliver` a frame (never waits) and `close` it. Its outbox is
 * the transport's send buffer, bounded in bytes (`outboxBytes`): `deliver`
 * hands the frame to the socket at once, in order, and a connection whose
 * peer has stopped taking what is sent (the buffer over the bound) is
 * closed as a slow consumer — it never delays the sender and its memory
 * stays bounded. Writing in place, rather than through a queue and a
 * writer fiber, keeps fan-out to one step per recipient and a connection's
 * footprint small.
 *
 * Inside:
 *
 * - a new socket is admitted by Admission.ts (bounds on sockets not heard
 *   from yet), must send its first update within `firstUpdateTimeout` and
 *   complete the handshake within `handshakeTimeout`;
 * - the reader takes the handshake's frames from the socket, then switches
 *   the socket to push mode (Receive.ts): each frame is queued as it
 *   arrives, and a short-lived fiber splits, reads and decodes it, applies
 *   the flood window and the §5.1 checks, and runs each update's handler,
 *   one update at a time (so replies keep the order of requests);
 * - the maintenance timer sends `ping` after `pingInterval` of silence and
 *   drops the connection (`connection-unstable`) after `idleTimeout`.
 *
 * Closing — for whatever reason — interrupts those fibers, says
 * `disconnect` where it still can, closes the socket, and detaches the
 * connection from its user (a user whose last connection closes leaves
 * every channel).
 *
 * @since 0.1.0
 */

import { Disconnect, FrameQueue, UpdateTooLong, universalTimeNow } from "@lichat/core"
import { Cause, Clock, Deferred, Duration, Effect, Exit, Option } from "effect"
import * as AuditLog from "../AuditLog.ts"
import * as Presence from "../actors/Presence.ts"
import { Registry } from "../actors/Registry.ts"
import { Admit, HandshakeDone, Release, Spoke } from "../actors/RegistryProtocol.ts"
import { ServerConfig } from "../config/ServerConfig.ts"
import * as Extensions from "../extensions/Extensions.ts"
import * as Ip from "../extensions/ip/addresses.ts"
import * as Metrics from "../Metrics.ts"
import type { CloseReason, ConnectionHandle } from "../Model.ts"
import type { ProfileStore } from "../storage/ProfileStore.ts"
import { CloseCode, type FrameSocket } from "../transport/FrameSocket.ts"
import type { ConnectionState } from "./ConnectionState.ts"
import * as Decode from "./Decode.ts"
import * as Handshake from "./Handshake.ts"
import * as Receive from "./Receive.ts"
import type { HandlerServices } from "./Session.ts"
import * as Session from "./Session.ts"

let lastConnectionId = 0

/** Reasons after which the server still says `disconnect` before closing. */
const saysGoodbye: ReadonlySet<CloseReason> = new Set<CloseReason>([
  "client-disconnect",
  "server-stop",
  "killed",
  "idle",
  "handshake-failed",
  "protocol-error",
  "update-too-long",
  "server-error"
])

const closeCodes: Record<CloseReason, number> = {
  "client-disconnect": CloseCode.normal,
  "socket-closed": CloseCode.normal,
  "handshake-failed": CloseCode.policyViolation,
  "handshake-timeout": CloseCode.policyViolation,
  "crowded-out": CloseCode.tryAgainLater,
  "address-busy": CloseCode.tryAgainLater,
  idle: CloseCode.goingAway,
  "slow-consumer": CloseCode.policyViolation,
  "server-stop": CloseCode.goingAway,
  killed: CloseCode.policyViolation,
  "protocol-error": CloseCode.unsupportedData,
  "update-too-long": CloseCode.tooBig,
  "server-error": CloseCode.internalError
}

/**
 * Serves one socket until it closes. Never fails: every way a connection
 * can end is a close reason.
 */
export const serve = (
  socket: FrameSocket
): Effect.Effect<void, never, HandlerServices | ProfileStore> =>
  Effect.gen(function*() {
    const config = yield* ServerConfig
    const registry = yield* Registry
    const address = Ip.clientAddress(socket.remoteAddress, socket.headers, config)
    // shirakumo-ip: a banned address is dropped before anything else (no reply).
    if (Extensions.checkAddress(config, registry.state.ipBlacklist, address)) {
      Metrics.handshakeRejected("ip-banned")
      yield* AuditLog.event("login-refused", `connection refused (ip-banned): from ${address}`, { address, reason: "ip-banned" })
      return yield* socket.close(CloseCode.policyViolation, "banned")
    }
    const closing = yield* Deferred.make<CloseReason>()
    const close = (reason: CloseReason) => Deferred.doneUnsafe(closing, Exit.succeed(reason))
    const clientExtensions = new Set<string>()
    let open = true
    const handle: ConnectionHandle = {
      id: ++lastConnectionId,
      address,
      clientExtensions,
      deliver: (frame) => {
        if (!open) return
        socket.write(frame)
        if (socket.bufferedBytes() > config.outboxBytes) {
          open = false
          close("slow-consumer")
        }
      },
      close,
      connectedAt: yield* universalTimeNow
    }
    const state: ConnectionState = {
      handle,
      socket,
      lastReceived: yield* Clock.currentTimeMillis,
      pinged: false,
      user: undefined,
      pending: new FrameQueue(Decode.UPDATES_PER_FRAME)
    }
    const admitted = yield* registry.call(new Admit({ connection: handle }))
    if (admitted._tag === "AddressFull") {
      Metrics.handshakeRejected("address-busy")
      yield* AuditLog.event("login-refused", `connection refused (address-busy): too many handshakes from ${address}`, {
        address,
        reason: "address-busy"
      })
      return yield* socket.close(closeCodes["address-busy"], "address-busy")
    }
    admitted.evicted?.close("crowded-out")
    Metrics.connectionAccepted()
    yield* Effect.logDebug(`connection ${handle.id} from ${handle.address}`)
    const spoke = registry.call(new Spoke({ connection: handle }))
    const handshakeDone = registry.call(new HandshakeDone({ connection: handle }))

    const reader = Effect.gen(function*() {
      // A socket must speak soon (firstUpdateTimeout), and finish the handshake within handshakeTimeout.
      const user = yield* Decode.nextText(state).pipe(
        Effect.timeoutOption(config.firstUpdateTimeout),
        Effect.flatMap((first) =>
          first._tag === "None"
            ? Effect.succeedNone
            : Effect.andThen(spoke, Effect.asSome(Handshake.run(state, first.value, clientExtensions)))
        ),
        Effect.timeoutOption(config.handshakeTimeout),
        Effect.map(Option.flatten)
      )
      yield* handshakeDone
      if (user._tag === "None") return close("handshake-timeout")
      if (user.value === undefined) return close("handshake-failed")
      state.user = user.value
      yield* Effect.logInfo(`${user.value.name} connected (connection ${handle.id} from ${handle.address})`)
      yield* Receive.start(state, user.value, config, close)
    }).pipe(
      Effect.catchTag("SocketClosed", () => Effect.sync(() => close("socket-closed"))),
      Effect.catchTag("UnsupportedFrame", () => Effect.sync(() => close("protocol-error"))),
      Effect.catchTag("FrameTooLong", () => Effect.sync(() => close("update-too-long")))
    )

    const finish = (reason: CloseReason) =>
      Effect.gen(function*() {
        if (open && reason === "update-too-long") {
          socket.write(Session.frame(new UpdateTooLong({ ...(yield* Session.serverStamp), text: "The update is too long." })))
          Metrics.sent("update-too-long", 1)
        }
        if (open && saysGoodbye.has(reason) && state.user !== undefined) {
          socket.write(Session.frame(new Disconnect({ ...(yield* Session.serverStamp) })))
          Metrics.sent("disconnect", 1)
        }
        open = false
        yield* socket.close(closeCodes[reason], reason)
        yield* registry.call(new Release({ connection: handle }))
        if (state.user !== undefined) {
          // When the whole server stops, nobody is left to see the leaves.
          if (reason !== "server-stop") yield* Presence.detach(state.user, handle)
          yield* Effect.logInfo(`${state.user.name} disconnected (connection ${handle.id}: ${reason})`)
        } else {
          yield* Effect.logDebug(`connection ${handle.id} closed before its handshake: ${reason}`)
        }
      })

    yield* Effect.scoped(
      Effect.gen(function*() {
        yield* Effect.forkScoped(reader)
        yield* Effect.forkScoped(maintenance(state, config, close))
        return yield* Deferred.await(closing)
      })
    ).pipe(
      // Runs uninterruptibly, also when the server stops and interrupts us.
      Effect.onExit((exit) => {
        const reason = Exit.isSuccess(exit) ? exit.value : "server-stop"
        if (reason === "slow-consumer") Metrics.outboxDrop()
        return finish(reason)
      })
    )
  }).pipe(
    Effect.catchCause((cause) =>
      Cause.hasInterruptsOnly(cause) ? Effect.void : Effect.logError("connection failed", cause)
    )
  )

/**
 * The maintenance timer (spec §4.2): sleeps until the next deadline, read
 * from the `Clock` so that `TestClock` drives it. After `pingInterval` of
 * silence it sends one `ping`; after `idleTimeout` of silence it replies
 * `connection-unstable` and closes the connection.
 */
export const maintenance = (
  state: ConnectionState,
  config: ServerConfig["Service"],
  close: (reason: CloseReason) => void
): Effect.Effect<void, never, Registry> => {
  const ping = Duration.toMillis(config.pingInterval)
  const idle = Duration.toMillis(config.idleTimeout)
  const tick: Effect.Effect<boolean, never, Registry> = Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    const silent = now - state.lastReceived
    if (silent >= idle) {
      yield* Receive.unstable(state)
      close("idle")
      return false
    }
    if (!state.pinged && silent >= ping && state.user !== undefined) {
      state.pinged = true
      yield* Receive.ping(state)
    }
    const next = state.pinged ? state.lastReceived + idle : state.lastReceived + ping
    yield* Effect.sleep(Math.max(1, next - now))
    return true
  })
  const loop = (): Effect.Effect<void, never, Registry> =>
    Effect.flatMap(tick, (more) => more ? loop() : Effect.void)
  return loop()
}
