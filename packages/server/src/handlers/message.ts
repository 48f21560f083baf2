/**
 * `message` (spec §5.4.5): a member's message is distributed to everyone in
 * the channel, the sender included, in the channel's order; with
 * shirakumo-bridge, on behalf of an external user (see
 * messageDistribution.ts).
 *
 * @since 0.1.0
 */
import * as Handler from "./Handler.ts"
import { distribute } from "./messageDistribution.ts"

/** Distributes a message to the channel. */
export const message = Handler.inChannel({
  tag: "message",
  member: true,
  step: distribute
})
