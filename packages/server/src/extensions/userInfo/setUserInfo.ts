/**
 * `set-user-info` (shirakumo-user-info): sets one key of the sender's
 * registered profile (see info.ts), after checking that the server keeps
 * the key and the value fits, and echoes the update.
 *
 * @since 0.1.0
 */
import { findOrPlaceholder, KEYWORD, MalformedUserInfo, NoSuchProfile, NoSuchUserInfo, type Sym } from "@lichat/core"
import { Effect } from "effect"
import { ServerConfig } from "../../config/ServerConfig.ts"
import { fail, quote, send, serverStamp } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import { ProfileStore } from "../../storage/ProfileStore.ts"
import { isIcon } from "../Images.ts"
import { INFO_KEY, infoOf, keysFor, maxText } from "./info.ts"

/** Sets one key of the sender's profile. */
export const setUserInfo = Handler.make({
  tag: "set-user-info",
  extension: "shirakumo-user-info",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const config = yield* ServerConfig
        const profiles = yield* ProfileStore
        const profile = session.user.registered ? yield* profiles.get(session.user.key) : undefined
        if (profile === undefined) {
          return yield* fail(session.connection, NoSuchProfile, update, "Only registered users have user info.")
        }
        const name = update.key.replace(/^:/, "").toLowerCase()
        // Only known keys become symbols: a client cannot grow the symbol table.
        const key: Sym = findOrPlaceholder(KEYWORD, name)
        if (!keysFor(config).includes(name)) {
          const stamp = yield* serverStamp
          return send(
            session.connection,
            new NoSuchUserInfo({ ...stamp, updateId: update.id, key, text: `No user info :${quote(name)}.` })
          )
        }
        const wellFormed = name === "icon" ? isIcon(update.text, config.maxImageSize) : update.text.length <= maxText
        if (!wellFormed) return yield* fail(session.connection, MalformedUserInfo, update, `Not a valid value for :${quote(name)}.`)
        const info = { ...infoOf(profile), [name]: update.text }
        yield* profiles.put(session.user.key, { ...profile, data: { ...profile.data, [INFO_KEY]: info } })
        send(session.connection, update)
      }))
})
