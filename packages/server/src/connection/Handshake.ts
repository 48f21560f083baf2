/**
 * The connection handshake (spec §4.1), in the specified order:
 * connection limit → version → a random name when `from` is missing →
 * bad name → (extension guards such as blacklists) → login throttle (after
 * failed logins, LoginThrottle.ts) → name taken / no such profile / invalid
 * password → a new name mixing scripts → per-user connection limit → attach → reply
 * `connect` → the user's channels as `join`s (primary first), or a join to
 * the primary channel for a new user → the welcome message.
 *
 * Any failure is replied and ends the connection (the caller closes it).
 *
 * @since 0.1.0
 */

import * as Crypto from "node:crypto"
import {
  BadName,
  COMPATIBLE_VERSIONS,
  Connect,
  IncompatibleVersion,
  InvalidPassword,
  InvalidUpdate,
  isCompatibleVersion,
  isMixedScript,
  isValidName,
  Join,
  Message,
  NoSuchProfile,
  nameKey,
  normaliseName,
  PROTOCOL_VERSION,
  TooManyConnections,
  TooManyUpdates,
  UsernameTaken, 
  universalTimeNow
} from "@lichat/core"
import { Clock, Effect, Exit } from "effect"
import * as AuditLog from "../AuditLog.ts"
import * as Presence from "../actors/Presence.ts"
import { Registry } from "../actors/Registry.ts"
import { LoginEvent } from "../actors/RegistryProtocol.ts"
import { ServerConfig } from "../config/ServerConfig.ts"
import * as Extensions from "../extensions/Extensions.ts"
import * as Metrics from "../Metrics.ts"
import type { ConnectionHandle, User } from "../Model.ts"
import * as Passwords from "../storage/Passwords.ts"
import { ProfileStore } from "../storage/ProfileStore.ts"
import type { ConnectionState } from "./ConnectionState.ts"
import * as Decode from "./Decode.ts"
import { fail, quote, seconds, send, serverStamp, stampAt } from "./Session.ts"

/**
 * Performs the handshake from the first update's text. Returns the user
 * the connection now belongs to, or `undefined` when the handshake failed
 * (its failure has been sent).
 */
export const run = (
  state: ConnectionState,
  text: string,
  clientExtensions: Set<string>
): Effect.Effect<User | undefined, never, Registry | ServerConfig | ProfileStore> =>
  Effect.gen(function*() {
    const config = yield* ServerConfig
    const registry = yield* Registry
    const profiles = yield* ProfileStore
    const connection = state.handle

    const update = yield* Decode.parse(state, text, config.maxUpdateSize, { primary: config.name })
    if (update === undefined) return yield* refuse(connection, "unreadable", undefined)
    Metrics.received(update._tag)
    if (!(update instanceof Connect)) {
      yield* fail(connection, InvalidUpdate, update, "The first update must be a connect update.")
      return yield* refuse(connection, "invalid-update", undefined)
    }

    // 1. Connection limit: established connections only (those in their handshake are bounded apart).
    if (registry.state.connections - registry.state.handshaking.size >= config.connectionLimit) {
      send(connection, new TooManyConnections({ ...(yield* serverStamp), text: "The server is full." }))
      return yield* refuse(connection, "too-many-connections", update.from)
    }
    // 2. Version.
    if (!isCompatibleVersion(update.version)) {
      send(
        connection,
        new IncompatibleVersion({
          ...(yield* serverStamp),
          updateId: update.id,
          text: `Version ${quote(update.version)} is not supported.`,
          compatibleVersions: COMPATIBLE_VERSIONS
        })
      )
      return yield* refuse(connection, "incompatible-version", update.from)
    }
    // 3. A random free name for a nameless client; names are kept in NFC.
    const name = normaliseName(update.from ?? (yield* randomFreeName))
    // 4. Bad name.
    if (!isValidName(name)) {
      yield* fail(connection, BadName, update, `${quote(name)} is not a valid user name.`)
      return yield* refuse(connection, "bad-name", name)
    }
    // Extension guards (blacklists, bans).
    if (Extensions.checkHandshake(config, registry.state.blacklist, name) !== undefined) {
      send(connection, new TooManyConnections({ ...(yield* serverStamp), text: "This name is banned from the server." }))
      return yield* refuse(connection, "blacklisted", name)
    }
    // 5–7. Name, profile, password. The slow password check runs here, in
    // the connection, and the claim below re-checks the profile atomically.
    const key = nameKey(name)
    const profile = yield* profiles.get(key)
    if (update.password !== undefined) {
      // Throttled after failures, before the (slow) password check.
      const now = yield* Clock.currentTimeMillis
      const wait = registry.state.logins.wait(key, connection.address, now)
      if (wait > 0) {
        yield* fail(connection, TooManyUpdates, update, `Too many failed logins; try again in ${seconds(wait)}.`)
        return yield* refuse(connection, "login-throttled", name)
      }
      const logins = (event: LoginEvent["event"]) =>
        registry.call(new LoginEvent({ name: key, address: connection.address, event, now })).pipe(Effect.orDie)
      if (profile === undefined) {
        yield* logins("failed")
        yield* fail(connection, NoSuchProfile, update, `No profile named ${name} is registered.`)
        return yield* refuse(connection, "no-such-profile", name)
      }
      yield* logins("started")
      // Ended however the check ends, so that an interrupted one holds nobody up.
      const correct = yield* Passwords.verify(update.password, config.salt, profile.password).pipe(
        Effect.onExit((exit) => logins(Exit.isSuccess(exit) && exit.value ? "succeeded" : "failed"))
      )
      if (!correct) {
        yield* fail(connection, InvalidPassword, update, "The password is not correct.")
        return yield* refuse(connection, "invalid-password", name)
      }
      yield* profiles.put(key, { ...profile, lastUsed: yield* universalTimeNow })
    } else if (profile !== undefined || registry.findUser(name) !== undefined) {
      yield* fail(connection, UsernameTaken, update, `The name ${name} is taken.`)
      return yield* refuse(connection, "username-taken", name)
    } else if (config.refuseMixedScripts && isMixedScript(name)) {
      // Only new names: one registered before the option was on can still log in.
      yield* fail(connection, BadName, update, `${name} mixes letters of different scripts.`)
      return yield* refuse(connection, "mixed-scripts", name)
    }

    // 8–10. Per-user limit, then attach (atomic in the registry).
    for (const extension of update.extensions) clientExtensions.add(extension)
    const claim = yield* Presence.attach(connection, {
      name,
      key,
      profile,
      withPassword: update.password !== undefined,
      connectionsPerUser: config.connectionsPerUser
    })
    if (claim === "taken") {
      yield* fail(connection, UsernameTaken, update, `The name ${name} is taken.`)
      return yield* refuse(connection, "username-taken", name)
    }
    if (claim === "full") {
      send(connection, new TooManyConnections({ ...(yield* serverStamp), text: "Too many connections for this user." }))
      return yield* refuse(connection, "too-many-connections", name)
    }
    const { user, isNew } = claim

    // 11. Reply connect with the same id and the real name.
    const clock = yield* universalTimeNow
    send(
      connection,
      new Connect({
        id: update.id,
        clock,
        from: user.name,
        version: PROTOCOL_VERSION,
        extensions: Extensions.supported(config)
      })
    )
    if (isNew) {
      // 13. A new user joins the primary channel; every member sees it.
      const join = new Join({ ...stampAt(registry, clock), from: user.name, channel: registry.primary.name })
      yield* registry.primary.actor.call({ _tag: "Enter", user, join }).pipe(Effect.orDie)
    } else {
      // 12. An existing user gets a join for each of its channels, primary first.
      const channels = [registry.primary, ...Array.from(user.channels.values()).filter((c) => c !== registry.primary)]
      for (const channel of channels) {
        send(connection, new Join({ ...stampAt(registry, clock), from: user.name, channel: channel.name }))
      }
    }
    // 14. The welcome message.
    send(
      connection,
      new Message({
        ...stampAt(registry, clock),
        channel: registry.primary.name,
        text: `Welcome to ${registry.serverName}, ${user.name}.`
      })
    )
    return user
  })

/**
 * Counts and logs a refused handshake by its failure type (with the name
 * and address, for tools such as fail2ban; annotated with `user`,
 * `address` and `reason`); the handshake then ends.
 */
const refuse = (
  connection: ConnectionHandle,
  type: Metrics.HandshakeRejection,
  name: string | undefined
): Effect.Effect<undefined> => {
  Metrics.handshakeRejected(type)
  const who = name === undefined ? "" : ` name ${AuditLog.quoted(name)}`
  return Effect.as(
    AuditLog.event("login-refused", `login refused (${type}):${who} from ${connection.address} (connection ${connection.id})`, {
      user: name,
      address: connection.address,
      reason: type,
      connection: connection.id
    }),
    undefined
  )
}

/** A random name used by no present user and no registered profile. */
const randomFreeName: Effect.Effect<string, never, Registry | ProfileStore> = Effect.gen(function*() {
  const registry = yield* Registry
  const profiles = yield* ProfileStore
  while (true) {
    const name = `Guest-${Crypto.randomBytes(4).toString("hex")}`
    if (registry.findUser(name) === undefined && (yield* profiles.get(nameKey(name))) === undefined) return name
  }
})
