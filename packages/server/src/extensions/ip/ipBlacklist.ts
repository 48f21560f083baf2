/**
 * `ip-blacklist` (shirakumo-ip): answers with the IP blacklist in
 * `target`, as `((ip mask) …)` (see addresses.ts). Checked against the
 * primary channel's rules.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as AuditLog from "../../AuditLog.ts"
import { Registry } from "../../actors/Registry.ts"
import { send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import { printIp, printMask } from "./addresses.ts"

/** Lists the IP blacklist as `((ip mask) …)`. */
export const ipBlacklist = Handler.make({
  tag: "ip-blacklist",
  extension: "shirakumo-ip",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        const target = registry.state.ipBlacklist.map((ban) => [printIp(ban.ip), printMask(ban.ip, ban.mask)])
        yield* AuditLog.operatorAction(session, "ip-blacklist", `ip-blacklist: the address blacklist (${target.length}) read`)
        send(session.connection, Handler.patch(update, { target }))
      }))
})
