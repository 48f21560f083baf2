/**
 * `permissions` (spec §5.3.2): viewing a channel's rules, and changing
 * several at once; the reply carries the full rule set.
 *
 * @since 0.1.0
 */
import { InvalidPermissions, isClass, printRules, readRuleEntry, setRule, type ValueList } from "@lichat/core"
import { Effect, Result } from "effect"
import { fail, send } from "../connection/Session.ts"
import * as Handler from "./Handler.ts"

/**
 * Applies each rule of the update in turn (a bad one is answered with
 * `invalid-permissions` and skipped), then replies with the full rule set.
 */
export const permissions = Handler.inChannel({
  tag: "permissions",
  member: false,
  step: (session, update, state) =>
    Effect.gen(function*() {
      for (const entry of update.permissions ?? []) {
        const rule = readRuleEntry(entry, { isUpdateType: isClass })
        if (Result.isFailure(rule)) {
          yield* fail(session.connection, InvalidPermissions, update, `Invalid rule: ${rule.failure}.`)
        } else {
          state.rules = setRule(state.rules, rule.success[0], rule.success[1])
        }
      }
      send(
        session.connection,
        Handler.patch(Handler.withChannelName(update, state.handle), {
          permissions: printRules(state.rules) as ReadonlyArray<ValueList>
        })
      )
    })
})
