/**
 * The address range of an `ip-ban` or `ip-unban` (shirakumo-ip): its `ip`
 * and `mask` parsed (see addresses.ts), or `bad-ip-format` answered; and
 * the steps both updates share around what each does with it.
 *
 * @since 0.1.0
 */
import { BadIpFormat, type IpBan, type IpUnban } from "@lichat/core"
import { Effect } from "effect"
import type { Session } from "../../connection/Session.ts"
import { fail, send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import { parseIp, parseMask, printIp, printMask } from "./addresses.ts"

/** A parsed range. */
type Range = { readonly ip: Uint8Array; readonly mask: Uint8Array }

/** A range as a log line says it: `203.0.113.0 mask 0.0.0.255` (the mask's bits are the ones ignored). */
export const describeRange = (range: Range): string => `${printIp(range.ip)} mask ${printMask(range.ip, range.mask)}`

/** A range as log annotations. */
export const rangeAnnotations = (range: Range) => ({ ip: printIp(range.ip), mask: printMask(range.ip, range.mask) })

/** The address and mask of an `ip-ban` or `ip-unban`, or `bad-ip-format` sent and `undefined`. */
const parseRange = (session: Session, update: IpBan | IpUnban) =>
  Effect.gen(function*() {
    const ip = parseIp(update.ip)
    const mask = parseMask(update.mask)
    if (ip === undefined || mask === undefined) {
      yield* fail(session.connection, BadIpFormat, update, "ip and mask must be IPv4 or IPv6 addresses.")
      return undefined
    }
    return { ip, mask }
  })

/**
 * Checks an `ip-ban` or `ip-unban` against the primary channel's rules,
 * parses its range, runs `f` on it, and echoes the update.
 */
export const withRange = <U extends IpBan | IpUnban>(
  session: Session,
  update: U,
  f: (range: Range) => Effect.Effect<void>
) =>
  Handler.inPrimary(session, update, () =>
    Effect.flatMap(parseRange(session, update), (range) =>
      range === undefined ? Effect.void : Effect.andThen(f(range), Effect.sync(() => send(session.connection, update)))))
