/**
 * `ip-ban` (shirakumo-ip): adds an address range to the IP blacklist (see
 * addresses.ts), replacing the narrower bans it covers unless a wider one
 * covers it already, drops the connections it matches, and echoes the
 * update. Checked against the primary channel's rules.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as AuditLog from "../../AuditLog.ts"
import type { IpBan, Registry } from "../../actors/Registry.ts"
import { BanAddress } from "../../actors/RegistryProtocol.ts"
import * as Handler from "../../handlers/Handler.ts"
import { maskBits, matches, parseIp } from "./addresses.ts"
import { describeRange, rangeAnnotations, withRange } from "./range.ts"

/** Closes the connections of every present user whose address matches a ban. */
const dropMatching = (registry: Registry["Service"], ban: IpBan): void => {
  for (const user of registry.state.users.values()) {
    for (const connection of Array.from(user.connections)) {
      const ip = parseIp(connection.address)
      if (ip !== undefined && matches(ip, ban.ip, ban.mask)) connection.close("killed")
    }
  }
}

/**
 * The registry's side (`BanAddress`): adds the ban, replacing the narrower
 * ones it covers; `false` when a wider one covers it already.
 */
export const addBan = (blacklist: Array<IpBan>, { ip, mask }: BanAddress): boolean => {
  for (let i = blacklist.length - 1; i >= 0; i--) {
    const entry = blacklist[i]
    if (entry === undefined || !matches(entry.ip, ip, mask)) continue
    if (maskBits(entry.mask) > maskBits(mask)) return false
    blacklist.splice(i, 1)
  }
  blacklist.push({ ip, mask })
  return true
}

/** Bans an address range and drops its connections. */
export const ipBan = Handler.make({
  tag: "ip-ban",
  extension: "shirakumo-ip",
  handle: (session, update) =>
    withRange(session, update, (range) =>
      Effect.flatMap(session.registry.call(new BanAddress(range)).pipe(Effect.orElseSucceed(() => false)), (added) => {
        if (added) dropMatching(session.registry, range)
        const what = `${describeRange(range)} banned${added ? "" : " already (within a wider ban)"}`
        return AuditLog.operatorAction(session, "ip-ban", `ip-ban: ${what}`, rangeAnnotations(range))
      }))
})
