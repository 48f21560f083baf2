/**
 * `ban` (shirakumo-server-management): puts a name on the blacklist
 * (checked in the handshake), disconnects its user, and echoes the
 * update; the server cannot be banned. Checked against the primary
 * channel, where only the server user and the configured operators hold
 * it by default.
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
import { disconnectAll } from "./disconnect.ts"

/** Blacklists a name and disconnects its user. */
export const ban = Handler.make({
  tag: "ban",
  extension: "shirakumo-server-management",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        if (nameKey(update.target) === registry.serverUser.key) {
          return yield* Handler.deny(session, update, "The server cannot be banned.")
        }
        yield* registry.call(new SetNameBan({ key: nameKey(update.target), banned: true })).pipe(Effect.ignore)
        // Looked up once the ban holds, so that whoever logged in since the update was dispatched goes too.
        const target = registry.findUser(update.target)
        if (target !== undefined) disconnectAll(target)
        else if (registry.disconnectElsewhere !== undefined) yield* registry.disconnectElsewhere(update.target)
        yield* AuditLog.operatorAction(
          session,
          "ban",
          `ban: ${AuditLog.quoted(update.target)} banned${target === undefined ? "" : " and disconnected"}`,
          { target: update.target }
        )
        send(session.connection, update)
      }))
})
