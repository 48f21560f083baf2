/**
 * The information requests (spec §5.5): `users`, `channels`, `user-info`,
 * `capabilities` and `server-info`. Each answers with the same update type
 * and id, its answer slot filled in.
 *
 * @since 0.1.0
 */
import { allowsUpdate, lichat, nameKey, NIL, permittedTypes, type Sym, updateSymbol, type ValueList } from "@lichat/core"
import { Effect } from "effect"
import * as Handler from "../Handler.ts"
import { ProfileStore } from "../ProfileStore.ts"
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

/** The names of the channels whose rules let the sender list them. */
export const channels = Handler.make({
  tag: "channels",
  channelMustExist: false,
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        const type = updateSymbol(update)
        const names: Array<string> = []
        for (const entry of registry.state.channels.values()) {
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
        send(
          session.connection,
          Handler.patch(update, {
            target: present?.name ?? profile?.name ?? update.target,
            registered: present?.registered ?? profile !== undefined,
            connections: present?.connections.size ?? 0
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
        const connections: ReadonlyArray<ReadonlyArray<ValueList>> = Array.from(
          present?.connections ?? [],
          (connection) => [[CONNECTED_ON, connection.connectedAt]]
        )
        send(session.connection, Handler.patch(update, { attributes, connections }))
      }))
})
