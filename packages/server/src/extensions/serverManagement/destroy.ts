/**
 * `destroy` (shirakumo-server-management): removes a channel other than
 * the primary one, every member seeing itself leave it, and echoes the
 * update. Checked against the primary channel, where only the server user
 * and the configured operators hold it by default.
 *
 * @since 0.1.0
 */
import { universalTimeNow } from "@lichat/core"
import { Effect } from "effect"
import * as AuditLog from "../../AuditLog.ts"
import { Registry } from "../../actors/Registry.ts"
import { RemoveChannel } from "../../actors/RegistryProtocol.ts"
import { send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"

/** Removes a channel; its members see themselves leave it. */
export const destroy = Handler.forChannel({
  tag: "destroy",
  extension: "shirakumo-server-management",
  handle: (session, update, channel) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        if (channel === registry.primary) {
          return yield* Handler.deny(session, update, "The primary channel cannot be destroyed.")
        }
        if (registry.destroyChannel !== undefined) {
          // In a cluster, by the runner hosting it.
          yield* registry.destroyChannel(channel)
        } else {
          const clock = yield* universalTimeNow
          yield* channel.actor.call({ _tag: "Close", clock }).pipe(Effect.ignore)
          yield* registry.call(new RemoveChannel({ key: channel.key })).pipe(Effect.ignore)
        }
        yield* AuditLog.operatorAction(session, "destroy", `destroy: channel ${AuditLog.quoted(channel.name)} destroyed`, {
          channel: channel.name
        })
        send(session.connection, Handler.withChannelName(update, channel))
      }))
})
