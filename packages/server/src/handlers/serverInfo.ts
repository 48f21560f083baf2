/**
 * `server-info` (spec §5.5.5): what the server knows of a user present or
 * registered — its channels and registration date, and per connection when
 * it was made (with shirakumo-ip, from which address).
 *
 * @since 0.1.0
 */
import { intern, lichat, NIL, nameKey, SHIRAKUMO, type ValueList } from "@lichat/core"
import { Effect } from "effect"
import { ServerConfig } from "../config/ServerConfig.ts"
import { send } from "../connection/Session.ts"
import * as Extensions from "../extensions/Extensions.ts"
import { parseIp, printIp } from "../extensions/ip/addresses.ts"
import { ProfileStore } from "../storage/ProfileStore.ts"
import * as Handler from "./Handler.ts"

const CHANNELS = lichat("channels")
const REGISTERED_ON = lichat("registered-on")
const CONNECTED_ON = lichat("connected-on")
const IP = intern(SHIRAKUMO, "ip")

/**
 * What the server knows of a user (§5.5.5): its channels and registration
 * date, and per connection when it was made.
 */
export const serverInfo = Handler.make({
  tag: "server-info",
  target: "known",
  handle: (session, update, _channel, present) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const profile = yield* (yield* ProfileStore).get(nameKey(update.target))
        const attributes: ReadonlyArray<ValueList> = [
          [CHANNELS, Array.from(present?.channels.values() ?? [], (channel) => channel.name)],
          [REGISTERED_ON, profile?.registeredAt ?? NIL]
        ]
        const withIp = Extensions.isEnabled(yield* ServerConfig, "shirakumo-ip")
        const connections: ReadonlyArray<ReadonlyArray<ValueList>> = Array.from(
          present?.connections ?? [],
          (connection) => {
            const ip = parseIp(connection.address)
            return withIp && ip !== undefined
              ? [[CONNECTED_ON, connection.connectedAt], [IP, printIp(ip)]]
              : [[CONNECTED_ON, connection.connectedAt]]
          }
        )
        send(session.connection, Handler.patch(update, { attributes, connections }))
      }))
})
