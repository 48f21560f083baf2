/**
 * `quiet` (shirakumo-quiet): puts a user, present or registered, on the
 * channel's quiet list (see quietList.ts), and echoes the update.
 *
 * @since 0.1.0
 */
import * as Handler from "../../handlers/Handler.ts"
import { setQuiet } from "./quietList.ts"

/** Puts the target on the channel's quiet list. */
export const quiet = Handler.inChannel({
  tag: "quiet",
  extension: "shirakumo-quiet",
  target: "known",
  member: false,
  step: setQuiet(true)
})
