/**
 * `message` (spec §5.4.5): a member's message is distributed to everyone in
 * the channel, the sender included, in the channel's order. `edit`
 * (shirakumo-edit) is a message and is handled the same way.
 *
 * With shirakumo-bridge, a message carrying `bridge` is sent on behalf of
 * an external user: the sender needs the `bridge` permission in the
 * channel, and `from` and `bridge` are swapped before distribution.
 *
 * @since 0.1.0
 */
import { type Edit, InsufficientPermissions, intern, type Message, SHIRAKUMO, allowsUpdate } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../Channel.ts"
import * as Extensions from "../Extensions.ts"
import * as Handler from "../Handler.ts"
import type { Session } from "../Session.ts"
import { fail } from "../Session.ts"

const BRIDGE = intern(SHIRAKUMO, "bridge")

const distribute = (session: Session, update: Message | Edit) => {
  const channel = session.registry.findChannel(update.channel)!
  const bridged = update.bridge !== undefined && Extensions.isEnabled(session.config, "shirakumo-bridge")
  return Handler.asMember(session, update, channel, (state) => {
    if (!bridged) {
      Channel.broadcast(state, update)
      return Effect.void
    }
    if (!allowsUpdate(state.rules, BRIDGE, session.user.name)) {
      return fail(session.connection, InsufficientPermissions, update, `You may not bridge into ${channel.name}.`)
    }
    Channel.broadcast(state, Handler.patch(update, { from: update.bridge!, bridge: update.from! }))
    return Effect.void
  })
}

/** Distributes a message to the channel. */
export const message = Handler.make({
  tag: "message",
  handle: distribute
})

/** Distributes an edit of an earlier message (shirakumo-edit). */
export const edit = Handler.make({
  tag: "edit",
  extension: "shirakumo-edit",
  handle: distribute
})
