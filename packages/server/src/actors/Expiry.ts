/**
 * Lifetimes (spec §2.3, §2.4): a channel nobody has been in for
 * `channelLifetime` is removed (an anonymous channel as soon as it is
 * empty: nobody can join it again), and a registered profile unused for
 * `profileLifetime` is deleted.
 *
 * The sweep is a scheduled stream of ticks on the `Clock`
 * (`Schedule.spaced`), so `TestClock` drives it in tests. The time a
 * channel became empty is measured by the sweep itself, on the server's
 * clock, never from clocks that clients send.
 *
 * @since 0.1.0
 */
import { universalTimeNow } from "@lichat/core"
import { Duration, Effect, Schedule, Stream } from "effect"
import { ServerConfig } from "../config/ServerConfig.ts"
import { ProfileStore } from "../storage/ProfileStore.ts"
import type { RegistryService, RegistryState } from "./Registry.ts"
import { SweepChannels } from "./RegistryProtocol.ts"

/** How often to sweep: a tenth of the shorter lifetime, between 1 second and 1 hour. */
const sweepInterval = (config: ServerConfig["Service"]): Duration.Duration => {
  const shortest = Math.min(Duration.toMillis(config.channelLifetime), Duration.toMillis(config.profileLifetime))
  return Duration.millis(Math.min(3_600_000, Math.max(1_000, Math.floor(shortest / 10))))
}

/** One sweep: removes expired channels (through the registry's mailbox) and profiles. */
const sweep = (registry: RegistryService): Effect.Effect<void, never, ServerConfig | ProfileStore> =>
  Effect.gen(function*() {
    const config = yield* ServerConfig
    const profiles = yield* ProfileStore
    const now = yield* universalTimeNow
    yield* registry.call(new SweepChannels({ now, lifetime: Duration.toSeconds(config.channelLifetime) })).pipe(Effect.ignore)
    const profileLifetime = Duration.toSeconds(config.profileLifetime)
    for (const [key, profile] of yield* profiles.all) {
      if (registry.state.users.has(key)) continue
      if (now - profile.lastUsed >= profileLifetime) {
        // In a cluster, its user may be on another runner.
        if (registry.lookupUser !== undefined && (yield* registry.lookupUser(profile.name)) !== undefined) continue
        yield* profiles.remove(key)
        yield* Effect.logInfo(`profile ${profile.name} expired`)
      }
    }
  })

/**
 * The registry's side of a sweep: notes when channels became empty and
 * removes those empty for longer than `lifetime` (anonymous ones at once).
 * Runs in the registry's actor.
 */
export const sweepChannels = (
  state: RegistryState,
  { lifetime, now }: SweepChannels,
  removeChannel: (key: string) => Effect.Effect<void>
): Effect.Effect<void> =>
  Effect.gen(function*() {
    for (const [key, entry] of state.channels) {
      if (entry.handle.kind === "primary" || entry.state.members.size > 0) {
        state.emptySince.delete(key)
        continue
      }
      const since = state.emptySince.get(key)
      if (since === undefined && entry.handle.kind === "regular") {
        state.emptySince.set(key, now)
      } else if (entry.handle.kind === "anonymous" || (since !== undefined && now - since >= lifetime)) {
        state.emptySince.delete(key)
        yield* removeChannel(key)
        yield* Effect.logDebug(`channel ${entry.handle.name} expired`)
      }
    }
  })

/** Runs the sweep forever on its schedule; fork it in the registry's scope. */
export const run = (registry: RegistryService): Effect.Effect<void, never, ServerConfig | ProfileStore> =>
  Effect.flatMap(Effect.service(ServerConfig), (config) =>
    Stream.fromSchedule(Schedule.spaced(sweepInterval(config))).pipe(Stream.runForEach(() => sweep(registry))))
