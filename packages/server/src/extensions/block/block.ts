/**
 * `block` (shirakumo-block): adds a user, present or registered, to the
 * sender's block list (see blockList.ts), and echoes the update.
 *
 * @since 0.1.0
 */
import { nameKey } from "@lichat/core"
import { send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import { withBlockList } from "./blockList.ts"

/** Adds the target to the sender's block list. */
export const block = Handler.make({
  tag: "block",
  extension: "shirakumo-block",
  target: "known",
  handle: (session, update) =>
    withBlockList(session, update, (names) => {
      send(session.connection, update)
      return names.some((n) => nameKey(n) === nameKey(update.target)) ? names : [...names, update.target]
    })
})
