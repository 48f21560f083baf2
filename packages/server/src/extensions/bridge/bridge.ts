/**
 * `bridge` (shirakumo-bridge): messages sent on behalf of users of another
 * chat service (see handlers/messageDistribution.ts); the `bridge` update itself only
 * asks whether the sender may bridge into a channel, and is echoed when it
 * may.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"

/** Echoes the update when the sender may bridge into the channel. */
export const bridge = Handler.inChannel({
  tag: "bridge",
  extension: "shirakumo-bridge",
  member: true,
  step: (session, update) => Effect.sync(() => send(session.connection, update))
})
