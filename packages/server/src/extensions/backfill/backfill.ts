/**
 * `backfill` (shirakumo-backfill): a member catches up with what the
 * channel distributed since it joined (and since `since`, when given),
 * replayed to the requesting connection only, exactly as first sent; the
 * member's own join is never part of it, nor anything from users it
 * blocks. The `backfill` update is echoed at the end.
 *
 * @since 0.1.0
 */
import { universalTimeNow } from "@lichat/core"
import { Duration, Effect } from "effect"
import { send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"

/** Replays the channel's history to the requesting connection. */
export const backfill = Handler.inChannel({
  tag: "backfill",
  extension: "shirakumo-backfill",
  member: true,
  step: (session, update, state) =>
    Effect.map(universalTimeNow, (now) => {
      const oldest = now - Duration.toSeconds(session.config.backfillAge)
      const joined = state.joinedAt.get(session.user.key) ?? Number.POSITIVE_INFINITY
      const since = update.since === undefined ? oldest : Math.max(oldest, Number(update.since))
      state.history?.forEach((entry) => {
        if (entry.seq <= joined || entry.clock < since) return
        if (entry.fromKey === session.user.key && entry.isJoin) return
        if (entry.fromKey !== undefined && entry.fromKey !== session.user.key && session.user.blocked.has(entry.fromKey)) return
        session.connection.deliver(entry.frame)
      })
      send(session.connection, update)
    })
})
