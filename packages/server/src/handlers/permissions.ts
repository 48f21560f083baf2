/**
 * `permissions`, `grant` and `deny` (spec §5.3.2): viewing and changing a
 * channel's rules.
 *
 * @since 0.1.0
 */
import {
  type Deny,
  type Grant,
  type RuleSet,
  type Sym,
  denyUpdate,
  grantUpdate,
  InvalidPermissions,
  isClass,
  printRules,
  readRuleEntry,
  setRule,
  type ValueList
} from "@lichat/core"
import { Effect, Result } from "effect"
import * as Handler from "../Handler.ts"
import { Registry } from "../Registry.ts"
import type { Session } from "../Session.ts"
import { fail, quote, send } from "../Session.ts"

/**
 * Applies each rule of the update in turn (a bad one is answered with
 * `invalid-permissions` and skipped), then replies with the full rule set.
 */
export const permissions = Handler.make({
  tag: "permissions",
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const channel = registry.findChannel(update.channel)!
      yield* Handler.inChannel(session, update, channel, (state) =>
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
            Handler.patch(Handler.withChannelName(update, channel), {
              permissions: printRules(state.rules) as ReadonlyArray<ValueList>
            })
          )
        }))
    })
})

/** Changes one rule of the channel (§5.3.2) and echoes the update. */
const editRule = (
  session: Session,
  update: Grant | Deny,
  change: (rules: RuleSet, type: Sym, name: string) => RuleSet
) =>
  Effect.gen(function*() {
    const registry = yield* Registry
    const channel = registry.findChannel(update.channel)!
    yield* Handler.inChannel(session, update, channel, (state) => {
      if (!isClass(update.update)) {
        return fail(session.connection, InvalidPermissions, update, `${quote(update.update.toString())} is not an update type.`)
      }
      state.rules = change(state.rules, update.update, update.target)
      send(session.connection, update)
      return Effect.void
    })
  })

/** Lets the target send one update type in the channel. */
export const grant = Handler.make({
  tag: "grant",
  target: "known",
  handle: (session, update) => editRule(session, update, grantUpdate)
})

/** Forbids the target one update type in the channel. */
export const deny = Handler.make({
  tag: "deny",
  target: "known",
  handle: (session, update) => editRule(session, update, denyUpdate)
})
