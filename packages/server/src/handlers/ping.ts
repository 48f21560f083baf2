/**
 * `ping` (spec §4.2): answered with a `pong` carrying the same id.
 *
 * @since 0.1.0
 */
import { Pong, universalTimeNow } from "@lichat/core"
import { Effect } from "effect"
import { Registry } from "../actors/Registry.ts"
import { send } from "../connection/Session.ts"
import * as Handler from "./Handler.ts"

/** Replies `pong`. */
export const ping = Handler.make({
  tag: "ping",
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      send(session.connection, new Pong({ id: update.id, clock: yield* universalTimeNow, from: registry.serverName }))
    })
})
