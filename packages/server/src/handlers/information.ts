/**
 * The information requests (spec §5.5): `users`, `channels`, `user-info`,
 * `capabilities` and `server-info`. Each answers with the same update type
 * and id, its answer slot filled in.
 *
 * @since 0.1.0
 */
import { allowsUpdate, intern, lichat, SHIRAKUMO, nameKey, NIL, permittedTypes, type Sym, updateSymbol, type ValueList } from "@lichat/core"
import { Effect } from "effect"
import * as Handler from "../Handler.ts"
import * as Extensions from "../Extensions.ts"
import { isChildOf } from "../extensions/channelTrees.ts"
import { parseIp, printIp } from "../extensions/ip.ts"
import { infoList } from "../extensions/userInfo.ts"
import { ProfileStore } from "../ProfileStore.ts"
import { ServerConfig } from "../ServerConfig.ts"
import { Registry } from "../Registry.ts"
import { send } from "../Session.ts"

/** The names of the channel's members. */
export const users = Handler.make({
  tag: "users",
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const channel = registry.findChannel(update.channel)!
      yield* Handler.asMember(session, update, channel, (state) =>
        Effect.sync(() => {
          const names = Array.from(state.members.values(), (user) => user.name)
          send(session.connection, Handler.patch(Handler.withChannelName(update, channel), { users: names }))
        }))
    })
})

/**
 * The names of the channels whose rules let the sender list them (§5.5.1);
 * with shirakumo-channel-trees and a `channel`, only its direct children.
 */
export const channels = Handler.make({
  tag: "channels",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        const config = yield* ServerConfig
        const type = updateSymbol(update)
        // shirakumo-channel-trees: with a channel, only its direct children.
        const parent = update.channel !== undefined && Extensions.isEnabled(config, "shirakumo-channel-trees")
          ? nameKey(update.channel)
          : undefined
        const names: Array<string> = []
        for (const [key, entry] of registry.state.channels) {
          if (parent !== undefined && !isChildOf(key, parent)) continue
          if (allowsUpdate(entry.state.rules, type, session.user.name)) names.push(entry.handle.name)
        }
        send(session.connection, Handler.patch(update, { channels: names }))
      }))
})

/** Whether the target is registered, and how many connections it has. */
export const userInfo = Handler.make({
  tag: "user-info",
  target: "known",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        const present = registry.findUser(update.target)
        const profile = yield* (yield* ProfileStore).get(nameKey(update.target))
        const config = yield* ServerConfig
        // shirakumo-user-info: the profile's info, an empty list for users without one (and with
        // the extension off: lichat-js iterates :info on every user-info and throws on none).
        const withInfo = Extensions.isEnabled(config, "shirakumo-user-info")
        send(
          session.connection,
          Handler.patch(update, {
            target: present?.name ?? profile?.name ?? update.target,
            registered: present?.registered ?? profile !== undefined,
            connections: present?.connections.size ?? 0,
            info: withInfo && profile !== undefined ? infoList(profile) : []
          })
        )
      }))
})

/** The update types the sender may send to the channel. */
export const capabilities = Handler.make({
  tag: "capabilities",
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const channel = registry.findChannel(update.channel)!
      yield* Handler.asMember(session, update, channel, (state) =>
        Effect.sync(() => {
          const permitted: ReadonlyArray<Sym> = permittedTypes(state.rules, session.user.name)
          send(session.connection, Handler.patch(Handler.withChannelName(update, channel), { permitted }))
        }))
    })
})

const CHANNELS = lichat("channels")
const REGISTERED_ON = lichat("registered-on")
const CONNECTED_ON = lichat("connected-on")
const IP = intern(SHIRAKUMO, "ip")

/**
 * What the server knows of a user (§5.5.5): its channels and registration
 * date, and per connection when it was made.
 */
export const serverInfo = Handler.make({
  tag: "server-info",
  target: "known",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        const present = registry.findUser(update.target)
        const profile = yield* (yield* ProfileStore).get(nameKey(update.target))
        const attributes: ReadonlyArray<ValueList> = [
          [CHANNELS, Array.from(present?.channels.values() ?? [], (channel) => channel.name)],
          [REGISTERED_ON, profile?.registeredAt ?? NIL]
        ]
        const withIp = Extensions.isEnabled(yield* ServerConfig, "shirakumo-ip")
        const connections: ReadonlyArray<ReadonlyArray<ValueList>> = Array.from(
          present?.connections ?? [],
          (connection) => {
            const ip = parseIp(connection.address)
            return withIp && ip !== undefined
              ? [[CONNECTED_ON, connection.connectedAt], [IP, printIp(ip)]]
              : [[CONNECTED_ON, connection.connectedAt]]
          }
        )
        send(session.connection, Handler.patch(update, { attributes, connections }))
      }))
})
