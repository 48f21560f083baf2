/**
 * `users` (spec §5.5.2): a member asks for the names of the channel's
 * members and gets the update back with its `users` filled in.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { send } from "../connection/Session.ts"
import * as Handler from "./Handler.ts"

/** The names of the channel's members. */
export const users = Handler.inChannel({
  tag: "users",
  member: true,
  step: (session, update, state) =>
    Effect.sync(() => {
      const names = Array.from(state.members.values(), (user) => user.name)
      send(session.connection, Handler.patch(Handler.withChannelName(update, state.handle), { users: names }))
    })
})
