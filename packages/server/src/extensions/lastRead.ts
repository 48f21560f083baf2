/**
 * shirakumo-last-read: each member's last-read message in a channel,
 * shared across its connections. With `update-id` and `target` the mark is
 * stored and echoed; without, the stored mark is filled in and returned.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as Handler from "../Handler.ts"
import { Registry } from "../Registry.ts"
import { send, sendToUser } from "../Session.ts"

/** Stores or reports the sender's last-read mark. */
export const lastRead = Handler.make({
  tag: "last-read",
  extension: "shirakumo-last-read",
  handle: (session, update) =>
    Effect.flatMap(Effect.service(Registry), (registry) =>
      Handler.asMember(session, update, registry.findChannel(update.channel)!, (state) =>
        Effect.sync(() => {
          if (update.updateId !== undefined && update.target !== undefined) {
            state.lastRead.set(session.user.key, [update.updateId, update.target])
            // Every connection of the user learns the new mark.
            return sendToUser(session.user, update)
          }
          const mark = state.lastRead.get(session.user.key)
          send(
            session.connection,
            mark === undefined ? update : Handler.patch(update, { updateId: mark[0], target: mark[1] })
          )
        })))
})
