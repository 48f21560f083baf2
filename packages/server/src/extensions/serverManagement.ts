/**
 * shirakumo-server-management: `kill` (disconnect a user everywhere),
 * `destroy` (remove a channel, every member seeing a `leave`), `ban` and
 * `unban` (the name blacklist, checked in the handshake) and `blacklist`
 * (list it). All are checked against the primary channel, where only the
 * server user and the configured operators hold them by default.
 *
 * @since 0.1.0
 */
import { Leave, nameKey, universalTimeNow } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../Channel.ts"
import * as Handler from "../Handler.ts"
import type { User } from "../Model.ts"
import { Registry } from "../Registry.ts"
import { send, stampAt } from "../Session.ts"

/** Closes every connection of a user; each closing connection leaves its channels as usual. */
const disconnectAll = (user: User): void => {
  for (const connection of Array.from(user.connections)) connection.close("killed")
}

/** Disconnects the target everywhere. */
export const kill = Handler.make({
  tag: "kill",
  extension: "shirakumo-server-management",
  target: "present",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        const target = registry.findUser(update.target)
        if (target !== undefined && target !== registry.serverUser) disconnectAll(target)
        send(session.connection, update)
      }))
})

/** Removes a channel; its members see themselves leave it. */
export const destroy = Handler.make({
  tag: "destroy",
  extension: "shirakumo-server-management",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        const channel = registry.findChannel(update.channel)!
        if (channel === registry.primary) {
          return yield* Handler.deny(session, update, "The primary channel cannot be destroyed.")
        }
        const clock = yield* universalTimeNow
        yield* Channel.exec(channel, (state) =>
          Effect.sync(() => {
            for (const member of Array.from(state.members.values())) {
              Channel.broadcast(state, new Leave({ ...stampAt(registry, clock), from: member.name, channel: channel.name }))
              Channel.removeMember(state, member)
            }
          })).pipe(Effect.ignore)
        yield* registry.exec(() => registry.removeChannel(channel.key)).pipe(Effect.ignore)
        send(session.connection, Handler.withChannelName(update, channel))
      }))
})

/** Blacklists a name and disconnects its user. */
export const ban = Handler.make({
  tag: "ban",
  extension: "shirakumo-server-management",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        if (nameKey(update.target) === registry.serverUser.key) {
          return yield* Handler.deny(session, update, "The server cannot be banned.")
        }
        yield* registry.exec((state) => Effect.sync(() => void state.blacklist.add(nameKey(update.target)))).pipe(Effect.ignore)
        const target = registry.findUser(update.target)
        if (target !== undefined) disconnectAll(target)
        send(session.connection, update)
      }))
})

/** Takes a name off the blacklist. */
export const unban = Handler.make({
  tag: "unban",
  extension: "shirakumo-server-management",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        yield* registry.exec((state) => Effect.sync(() => void state.blacklist.delete(nameKey(update.target)))).pipe(Effect.ignore)
        send(session.connection, update)
      }))
})

/** Lists the blacklist. */
export const blacklist = Handler.make({
  tag: "blacklist",
  extension: "shirakumo-server-management",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        send(session.connection, Handler.patch(update, { target: Array.from(registry.state.blacklist) }))
      }))
})
