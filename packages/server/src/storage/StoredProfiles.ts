/**
 * Registered profiles kept in the `Store` (its `profiles` collection), so
 * that they outlive the process.
 *
 * Read and written through (one row per profile, its JSON, the password's
 * salt and hash in base64): `put` succeeds once the store holds the
 * profile, and a profile provisioned by `lichat-server operator add` while
 * the server runs counts at the next login. A write that fails (a full
 * disk, a lost database) is logged; a read that fails fails the caller (a
 * login is refused rather than let through as a name nobody registered).
 * A row that cannot be read back (edited by hand, say) counts as missing,
 * with a warning.
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import type { PasswordHash } from "./Passwords.ts"
import { type Profile, ProfileStore } from "./ProfileStore.ts"
import * as Records from "./Records.ts"
import { Store, type StoreError } from "./Store.ts"

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64")
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64"))

/** A profile as the JSON of its row. */
export const encodeProfile = (profile: Profile): string =>
  JSON.stringify({
    ...profile,
    password: { ...profile.password, salt: toBase64(profile.password.salt), hash: toBase64(profile.password.hash) }
  })

/** A profile from the JSON of its row; `undefined` when it is not one. */
export const decodeProfile = (json: string): Profile | undefined => {
  const value = Records.parseRecord(json)
  if (value === undefined || !Records.isRecord(value["password"]) || !Records.isRecord(value["data"])) return undefined
  const { name, registeredAt, lastUsed, data } = value
  const { algorithm, cost, salt, hash } = value["password"]
  if (
    typeof name !== "string" || typeof registeredAt !== "number" || typeof lastUsed !== "number" ||
    algorithm !== "scrypt" || typeof cost !== "number" || typeof salt !== "string" || typeof hash !== "string"
  ) return undefined
  const password: PasswordHash = { algorithm, cost, salt: fromBase64(salt), hash: fromBase64(hash) }
  return { name, password, registeredAt, lastUsed, data }
}

/** Profiles in the `Store`, read through: one written by another process counts at its next read. */
export const layer: Layer.Layer<ProfileStore, StoreError, Store> = Layer.effect(
  ProfileStore,
  Effect.gen(function*() {
    const store = yield* Store
    const decoded = (key: string, json: string): Effect.Effect<Profile | undefined> => {
      const profile = decodeProfile(json)
      return profile === undefined
        ? Effect.as(Effect.logWarning(`${store.describe}: the profile ${key} cannot be read; it counts as missing`), undefined)
        : Effect.succeed(profile)
    }
    // A profile that cannot be read must not pass for a name nobody registered: the caller dies, logged.
    const orDie = <A>(effect: Effect.Effect<A, StoreError>) => Effect.orDie(effect)
    // A failed write is logged; the server goes on.
    const logged = (what: string) => (effect: Effect.Effect<void, StoreError>) =>
      Effect.catch(effect, (error) => Effect.logError(`${error.store}: could not ${what}: ${error.message}`))
    yield* Effect.logInfo(`${store.describe}: ${(yield* store.all("profiles")).length} profile(s)`)
    return ProfileStore.of({
      get: (key) =>
        Effect.flatMap(orDie(store.get("profiles", key)), (json) => json === undefined ? Effect.undefined : decoded(key, json)),
      put: (key, profile) => logged(`store the profile ${key}`)(store.put("profiles", key, encodeProfile(profile))),
      remove: (key) => logged(`remove the profile ${key}`)(store.remove("profiles", key)),
      all: Effect.flatMap(orDie(store.all("profiles")), (rows) =>
        Effect.map(
          Effect.forEach(rows, ([key, json]) => Effect.map(decoded(key, json), (profile) => [key, profile] as const)),
          (pairs) => pairs.filter((pair): pair is readonly [string, Profile] => pair[1] !== undefined)
        ))
    })
  })
)
