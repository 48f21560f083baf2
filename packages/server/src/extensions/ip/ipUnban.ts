/**
 * `ip-unban` (shirakumo-ip): lifts the bans of the IP blacklist that lie
 * within an address range (see addresses.ts), and echoes the update.
 * Checked against the primary channel's rules.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as AuditLog from "../../AuditLog.ts"
import type { IpBan } from "../../actors/Registry.ts"
import { UnbanAddress } from "../../actors/RegistryProtocol.ts"
import * as Handler from "../../handlers/Handler.ts"
import { maskBits, matches } from "./addresses.ts"
import { describeRange, rangeAnnotations, withRange } from "./range.ts"

/** The registry's side (`UnbanAddress`): removes the bans within the range. */
export const liftBans = (blacklist: Array<IpBan>, { ip, mask }: UnbanAddress): void => {
  for (let i = blacklist.length - 1; i >= 0; i--) {
    const entry = blacklist[i]
    if (entry !== undefined && matches(entry.ip, ip, mask) && maskBits(mask) >= maskBits(entry.mask)) blacklist.splice(i, 1)
  }
}

/** Lifts bans within an address range. */
export const ipUnban = Handler.make({
  tag: "ip-unban",
  extension: "shirakumo-ip",
  handle: (session, update) =>
    withRange(session, update, (range) =>
      Effect.andThen(
        Effect.ignore(session.registry.call(new UnbanAddress(range))),
        AuditLog.operatorAction(session, "ip-unban", `ip-unban: bans within ${describeRange(range)} lifted`, rangeAnnotations(range))
      ))
})
