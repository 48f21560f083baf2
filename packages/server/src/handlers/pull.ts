/**
 * `pull` (spec §5.4.3): a member brings another user present on the server
 * into the channel; every member sees a `join` from the target carrying the
 * pull's id.
 *
 * @since 0.1.0
 */
import { AlreadyInChannel, Join, TooManyChannels } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../actors/ChannelState.ts"
import { fail } from "../connection/Session.ts"
import * as Handler from "./Handler.ts"

/** Joins the target to the channel; every member sees a `join` with the pull's id. */
export const pull = Handler.inChannel({
  tag: "pull",
  target: "present",
  member: true,
  step: (session, update, state, target) => {
    const channel = state.handle
    // Gone since the dispatcher found it: nobody to pull.
    if (target === undefined || session.registry.state.users.get(target.key) !== target) return Effect.void
    if (state.members.get(target.key) === target) {
      return fail(session.connection, AlreadyInChannel, update, `${target.name} is already in ${channel.name}.`)
    }
    if (target.channels.size >= session.config.channelsPerUser) {
      return fail(session.connection, TooManyChannels, update, `${target.name} is in too many channels.`)
    }
    // The dispatcher has stamped the pull with a clock; the join carries it.
    const clock = update.clock === undefined ? {} : { clock: update.clock }
    Channel.join(state, target, new Join({ id: update.id, ...clock, from: target.name, channel: channel.name }))
    return Effect.void
  }
})
