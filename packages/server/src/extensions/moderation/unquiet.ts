/**
 * `unquiet` (shirakumo-quiet): takes a user, present or registered, off
 * the channel's quiet list (see quietList.ts), and echoes the update.
 *
 * @since 0.1.0
 */
import * as Handler from "../../handlers/Handler.ts"
import { setQuiet } from "./quietList.ts"

/** Takes the target off the channel's quiet list. */
export const unquiet = Handler.inChannel({
  tag: "unquiet",
  extension: "shirakumo-quiet",
  target: "known",
  member: false,
  step: setQuiet(false)
})
