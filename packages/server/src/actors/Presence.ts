/**
 * Users coming and going: attaching a connection to a user at the end of
 * the handshake, and detaching it when the connection closes (spec §4.3:
 * a user whose last connection closes leaves every channel it inhabited,
 * and the members see the `leave`). `claim` and `release` are the
 * registry's side (its `Claim` and `Detach` messages); `attach` and
 * `detach` the connection's.
 *
 * @since 0.1.0
 */
import { Leave, nameKey, universalTimeNow } from "@lichat/core"
import { Effect, type Request } from "effect"
import { stampAt } from "../connection/Session.ts"
import type { ConnectionHandle, User } from "../Model.ts"
import { type Profile, ProfileStore } from "../storage/ProfileStore.ts"
import { Registry, type RegistryState } from "./Registry.ts"
import { type Arrival, Claim, Detach } from "./RegistryProtocol.ts"

/** Attaches a connection to its user, atomically in the registry (see `Claim`). */
export const attach = (connection: ConnectionHandle, arrival: Arrival) =>
  Effect.flatMap(Effect.service(Registry), (registry) => registry.call(new Claim({ connection, arrival })).pipe(Effect.orDie))

/** The registry's side of `attach`. Runs in the registry's actor. */
export const claim = (state: RegistryState, { arrival, connection }: Claim): Request.Success<Claim> => {
  let existing = state.users.get(arrival.key)
  if (existing !== undefined && !arrival.withPassword) return "taken"
  if (existing !== undefined && !existing.registered && arrival.profile !== undefined) {
    // Held without a profile (it was made since, by register elsewhere or `operator add`): the
    // profile's owner gets the name, and the holder, who never proved it, is disconnected.
    for (const held of Array.from(existing.connections)) held.close("killed")
    existing = undefined
  }
  if (existing !== undefined && existing.connections.size >= arrival.connectionsPerUser) return "full"
  const user: User = existing ?? {
    name: arrival.name,
    key: arrival.key,
    connections: new Set(),
    channels: new Map(),
    registered: arrival.profile !== undefined,
    blocked: new Set(blockListOf(arrival.profile))
  }
  user.connections.add(connection)
  state.users.set(arrival.key, user)
  return { user, isNew: existing === undefined }
}

/** The block list kept in a profile (shirakumo-block), as name keys. */
const blockListOf = (profile: Profile | undefined): ReadonlyArray<string> => {
  const list = profile?.data["shirakumo-block"]
  return Array.isArray(list) ? list.filter((n): n is string => typeof n === "string").map(nameKey) : []
}

/**
 * Detaches a closed connection from its user. When it was the user's last,
 * the user is removed from the registry and leaves each of its channels;
 * each channel distributes the `leave` in its own order.
 */
export const detach = (user: User, connection: ConnectionHandle): Effect.Effect<void, never, Registry | ProfileStore> =>
  Effect.gen(function*() {
    const registry = yield* Registry
    const profiles = yield* ProfileStore
    const clock = yield* universalTimeNow
    yield* registry.call(new Detach({ user, connection, clock })).pipe(Effect.ignore)
    // A profile counts as used until its user's last connection closes.
    if (user.registered && user.connections.size === 0) {
      const profile = yield* profiles.get(user.key)
      if (profile !== undefined) yield* profiles.put(user.key, { ...profile, lastUsed: clock })
    }
  })

/**
 * The registry's side of `detach`: the user loses the connection, and,
 * left without any, the server and each of its channels. Runs in the
 * registry's actor, which may wait for room in a channel's mailbox.
 */
export const release = (state: RegistryState, registry: Registry["Service"], { clock, connection, user }: Detach): Effect.Effect<void> => {
  user.connections.delete(connection)
  if (user.connections.size > 0) return Effect.void
  if (state.users.get(user.key) === user) state.users.delete(user.key)
  return Effect.forEach(Array.from(user.channels.values()), (channel) =>
    channel.actor.send({
      _tag: "Depart",
      user,
      leave: new Leave({ ...stampAt(registry, clock), from: user.name, channel: channel.name })
    }), { discard: true })
}

/**
 * A user record with only a name and no connections: a user present on
 * another runner of a cluster, as a target (only its name is known here).
 */
export const absentUser = (name: string): User => ({
  name,
  key: nameKey(name),
  connections: new Set(),
  channels: new Map(),
  registered: false,
  blocked: new Set()
})
