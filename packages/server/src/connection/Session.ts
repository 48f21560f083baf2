/**
 * What an update handler works with: the connection the update came from,
 * its user, and the ways to answer. Handlers are plain functions of a
 * `Session` and a typed update, one module per update type (handlers/…).
 *
 * @since 0.1.0
 */
import { printUpdate, type Update, universalTimeNow, type Value } from "@lichat/core"
import { Effect } from "effect"
import { Registry } from "../actors/Registry.ts"
import type { ServerConfig } from "../config/ServerConfig.ts"
import type { LinkStore } from "../extensions/link/link.ts"
import * as Metrics from "../Metrics.ts"
import type { ConnectionHandle, User } from "../Model.ts"
import type { ProfileStore } from "../storage/ProfileStore.ts"

/**
 * A connection after its handshake: who it is, how to answer it, and the
 * server it is on (the services every update needs, resolved once per
 * connection rather than per update).
 */
export interface Session {
  readonly connection: ConnectionHandle
  readonly user: User
  readonly registry: Registry["Service"]
  readonly config: ServerConfig["Service"]
}

/** Services every handler may use. */
export type HandlerServices = Registry | ServerConfig | ProfileStore | LinkStore

/** Prints an update as one wire frame (with its terminating NUL). */
export const frame = (update: Update): string => printUpdate(update) + "\u0000"

/** Sends an update to one connection. */
export const send = (connection: ConnectionHandle, update: Update): void => {
  const text = frame(update)
  Metrics.sent(update._tag, 1)
  connection.deliver(text)
}

/** Sends an update to every connection of a user, printing it once. */
export const sendToUser = (user: User, update: Update): void => {
  if (user.connections.size === 0) return
  const text = frame(update)
  Metrics.sent(update._tag, user.connections.size)
  for (const connection of user.connections) connection.deliver(text)
}

/** The fields every update the server originates carries: a fresh id, the time, the server's name. */
export const serverStamp = Effect.gen(function*() {
  const registry = yield* Registry
  const clock = yield* universalTimeNow
  return { id: registry.nextId(), clock, from: registry.serverName }
})

/** Builds the stamp synchronously when the time is already known. */
export const stampAt = (registry: Registry["Service"], clock: number) => ({
  id: registry.nextId(),
  clock,
  from: registry.serverName
})

/** The constructor shape shared by every `update-failure` class. */
export type FailureClass<F extends Update> = new(props: {
  readonly id: number
  readonly clock: number
  readonly from: string
  readonly updateId: Value
  readonly text: string
}) => F

/**
 * Answers `origin` on `connection` with a failure of class `Failure`
 * referencing it, from the server. The usual way a handler says no.
 */
export const fail = <F extends Update>(
  connection: ConnectionHandle,
  Failure: FailureClass<F>,
  origin: { readonly id: Value },
  text: string
): Effect.Effect<void, never, Registry> =>
  Effect.map(serverStamp, (stamp) => {
    // Counted as a failure by `send` (Metrics.sent), as every failure sent is.
    send(connection, new Failure({ ...stamp, updateId: origin.id, text }))
  })

/** The most characters of a client's text a reply repeats. */
const QUOTE_LENGTH = 64

/**
 * A client's text as a reply repeats it: at most `QUOTE_LENGTH` characters
 * (then "…"), control characters as U+FFFD, so that no request makes the
 * server echo megabytes or raw control characters.
 */
export const quote = (text: string): string => {
  const cut = text.length > QUOTE_LENGTH ? text.slice(0, QUOTE_LENGTH) + "…" : text
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "\ufffd")
}

/** A wait in milliseconds as a reply says it: whole seconds, rounded up ("1 second", "30 seconds"). */
export const seconds = (millis: number): string => {
  const n = Math.max(1, Math.ceil(millis / 1000))
  return n === 1 ? "1 second" : `${n} seconds`
}
