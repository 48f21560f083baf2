/**
 * `pull` (spec §5.4.3) and `kick` (§5.4.4): a member brings another user
 * into the channel, or puts one out.
 *
 * @since 0.1.0
 */
import { AlreadyInChannel, Join, Leave, NotInChannel, TooManyChannels } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../Channel.ts"
import * as Handler from "../Handler.ts"
import { Registry } from "../Registry.ts"
import { ServerConfig } from "../ServerConfig.ts"
import { fail, quote, stampAt } from "../Session.ts"

/** Joins the target to the channel; every member sees a `join` with the pull's id. */
export const pull = Handler.make({
  tag: "pull",
  target: "present",
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const config = yield* ServerConfig
      const channel = registry.findChannel(update.channel)!
      yield* Handler.asMember(session, update, channel, (state) => {
        const target = registry.findUser(update.target)
        if (target === undefined) return Effect.void
        if (state.members.get(target.key) === target) {
          return fail(session.connection, AlreadyInChannel, update, `${target.name} is already in ${channel.name}.`)
        }
        if (target.channels.size >= config.channelsPerUser) {
          return fail(session.connection, TooManyChannels, update, `${target.name} is in too many channels.`)
        }
        Channel.join(state, target, new Join({ id: update.id, clock: update.clock!, from: target.name, channel: channel.name }))
        return Effect.void
      })
    })
})

/** Distributes the kick, then the target's `leave`, and removes the target. */
export const kick = Handler.make({
  tag: "kick",
  target: "present",
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const channel = registry.findChannel(update.channel)!
      yield* Handler.asMember(session, update, channel, (state) => {
        const target = registry.findUser(update.target)
        if (target === undefined || state.members.get(target.key) !== target) {
          return fail(session.connection, NotInChannel, update, `${quote(update.target)} is not in ${channel.name}.`)
        }
        Channel.broadcast(state, Handler.withChannelName(update, channel))
        Channel.broadcast(
          state,
          new Leave({ ...stampAt(registry, Number(update.clock)), from: target.name, channel: channel.name })
        )
        Channel.removeMember(state, target)
        return Effect.void
      })
    })
})
