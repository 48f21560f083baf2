/**
 * `backfill` (shirakumo-backfill): a member catches up with what the
 * channel distributed since it joined (a registered member: since it
 * joined and did not leave, across disconnections and restarts, as far as
 * the channel's history goes), and since `since` when given,
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
      const key = session.user.key
      // A membership begun in this run is exact by sequence; one restored from the store, by its clock.
      const restored = state.memberSeq.has(key) ? undefined : state.memberSince.get(key)
      const joined = state.memberSeq.get(key) ?? (restored === undefined ? state.joinedAt.get(key) : 0) ??
        Number.POSITIVE_INFINITY
      const asked = update.since === undefined ? oldest : Math.max(oldest, Number(update.since))
      const since = restored === undefined ? asked : Math.max(asked, restored)
      state.history?.forEach((entry) => {
        if (entry.seq <= joined || entry.clock < since) return
        if (entry.fromKey === session.user.key && entry.isJoin) return
        if (entry.fromKey !== undefined && entry.fromKey !== session.user.key && session.user.blocked.has(entry.fromKey)) return
        session.connection.deliver(entry.frame)
      })
      send(session.connection, update)
    })
})
