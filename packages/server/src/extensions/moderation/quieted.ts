/**
 * `quieted` (shirakumo-quiet): answers with the channel's quiet list (see
 * quietList.ts) in `target`, each user by name where it is present.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"

/** Lists the channel's quiet list. */
export const quieted = Handler.inChannel({
  tag: "quieted",
  extension: "shirakumo-quiet",
  member: false,
  step: (session, update, state) =>
    Effect.sync(() => {
      const names = Array.from(state.quiet, (key) => session.registry.findUser(key)?.name ?? key)
      send(session.connection, Handler.patch(update, { target: names }))
    })
})
