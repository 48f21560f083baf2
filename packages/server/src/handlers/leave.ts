/**
 * `leave` (spec §5.4.2): a member leaves a channel; every member, the sender
 * included, gets the `leave` before the sender is removed.
 *
 * @since 0.1.0
 */
import { NotInChannel } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../actors/Channel.ts"
import * as Handler from "./Handler.ts"
import { fail } from "../connection/Session.ts"

/** Distributes the `leave` to every member, then removes the user from the channel. */
export const leave = Handler.forChannel({
  tag: "leave",
  handle: (session, update, channel) =>
    Handler.inChannel(session, update, channel, (state) => {
      if (state.members.get(session.user.key) !== session.user) {
        return fail(session.connection, NotInChannel, update, `You are not in ${channel.name}.`)
      }
      Channel.broadcast(state, Handler.withChannelName(update, channel))
      Channel.removeMember(state, session.user)
      return Effect.void
    })
})
