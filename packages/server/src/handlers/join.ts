/**
 * `join` (spec §5.4.1): the sender enters an existing channel, if its rules
 * allow it and the sender is in fewer than `channelsPerUser` channels; every
 * member, the sender included, gets the `join`.
 *
 * @since 0.1.0
 */
import { AlreadyInChannel, TooManyChannels } from "@lichat/core"
import * as Channel from "../actors/ChannelState.ts"
import { fail } from "../connection/Session.ts"
import { announcePause } from "../extensions/moderation/pause.ts"
import * as Handler from "./Handler.ts"

/** Joins the user to a channel and distributes the `join` to every member. */
export const join = Handler.inChannel({
  tag: "join",
  member: false,
  step: (session, update, state) => {
    if (state.members.get(session.user.key) === session.user) {
      return fail(session.connection, AlreadyInChannel, update, `You are already in ${state.handle.name}.`)
    }
    if (session.user.channels.size >= session.config.channelsPerUser) {
      return fail(session.connection, TooManyChannels, update, "You are in too many channels.")
    }
    const joined = Channel.join(state, session.user, Handler.withChannelName(update, state.handle))
    announcePause(state, session, Number(update.clock))
    return joined
  }
})
