/**
 * `user-info` (spec §5.5.3): whether a user present or registered is
 * registered, and how many connections it has; with shirakumo-user-info,
 * its profile's info too.
 *
 * @since 0.1.0
 */
import { nameKey } from "@lichat/core"
import { Effect } from "effect"
import { ServerConfig } from "../config/ServerConfig.ts"
import { send } from "../connection/Session.ts"
import * as Extensions from "../extensions/Extensions.ts"
import { infoList } from "../extensions/userInfo/info.ts"
import { ProfileStore } from "../storage/ProfileStore.ts"
import * as Handler from "./Handler.ts"

/** Whether the target is registered, and how many connections it has. */
export const userInfo = Handler.make({
  tag: "user-info",
  target: "known",
  handle: (session, update, _channel, present) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const profile = yield* (yield* ProfileStore).get(nameKey(update.target))
        const config = yield* ServerConfig
        // shirakumo-user-info: the profile's info, an empty list for users without one (and with
        // the extension off: lichat-js iterates :info on every user-info and throws on none).
        const withInfo = Extensions.isEnabled(config, "shirakumo-user-info")
        send(
          session.connection,
          Handler.patch(update, {
            target: present?.name ?? profile?.name ?? update.target,
            registered: present?.registered ?? profile !== undefined,
            connections: present?.connections.size ?? 0,
            info: withInfo && profile !== undefined ? infoList(profile) : []
          })
        )
      }))
})
