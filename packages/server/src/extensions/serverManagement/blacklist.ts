/**
 * `blacklist` (shirakumo-server-management): answers with the blacklisted
 * names in `target`. Checked against the primary channel, where only the
 * server user and the configured operators hold it by default.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as AuditLog from "../../AuditLog.ts"
import { Registry } from "../../actors/Registry.ts"
import { send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"

/** Lists the blacklist. */
export const blacklist = Handler.make({
  tag: "blacklist",
  extension: "shirakumo-server-management",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        yield* AuditLog.operatorAction(session, "blacklist", `blacklist: the name blacklist (${registry.state.blacklist.size}) read`)
        send(session.connection, Handler.patch(update, { target: Array.from(registry.state.blacklist) }))
      }))
})
