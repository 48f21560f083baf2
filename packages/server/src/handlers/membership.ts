/**
 * `join` and `leave` (spec §5.4.1, §5.4.2).
 *
 * @since 0.1.0
 */
import { AlreadyInChannel, NotInChannel, TooManyChannels } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../Channel.ts"
import * as Handler from "../Handler.ts"
import { Registry } from "../Registry.ts"
import { ServerConfig } from "../ServerConfig.ts"
import { announcePause } from "../extensions/moderation.ts"
import { fail } from "../Session.ts"

/** Joins the user to a channel and distributes the `join` to every member. */
export const join = Handler.make({
  tag: "join",
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const config = yield* ServerConfig
      const channel = registry.findChannel(update.channel)!
      yield* Handler.inChannel(session, update, channel, (state) => {
        if (state.members.get(session.user.key) === session.user) {
          return fail(session.connection, AlreadyInChannel, update, `You are already in ${channel.name}.`)
        }
        if (session.user.channels.size >= config.channelsPerUser) {
          return fail(session.connection, TooManyChannels, update, "You are in too many channels.")
        }
        Channel.join(state, session.user, Handler.withChannelName(update, channel))
        announcePause(state, session, registry, Number(update.clock))
        return Effect.void
      })
    })
})

/** Distributes the `leave` to every member, then removes the user from the channel. */
export const leave = Handler.make({
  tag: "leave",
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const channel = registry.findChannel(update.channel)!
      yield* Handler.inChannel(session, update, channel, (state) => {
        if (state.members.get(session.user.key) !== session.user) {
          return fail(session.connection, NotInChannel, update, `You are not in ${channel.name}.`)
        }
        Channel.broadcast(state, Handler.withChannelName(update, channel))
        Channel.removeMember(state, session.user)
        return Effect.void
      })
    })
})
