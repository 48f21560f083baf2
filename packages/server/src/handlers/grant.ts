/**
 * `grant` (spec §5.3.2): lets the target, a user present or registered, send
 * one update type in the channel; the update is echoed back.
 *
 * @since 0.1.0
 */
import { grantUpdate } from "@lichat/core"
import * as Handler from "./Handler.ts"
import { editRule } from "./permissionRules.ts"

/** Lets the target send one update type in the channel. */
export const grant = Handler.inChannel({
  tag: "grant",
  target: "known",
  member: false,
  step: editRule(grantUpdate)
})
