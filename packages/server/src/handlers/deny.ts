/**
 * `deny` (spec §5.3.2): forbids the target, a user present or registered,
 * one update type in the channel; the update is echoed back.
 *
 * @since 0.1.0
 */
import { denyUpdate } from "@lichat/core"
import * as Handler from "./Handler.ts"
import { editRule } from "./permissionRules.ts"

/** Forbids the target one update type in the channel. */
export const deny = Handler.inChannel({
  tag: "deny",
  target: "known",
  member: false,
  step: editRule(denyUpdate)
})
