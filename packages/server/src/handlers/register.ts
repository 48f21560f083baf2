/**
 * `register` (spec §5.2): creates the user's profile, or changes its
 * password, and echoes the update back.
 *
 * @since 0.1.0
 */
import { RegistrationRejected, universalTimeNow } from "@lichat/core"
import { Effect } from "effect"
import { Registry } from "../actors/Registry.ts"
import { ServerConfig } from "../config/ServerConfig.ts"
import { fail, send } from "../connection/Session.ts"
import * as Passwords from "../storage/Passwords.ts"
import { ProfileStore } from "../storage/ProfileStore.ts"
import * as Handler from "./Handler.ts"

/** The shortest password accepted (§2.3.1). */
const MIN_PASSWORD_LENGTH = 6

/** Registers the sender's name with the given password. */
export const register = Handler.make({
  tag: "register",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        if (session.user === registry.serverUser) {
          return yield* fail(session.connection, RegistrationRejected, update, "The server's own name cannot be registered.")
        }
        if ([...update.password].length < MIN_PASSWORD_LENGTH) {
          return yield* fail(
            session.connection,
            RegistrationRejected,
            update,
            `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`
          )
        }
        const config = yield* ServerConfig
        const profiles = yield* ProfileStore
        const now = yield* universalTimeNow
        const existing = yield* profiles.get(session.user.key)
        const password = yield* Passwords.hash(update.password, config.salt)
        yield* profiles.put(session.user.key, {
          name: existing?.name ?? session.user.name,
          password,
          registeredAt: existing?.registeredAt ?? now,
          lastUsed: now,
          data: existing?.data ?? {}
        })
        session.user.registered = true
        send(session.connection, update)
      }))
})
