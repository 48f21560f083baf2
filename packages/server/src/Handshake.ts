/**
 * The connection handshake (spec §4.1), in the specified order:
 * connection limit → version → a random name when `from` is missing →
 * bad name → (extension guards such as blacklists) → name taken / no such
 * profile / invalid password → per-user connection limit → attach → reply
 * `connect` → the user's channels as `join`s (primary first), or a join to
 * the primary channel for a new user → the welcome message.
 *
 * Any failure is replied and ends the connection (the caller closes it).
 *
 * @since 0.1.0
 */
import {
  BadName,
  COMPATIBLE_VERSIONS,
  Connect,
  IncompatibleVersion,
  InvalidPassword,
  InvalidUpdate,
  isCompatibleVersion,
  isValidName,
  Join,
  Message,
  nameKey,
  NoSuchProfile,
  PROTOCOL_VERSION,
  TooManyConnections,
  universalTimeNow,
  UsernameTaken
} from "@lichat/core"
import { Effect } from "effect"
import * as Crypto from "node:crypto"
import * as Channel from "./Channel.ts"
import type { ConnectionState } from "./Connection.ts"
import * as Extensions from "./Extensions.ts"
import * as Inbound from "./Inbound.ts"
import type { User } from "./Model.ts"
import * as Metrics from "./Metrics.ts"
import * as Passwords from "./Passwords.ts"
import { type Profile, ProfileStore } from "./ProfileStore.ts"
import { Registry } from "./Registry.ts"
import { ServerConfig } from "./ServerConfig.ts"
import { fail, send, serverStamp, stampAt } from "./Session.ts"
import type { SocketClosed, UnsupportedFrame } from "./transport/FrameSocket.ts"

/**
 * Reads the first update and performs the handshake. Returns the user the
 * connection now belongs to, or `undefined` when the handshake failed (its
 * failure has been sent).
 */
export const run = (
  state: ConnectionState,
  clientExtensions: Set<string>
): Effect.Effect<User | undefined, SocketClosed | UnsupportedFrame, Registry | ServerConfig | ProfileStore> =>
  Effect.gen(function*() {
    const config = yield* ServerConfig
    const registry = yield* Registry
    const profiles = yield* ProfileStore
    const connection = state.handle

    const text = yield* Inbound.nextText(state)
    const update = yield* Inbound.parse(state, text, config.maxUpdateSize, { primary: config.name })
    if (update === undefined) return refuse("unreadable")
    if (!(update instanceof Connect)) {
      yield* fail(connection, InvalidUpdate, update, "The first update must be a connect update.")
      return refuse("invalid-update")
    }

    // 1. Connection limit.
    if (registry.state.connections > config.connectionLimit) {
      send(connection, new TooManyConnections({ ...(yield* serverStamp), text: "The server is full." }))
      return refuse("too-many-connections")
    }
    // 2. Version.
    if (!isCompatibleVersion(update.version)) {
      send(
        connection,
        new IncompatibleVersion({
          ...(yield* serverStamp),
          updateId: update.id,
          text: `Version ${update.version} is not supported.`,
          compatibleVersions: COMPATIBLE_VERSIONS
        })
      )
      return refuse("incompatible-version")
    }
    // 3. A random free name for a nameless client.
    const name = update.from ?? (yield* randomFreeName)
    // 4. Bad name.
    if (!isValidName(name)) {
      yield* fail(connection, BadName, update, `${name} is not a valid user name.`)
      return refuse("bad-name")
    }
    // Extension guards (blacklists, bans).
    if (Extensions.checkHandshake(config, registry.state.blacklist, name) !== undefined) {
      send(connection, new TooManyConnections({ ...(yield* serverStamp), text: "This name is banned from the server." }))
      return refuse("blacklisted")
    }
    // 5–7. Name, profile, password. The slow password check runs here, in
    // the connection, and the claim below re-checks the profile atomically.
    const key = nameKey(name)
    const profile = yield* profiles.get(key)
    if (update.password !== undefined) {
      if (profile === undefined) {
        yield* fail(connection, NoSuchProfile, update, `No profile named ${name} is registered.`)
        return refuse("no-such-profile")
      }
      if (!(yield* Passwords.verify(update.password, config.salt, profile.password))) {
        yield* fail(connection, InvalidPassword, update, "The password is not correct.")
        return refuse("invalid-password")
      }
      yield* profiles.put(key, { ...profile, lastUsed: yield* universalTimeNow })
    } else if (profile !== undefined || registry.findUser(name) !== undefined) {
      yield* fail(connection, UsernameTaken, update, `The name ${name} is taken.`)
      return refuse("username-taken")
    }

    // 8–10. Per-user limit, then attach (atomic in the registry).
    for (const extension of update.extensions) clientExtensions.add(extension)
    const claim = yield* registry.exec((s) =>
      Effect.sync(() => {
        const existing = s.users.get(key)
        if (existing !== undefined && update.password === undefined) return "taken" as const
        if (existing !== undefined && existing.connections.size >= config.connectionsPerUser) return "full" as const
        const user: User = existing ?? {
          name,
          key,
          connections: new Set(),
          channels: new Map(),
          registered: profile !== undefined,
          blocked: new Set(blockListOf(profile))
        }
        user.connections.add(connection)
        s.users.set(key, user)
        return { user, isNew: existing === undefined }
      })
    ).pipe(Effect.orDie)
    if (claim === "taken") {
      yield* fail(connection, UsernameTaken, update, `The name ${name} is taken.`)
      return refuse("username-taken")
    }
    if (claim === "full") {
      send(connection, new TooManyConnections({ ...(yield* serverStamp), text: "Too many connections for this user." }))
      return refuse("too-many-connections")
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
      yield* Channel.exec(registry.primary, (channel) =>
        Effect.sync(() => {
          Channel.join(channel, user, new Join({ ...stampAt(registry, clock), from: user.name, channel: registry.primary.name }))
        })).pipe(Effect.orDie)
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

/** The block list kept in a profile (shirakumo-block), as name keys. */
export const blockListOf = (profile: Profile | undefined): ReadonlyArray<string> => {
  const list = profile?.data["shirakumo-block"]
  return Array.isArray(list) ? list.filter((n): n is string => typeof n === "string").map(nameKey) : []
}

/** Counts a refused handshake by its failure type; the handshake then ends. */
const refuse = (type: string): undefined => {
  Metrics.handshakeRejected(type)
  return undefined
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
