/**
 * History retention: at start and every ten minutes, each channel's stored
 * history is cut to `historyLimit` updates and, with `historyAge`, to that
 * age.
 *
 * @since 0.2.0
 */
import { toUniversalTime } from "@lichat/core"
import { Clock, Duration, Effect, Schedule } from "effect"
import type { ServerConfig } from "../config/ServerConfig.ts"
import type { StoreService } from "./Store.ts"

/** How often history is pruned. */
const interval = Duration.minutes(10)

/** Prunes once. */
export const prune = (store: StoreService, config: ServerConfig["Service"]): Effect.Effect<void> =>
  Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    const age = Duration.toSeconds(config.historyAge)
    const before = age > 0 ? toUniversalTime(now) - age : 0
    const removed = yield* store.pruneHistory({ before, limit: config.historyLimit })
    if (removed > 0) yield* Effect.logInfo(`history: ${removed} old update(s) removed`)
  }).pipe(Effect.catch((error) => Effect.logError(`history could not be pruned: ${error.message}`)))

/** Prunes now and then every `interval`, for ever. */
export const run = (store: StoreService, config: ServerConfig["Service"]): Effect.Effect<void> =>
  Effect.repeat(prune(store, config), Schedule.spaced(interval)).pipe(Effect.asVoid)
