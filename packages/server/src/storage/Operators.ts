/**
 * Operators' profiles, provisioned by the administrator
 * (`lichat-server operator add NAME`): an operator's name cannot be claimed
 * with `register` (handlers/register.ts), so its rights go only to whoever
 * holds the provisioned password. A listed operator without a profile is a
 * start warning.
 *
 * @since 0.2.0
 */
import { isValidName, nameKey, universalTimeNow } from "@lichat/core"
import { Effect } from "effect"
import { ServerConfig } from "../config/ServerConfig.ts"
import * as Passwords from "./Passwords.ts"
import { ProfileStore } from "./ProfileStore.ts"

/** The shortest password accepted (§2.3.1). */
export const MIN_PASSWORD_LENGTH = 6

/**
 * Creates the profile `name` with `password` (hashed with the configured
 * salt), or gives an existing one the new password, keeping its data.
 * Fails with a sentence when the name or password cannot be used.
 */
export const provision = (
  name: string,
  password: string
): Effect.Effect<"created" | "updated", string, ProfileStore | ServerConfig> =>
  Effect.gen(function*() {
    const config = yield* ServerConfig
    if (!isValidName(name)) return yield* Effect.fail(`"${name}" is not a valid Lichat name`)
    if (nameKey(name) === nameKey(config.name)) return yield* Effect.fail(`"${name}" is the server's own name`)
    if ([...password].length < MIN_PASSWORD_LENGTH) {
      return yield* Effect.fail(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`)
    }
    const profiles = yield* ProfileStore
    const key = nameKey(name)
    const existing = yield* profiles.get(key)
    const now = yield* universalTimeNow
    yield* profiles.put(key, {
      name: existing?.name ?? name,
      password: yield* Passwords.hash(password, config.salt),
      registeredAt: existing?.registeredAt ?? now,
      lastUsed: now,
      data: existing?.data ?? {}
    })
    return existing === undefined ? "created" : "updated"
  })

/** Warns of every listed operator that has no profile: it grants nothing until provisioned. */
export const warnUnprovisioned: Effect.Effect<void, never, ProfileStore | ServerConfig> = Effect.gen(function*() {
  const config = yield* ServerConfig
  const profiles = yield* ProfileStore
  for (const name of config.operators) {
    if ((yield* profiles.get(nameKey(name))) === undefined) {
      yield* Effect.logWarning(
        `operator ${name} has no profile and holds no rights: provision it with lichat-server operator add ${name}`
      )
    }
  }
})
