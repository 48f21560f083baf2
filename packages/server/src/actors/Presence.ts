/**
 * Users coming and going: attaching a connection to a user at the end of
 * the handshake, and detaching it when the connection closes (spec §4.3:
 * a user whose last connection closes leaves every channel it inhabited,
 * and the members see the `leave`).
 *
 * @since 0.1.0
 */
import { Leave, universalTimeNow } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "./Channel.ts"
import type { ConnectionHandle, User } from "../Model.ts"
import { ProfileStore } from "../storage/ProfileStore.ts"
import { Registry } from "./Registry.ts"
import { stampAt } from "../connection/Session.ts"

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
    yield* registry.exec((state) => {
      user.connections.delete(connection)
      if (user.connections.size > 0) return Effect.void
      if (state.users.get(user.key) === user) state.users.delete(user.key)
      return Effect.forEach(Array.from(user.channels.values()), (channel) =>
          Channel.post(channel, (channelState) =>
            Effect.sync(() => {
              if (channelState.members.get(user.key) !== user) return
              Channel.broadcast(
                channelState,
                new Leave({ ...stampAt(registry, clock), from: user.name, channel: channel.name })
              )
              Channel.removeMember(channelState, user)
            })), { discard: true })
    }).pipe(Effect.ignore)
    // A profile counts as used until its user's last connection closes.
    if (user.registered && user.connections.size === 0) {
      const profile = yield* profiles.get(user.key)
      if (profile !== undefined) yield* profiles.put(user.key, { ...profile, lastUsed: clock })
    }
  })
