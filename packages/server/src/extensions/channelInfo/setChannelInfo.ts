/**
 * `set-channel-info` (shirakumo-channel-info): sets one key of the
 * channel's info after checking that the server keeps it and the value
 * fits (see keys.ts), and distributes the change to the channel.
 *
 * @since 0.1.0
 */
import { MalformedChannelInfo } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../../actors/ChannelState.ts"
import { fail, quote } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import { isWellFormed, keysFor, noSuchKey } from "./keys.ts"

/** Sets one key and distributes the change. */
export const setChannelInfo = Handler.inChannel({
  tag: "set-channel-info",
  extension: "shirakumo-channel-info",
  member: false,
  step: (session, update, state) => {
    const config = session.config
    if (!keysFor(config).includes(update.key)) return noSuchKey(session, update, update.key)
    if (!isWellFormed(update.key, update.text, config)) {
      return fail(session.connection, MalformedChannelInfo, update, `Not a valid value for ${quote(update.key.toString())}.`)
    }
    state.info.set(update.key.name, update.text)
    return Effect.andThen(
      Channel.kept(state),
      Effect.sync(() => Channel.broadcast(state, Handler.withChannelName(update, state.handle)))
    )
  }
})
