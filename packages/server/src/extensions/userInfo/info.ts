/**
 * shirakumo-user-info: profile metadata under the six required keys
 * (:birthday :contact :location :public-key :real-name :status), and :icon
 * with shirakumo-icon, stored in the profile's data; `user-info` replies
 * carry it in `info`.
 *
 * @since 0.1.0
 */
import { keyword, type ValueList } from "@lichat/core"
import type { ServerConfig } from "../../config/ServerConfig.ts"
import type { Profile } from "../../storage/ProfileStore.ts"
import * as Extensions from "../Extensions.ts"

/** The profile data key of the user info. */
export const INFO_KEY = "shirakumo-user-info"

/** The keys every server must accept. */
const USER_INFO_KEYS: ReadonlyArray<string> = ["birthday", "contact", "location", "public-key", "real-name", "status"]
for (const key of [...USER_INFO_KEYS, "icon"]) keyword(key)

/** The most characters a text value may have. */
export const maxText = 10_000

/** The keys the server keeps, `icon` among them when shirakumo-icon is on. */
export const keysFor = (config: ServerConfig["Service"]): ReadonlyArray<string> =>
  Extensions.isEnabled(config, "shirakumo-icon") ? [...USER_INFO_KEYS, "icon"] : USER_INFO_KEYS

/** The stored info of a profile. */
export const infoOf = (profile: Profile): Readonly<Record<string, string>> => {
  const info = profile.data[INFO_KEY]
  return typeof info === "object" && info !== null ? info as Record<string, string> : {}
}

/** The `info` association list of a profile: `((:key "value") …)`. */
export const infoList = (profile: Profile): ReadonlyArray<ValueList> =>
  Object.entries(infoOf(profile)).map(([key, value]) => [keyword(key), value])
