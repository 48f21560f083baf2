/**
 * `last-read` (shirakumo-last-read): each member's last-read message in a
 * channel, shared across its connections. With `update-id` and `target`
 * the mark is stored and echoed to every connection of the user; without,
 * the stored mark is filled in and returned.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { send, sendToUser } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"

/** Stores or reports the sender's last-read mark. */
export const lastRead = Handler.inChannel({
  tag: "last-read",
  extension: "shirakumo-last-read",
  member: true,
  step: (session, update, state) =>
    Effect.suspend(() => {
      if (update.updateId !== undefined && update.target !== undefined) {
        state.lastRead.set(session.user.key, [update.updateId, update.target])
        // Stored, then every connection of the user learns the new mark.
        return Effect.andThen(
          state.keeper.saveLastRead(state, session.user.key),
          Effect.sync(() => sendToUser(session.user, update))
        )
      }
      const mark = state.lastRead.get(session.user.key)
      send(
        session.connection,
        mark === undefined ? update : Handler.patch(update, { updateId: mark[0], target: mark[1] })
      )
      return Effect.void
    })
})
