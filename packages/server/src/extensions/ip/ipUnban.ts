/**
 * `ip-unban` (shirakumo-ip): lifts the bans of the IP blacklist that lie
 * within an address range (see addresses.ts), and echoes the update.
 * Checked against the primary channel's rules.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as Handler from "../../handlers/Handler.ts"
import { Registry } from "../../actors/Registry.ts"
import { send } from "../../connection/Session.ts"
import { maskBits, matches } from "./addresses.ts"
import { parseRange } from "./range.ts"

/** Lifts bans within an address range. */
export const ipUnban = Handler.make({
  tag: "ip-unban",
  extension: "shirakumo-ip",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        const range = yield* parseRange(session, update)
        if (range === undefined) return
        const { ip, mask } = range
        yield* registry.exec((state) =>
          Effect.sync(() => {
            for (let i = state.ipBlacklist.length - 1; i >= 0; i--) {
              const entry = state.ipBlacklist[i]
              if (entry !== undefined && matches(entry.ip, ip, mask) && maskBits(mask) >= maskBits(entry.mask)) {
                state.ipBlacklist.splice(i, 1)
              }
            }
          })
        ).pipe(Effect.ignore)
        send(session.connection, update)
      }))
})
