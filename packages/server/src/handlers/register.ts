/**
 * `register` (spec §5.2): creates the user's profile, or changes its
 * password, and echoes the update back.
 *
 * @since 0.1.0
 */
import { RegistrationRejected, universalTimeNow } from "@lichat/core"
import { Effect } from "effect"
import * as AuditLog from "../AuditLog.ts"
import { isOperator } from "../actors/Channel.ts"
import { Registry } from "../actors/Registry.ts"
import { ServerConfig } from "../config/ServerConfig.ts"
import { fail, send } from "../connection/Session.ts"
import { MIN_PASSWORD_LENGTH } from "../storage/Operators.ts"
import * as Passwords from "../storage/Passwords.ts"
import { ProfileStore } from "../storage/ProfileStore.ts"
import * as Handler from "./Handler.ts"

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
        // An operator's profile is provisioned by the administrator, never claimed by whoever comes first.
        if (!session.user.registered && isOperator(config, session.user.key)) {
          yield* AuditLog.event(
            "register-refused",
            `register: refused ${AuditLog.quoted(session.user.name)} from ${session.connection.address}: an operator's name (provision it with lichat-server operator add)`,
            { ...AuditLog.actor(session), reason: "operator-not-provisioned" }
          )
          return yield* fail(
            session.connection,
            RegistrationRejected,
            update,
            `${session.user.name} is an operator's name: its profile is made by the server's administrator.`
          )
        }
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
        yield* AuditLog.event(
          "register",
          `register: ${AuditLog.quoted(session.user.name)} ${existing === undefined ? "registered" : "changed its password"} from ${session.connection.address}`,
          { ...AuditLog.actor(session), profile: existing === undefined ? "new" : "password-changed" }
        )
        send(session.connection, update)
      }))
})
