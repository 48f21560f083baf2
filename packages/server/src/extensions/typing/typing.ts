/**
 * `typing` (shirakumo-typing): a member tells the channel that it is
 * typing; the update is distributed to the channel like a message.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as Channel from "../../actors/ChannelState.ts"
import * as Handler from "../../handlers/Handler.ts"

/** Tells the channel that the sender is typing. */
export const typing = Handler.inChannel({
  tag: "typing",
  extension: "shirakumo-typing",
  member: true,
  step: (_session, update, state) => Effect.sync(() => Channel.broadcast(state, update))
})
