/**
 * Changing one rule of a channel's rule set (spec §5.3.2), shared by `grant`
 * and `deny`.
 *
 * @since 0.1.0
 */
import { type Deny, type Grant, InvalidPermissions, isClass, type RuleSet, type Sym } from "@lichat/core"
import { Effect } from "effect"
import { type ChannelState, kept } from "../actors/ChannelState.ts"
import type { Session } from "../connection/Session.ts"
import { fail, quote, send } from "../connection/Session.ts"

/** Changes the rule for the update's type and target in the channel (§5.3.2) and echoes the update. */
export const editRule = (change: (rules: RuleSet, type: Sym, name: string) => RuleSet) =>
(session: Session, update: Grant | Deny, state: ChannelState) => {
  if (!isClass(update.update)) {
    return fail(session.connection, InvalidPermissions, update, `${quote(update.update.toString())} is not an update type.`)
  }
  state.rules = change(state.rules, update.update, update.target)
  return Effect.andThen(kept(state), Effect.sync(() => send(session.connection, update)))
}
