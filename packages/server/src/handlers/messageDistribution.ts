/**
 * How a message, or an update that is a kind of message (shirakumo-edit's
 * `edit`), reaches its channel (spec §5.4.5): a member's update is
 * distributed to everyone in the channel, the sender included, in the
 * channel's order.
 *
 * With shirakumo-bridge, one carrying `bridge` is sent on behalf of an
 * external user: the sender needs the `bridge` permission in the channel,
 * and `from` and `bridge` are swapped before distribution.
 *
 * @since 0.1.0
 */
import { allowsUpdate, type Edit, InsufficientPermissions, intern, type Message, SHIRAKUMO } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../actors/ChannelState.ts"
import type { Session } from "../connection/Session.ts"
import { fail } from "../connection/Session.ts"
import * as Extensions from "../extensions/Extensions.ts"
import * as Handler from "./Handler.ts"

const BRIDGE = intern(SHIRAKUMO, "bridge")

/** Distributes a member's message (or edit) to the channel, bridged when it names an external user. */
export const distribute = (session: Session, update: Message | Edit, state: Channel.ChannelState) => {
  // shirakumo-bridge: the external user the update speaks for, while the extension is on.
  const bridge = Extensions.isEnabled(session.config, "shirakumo-bridge") ? update.bridge : undefined
  if (bridge === undefined) {
    Channel.broadcast(state, update)
    return Effect.void
  }
  if (!allowsUpdate(state.rules, BRIDGE, session.user.name)) {
    return fail(session.connection, InsufficientPermissions, update, `You may not bridge into ${state.handle.name}.`)
  }
  // The dispatcher has filled `from` with the sender's name when the update had none.
  Channel.broadcast(state, Handler.patch(update, { from: bridge, bridge: update.from ?? session.user.name }))
  return Effect.void
}
