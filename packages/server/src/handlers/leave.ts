/**
 * `leave` (spec §5.4.2): a member leaves a channel; every member, the sender
 * included, gets the `leave` before the sender is removed.
 *
 * @since 0.1.0
 */
import * as Channel from "../actors/ChannelState.ts"
import * as Handler from "./Handler.ts"

/** Distributes the `leave` to every member, then removes the user from the channel. */
export const leave = Handler.inChannel({
  tag: "leave",
  member: true,
  step: (session, update, state) => {
    Channel.broadcast(state, Handler.withChannelName(update, state.handle))
    return Channel.part(state, session.user)
  }
})
