/**
 * Storage of registered profiles (spec §2.3). The server reads and writes
 * profiles only through this service, so an embedding application can keep
 * them in its own database by providing another implementation. The default
 * keeps them in memory.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer } from "effect"
import type { PasswordHash } from "./Passwords.ts"

/** A registered profile. */
export interface Profile {
  /** The user name as registered. */
  readonly name: string
  readonly password: PasswordHash
  /** Universal time of registration. */
  readonly registeredAt: number
  /** Universal time the profile was last used (a login or a connection closing). */
  readonly lastUsed: number
  /** Extension data kept with the profile (user info, block lists, …), by extension name. */
  readonly data: Readonly<Record<string, unknown>>
}

/** The storage contract, keyed by the case-insensitive name key. */
export class ProfileStore extends Context.Service<ProfileStore, {
  readonly get: (key: string) => Effect.Effect<Profile | undefined>
  readonly put: (key: string, profile: Profile) => Effect.Effect<void>
  readonly remove: (key: string) => Effect.Effect<void>
  /** Every stored profile with its key. */
  readonly all: Effect.Effect<ReadonlyArray<readonly [string, Profile]>>
}>()("@lichat/server/ProfileStore") {
  /** Profiles in memory, gone when the process ends. */
  static readonly layerMemory: Layer.Layer<ProfileStore> = Layer.sync(ProfileStore, () => {
    const profiles = new Map<string, Profile>()
    return ProfileStore.of({
      get: (key) => Effect.sync(() => profiles.get(key)),
      put: (key, profile) => Effect.sync(() => void profiles.set(key, profile)),
      remove: (key) => Effect.sync(() => void profiles.delete(key)),
      all: Effect.sync(() => Array.from(profiles))
    })
  })
}
