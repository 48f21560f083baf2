/**
 * `emote` (shirakumo-emotes): sets one emote of the channel (an image of
 * at most `maxImageSize` bytes, within `maxEmotes`), or removes it with an
 * empty payload, and distributes the change. A channel that holds no
 * emotes (see channelEmotes.ts) refuses it.
 *
 * @since 0.1.0
 */
import { BadContentType, EmoteListFull, MalformedUpdate, nameKey, UpdateTooLong } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../../actors/ChannelState.ts"
import { fail, quote, send, serverStamp } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import { base64Size, IMAGE_TYPES } from "../Images.ts"
import { withEmotes } from "./channelEmotes.ts"

/** Sets or removes one emote of the channel and distributes the change. */
export const emote = Handler.inChannel({
  tag: "emote",
  extension: "shirakumo-emotes",
  member: true,
  before: withEmotes,
  step: (session, update, state) =>
    Effect.gen(function*() {
      const config = session.config
      const channel = state.handle
      const key = nameKey(update.name)
      if (update.name.length === 0 || update.name.length > 64 || update.name.includes(":")) {
        const stamp = yield* serverStamp
        return send(session.connection, new MalformedUpdate({ ...stamp, text: "An emote name has 1 to 64 characters and no colon." }))
      }
      if (update.payload.length === 0) {
        state.emotes.delete(key)
        yield* Channel.kept(state)
        return Channel.broadcast(state, Handler.withChannelName(update, channel))
      }
      if (!state.emotes.has(key) && state.emotes.size >= config.maxEmotes) {
        return yield* fail(session.connection, EmoteListFull, update, `${channel.name} has ${config.maxEmotes} emotes already.`)
      }
      if (!IMAGE_TYPES.includes(update.contentType.toLowerCase())) {
        const stamp = yield* serverStamp
        return send(session.connection, new BadContentType({
          ...stamp,
          updateId: update.id,
          text: `Emotes must be images, not ${quote(update.contentType)}.`,
          allowedContentTypes: IMAGE_TYPES
        }))
      }
      const size = base64Size(update.payload)
      if (size === undefined || size > config.maxImageSize) {
        const stamp = yield* serverStamp
        return send(session.connection, new UpdateTooLong({ ...stamp, text: `Emote images may have at most ${config.maxImageSize} bytes.` }))
      }
      state.emotes.set(key, { name: update.name, contentType: update.contentType, payload: update.payload })
      yield* Channel.kept(state)
      Channel.broadcast(state, Handler.withChannelName(update, channel))
    })
})
