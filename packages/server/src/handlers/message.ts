/**
 * `message` (spec §5.4.5): a member's message is distributed to everyone in
 * the channel, the sender included, in the channel's order.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as Channel from "../Channel.ts"
import * as Handler from "../Handler.ts"
import { Registry } from "../Registry.ts"

/** Distributes a message to the channel. */
export const message = Handler.make({
  tag: "message",
  handle: (session, update) =>
    Effect.flatMap(Effect.service(Registry), (registry) =>
      Handler.asMember(session, update, registry.findChannel(update.channel)!, (state) =>
        Effect.sync(() => Channel.broadcast(state, update))))
})
