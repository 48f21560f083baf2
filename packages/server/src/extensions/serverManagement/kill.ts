/**
 * `kill` (shirakumo-server-management): disconnects a present user
 * everywhere (never the server user), and echoes the update. Checked
 * against the primary channel, where only the server user and the
 * configured operators hold it by default.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as AuditLog from "../../AuditLog.ts"
import { Registry } from "../../actors/Registry.ts"
import { send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import { disconnectAll } from "./disconnect.ts"

/** Disconnects the target everywhere. */
export const kill = Handler.make({
  tag: "kill",
  extension: "shirakumo-server-management",
  target: "present",
  handle: (session, update, _channel, target) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        const killed = target !== undefined && target !== registry.serverUser
        if (killed) disconnectAll(target)
        // A user of another runner of a cluster: closed there.
        if (killed && target.connections.size === 0 && registry.disconnectElsewhere !== undefined) {
          yield* registry.disconnectElsewhere(target.name)
        }
        yield* AuditLog.operatorAction(
          session,
          "kill",
          `kill: ${AuditLog.quoted(update.target)} ${killed ? "disconnected" : "left alone (the server user)"}`,
          { target: update.target }
        )
        send(session.connection, update)
      }))
})
