/**
 * Registers the IDLE_USERS profiles in the server's profile store, hashed
 * with scrypt cost 16 instead of the default 2^14: the benchmark measures
 * connections, not password checks.
 */
import { Passwords, ProfileStore } from "@lichat/server"
import { Effect, Redacted } from "effect"
import { IDLE_USERS } from "./idleUsers.ts"

const CHEAP_COST = 16

export const registerIdleUsers: Effect.Effect<void, never, ProfileStore> = Effect.gen(function*() {
  const store = yield* ProfileStore
  // The server's salt is the default "" (lichatServer.ts sets none).
  const password = yield* Passwords.hash(IDLE_USERS.password, Redacted.make(""), CHEAP_COST)
  for (let i = 0; i < IDLE_USERS.count; i++) {
    const name = `${IDLE_USERS.prefix}${i}`
    yield* store.put(name, { name, password, registeredAt: 0, lastUsed: 4e9, data: {} })
  }
})
