/**
 * `kick` (spec §5.4.4): a member puts another user out of the channel;
 * every member sees the kick, then the target's `leave`.
 *
 * @since 0.1.0
 */
import { Leave, NotInChannel } from "@lichat/core"
import * as Channel from "../actors/ChannelState.ts"
import { fail, quote, stampAt } from "../connection/Session.ts"
import * as Handler from "./Handler.ts"

/** Distributes the kick, then the target's `leave`, and removes the target. */
export const kick = Handler.inChannel({
  tag: "kick",
  target: "present",
  member: true,
  step: (session, update, state, target) => {
    const channel = state.handle
    if (target === undefined || state.members.get(target.key) !== target) {
      return fail(session.connection, NotInChannel, update, `${quote(update.target)} is not in ${channel.name}.`)
    }
    Channel.broadcast(state, Handler.withChannelName(update, channel))
    Channel.broadcast(
      state,
      new Leave({ ...stampAt(session.registry, Number(update.clock)), from: target.name, channel: channel.name })
    )
    return Channel.part(state, target)
  }
})
