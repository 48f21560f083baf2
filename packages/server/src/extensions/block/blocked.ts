/**
 * `blocked` (shirakumo-block): answers with the sender's block list (see
 * blockList.ts) in `target`.
 *
 * @since 0.1.0
 */

import { send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import { withBlockList } from "./blockList.ts"

/** Lists the sender's block list. */
export const blocked = Handler.make({
  tag: "blocked",
  extension: "shirakumo-block",
  handle: (session, update) =>
    withBlockList(session, update, (names) => {
      send(session.connection, Handler.patch(update, { target: names }))
      return names
    })
})
