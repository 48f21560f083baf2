/**
 * The address range of an `ip-ban` or `ip-unban` (shirakumo-ip): its `ip`
 * and `mask` parsed (see addresses.ts), or `bad-ip-format` answered.
 *
 * @since 0.1.0
 */
import { BadIpFormat, type IpBan, type IpUnban } from "@lichat/core"
import { Effect } from "effect"
import type { Session } from "../../connection/Session.ts"
import { fail } from "../../connection/Session.ts"
import { parseIp, parseMask } from "./addresses.ts"

/** The address and mask of an `ip-ban` or `ip-unban`, or `bad-ip-format` sent and `undefined`. */
export const parseRange = (session: Session, update: IpBan | IpUnban) =>
  Effect.gen(function*() {
    const ip = parseIp(update.ip)
    const mask = parseMask(update.mask)
    if (ip === undefined || mask === undefined) {
      yield* fail(session.connection, BadIpFormat, update, "ip and mask must be IPv4 or IPv6 addresses.")
      return undefined
    }
    return { ip, mask }
  })
