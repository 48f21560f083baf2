/**
 * `channel-info` (shirakumo-channel-info): answers one `set-channel-info`
 * per requested key, or every kept key for `T` (see keys.ts), and
 * `no-such-channel-info` for a key the server does not keep. An unset text
 * key reads as "", an unset icon is not sent at all.
 *
 * @since 0.1.0
 */
import { SetChannelInfo, universalTimeNow } from "@lichat/core"
import { Effect } from "effect"
import { send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import { ICON, keysFor, noSuchKey } from "./keys.ts"

/** Answers the requested keys, one `set-channel-info` each. */
export const channelInfo = Handler.inChannel({
  tag: "channel-info",
  extension: "shirakumo-channel-info",
  member: false,
  step: (session, update, state) =>
    Effect.gen(function*() {
      // The dispatcher has filled in the clock; the replies carry it.
      const clock = update.clock ?? (yield* universalTimeNow)
      const known = keysFor(session.config)
      for (const key of update.keys === true ? known : update.keys) {
        if (!known.includes(key)) {
          yield* noSuchKey(session, update, key)
          continue
        }
        const text = state.info.get(key.name)
        // An icon is a content type and base64 data or nothing: lichat-js 2.0 throws on an empty one.
        if (key === ICON && text === undefined) continue
        send(
          session.connection,
          new SetChannelInfo({
            id: update.id,
            clock,
            from: session.registry.serverName,
            channel: state.handle.name,
            key,
            text: text ?? ""
          })
        )
      }
    })
})
