/**
 * `unblock` (shirakumo-block): takes a name off the sender's block list
 * (see blockList.ts), and echoes the update.
 *
 * @since 0.1.0
 */
import { nameKey } from "@lichat/core"
import { send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import { withBlockList } from "./blockList.ts"

/** Removes the target from the sender's block list. */
export const unblock = Handler.make({
  tag: "unblock",
  extension: "shirakumo-block",
  handle: (session, update) =>
    withBlockList(session, update, (names) => {
      send(session.connection, update)
      return names.filter((n) => nameKey(n) !== nameKey(update.target))
    })
})
