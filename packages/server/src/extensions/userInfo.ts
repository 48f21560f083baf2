/**
 * shirakumo-user-info: profile metadata under the six required keys
 * (:birthday :contact :location :public-key :real-name :status), and :icon
 * with shirakumo-icon. `set-user-info` sets one key of the sender's
 * profile; `user-info` replies carry the profile's keys in `info`.
 *
 * @since 0.1.0
 */
import { findOrPlaceholder, keyword, KEYWORD, MalformedUserInfo, NoSuchProfile, NoSuchUserInfo, type Sym, type ValueList } from "@lichat/core"
import { Effect } from "effect"
import * as Extensions from "../Extensions.ts"
import * as Handler from "../Handler.ts"
import type { Profile } from "../ProfileStore.ts"
import { ProfileStore } from "../ProfileStore.ts"
import { ServerConfig } from "../ServerConfig.ts"
import { fail, quote, send, serverStamp } from "../Session.ts"
import { isIcon } from "./Images.ts"

/** The profile data key of the user info. */
export const INFO_KEY = "shirakumo-user-info"

/** The keys every server must accept. */
export const USER_INFO_KEYS: ReadonlyArray<string> = ["birthday", "contact", "location", "public-key", "real-name", "status"]
for (const key of [...USER_INFO_KEYS, "icon"]) keyword(key)

const maxText = 10_000

const keysFor = (config: ServerConfig["Service"]): ReadonlyArray<string> =>
  Extensions.isEnabled(config, "shirakumo-icon") ? [...USER_INFO_KEYS, "icon"] : USER_INFO_KEYS

/** The stored info of a profile. */
const infoOf = (profile: Profile): Readonly<Record<string, string>> => {
  const info = profile.data[INFO_KEY]
  return typeof info === "object" && info !== null ? info as Record<string, string> : {}
}

/** The `info` association list of a profile: `((:key "value") …)`. */
export const infoList = (profile: Profile): ReadonlyArray<ValueList> =>
  Object.entries(infoOf(profile)).map(([key, value]) => [keyword(key), value])

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
