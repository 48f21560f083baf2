/**
 * `unban` (shirakumo-server-management): takes a name off the blacklist,
 * and echoes the update. Checked against the primary channel, where only
 * the server user and the configured operators hold it by default.
 *
 * @since 0.1.0
 */
import { nameKey } from "@lichat/core"
import { Effect } from "effect"
import * as AuditLog from "../../AuditLog.ts"
import { Registry } from "../../actors/Registry.ts"
import { SetNameBan } from "../../actors/RegistryProtocol.ts"
import { send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"

/** Takes a name off the blacklist. */
export const unban = Handler.make({
  tag: "unban",
  extension: "shirakumo-server-management",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        yield* registry.call(new SetNameBan({ key: nameKey(update.target), banned: false })).pipe(Effect.ignore)
        yield* AuditLog.operatorAction(session, "unban", `unban: ${AuditLog.quoted(update.target)} unbanned`, {
          target: update.target
        })
        send(session.connection, update)
      }))
})
