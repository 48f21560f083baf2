/**
 * shirakumo-emotes: per-channel emote maps. `emotes` sends the member each
 * emote it does not have yet, then the list of names; `emote` sets one
 * (an empty payload removes it) and distributes the change. Only channels
 * that are not anonymous and were created by a registered user (or the
 * server) hold emotes.
 *
 * @since 0.1.0
 */
import { BadContentType, Emote, EmoteListFull, MalformedUpdate, nameKey, UpdateTooLong } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../Channel.ts"
import * as Handler from "../Handler.ts"
import { ProfileStore } from "../ProfileStore.ts"
import { Registry } from "../Registry.ts"
import { ServerConfig } from "../ServerConfig.ts"
import { fail, quote, send, serverStamp } from "../Session.ts"
import { base64Size, IMAGE_TYPES } from "./Images.ts"

/** Whether the channel may hold emotes: not anonymous, and made by the server or a registered user. */
const holdsEmotes = (channelName: string) =>
  Effect.gen(function*() {
    const registry = yield* Registry
    const channel = registry.findChannel(channelName)!
    if (channel.kind === "anonymous") return false
    if (channel.kind === "primary") return true
    const registrant = registry.state.channels.get(channel.key)?.state.registrant
    return registrant !== undefined && (yield* (yield* ProfileStore).get(nameKey(registrant))) !== undefined
  })

/** Sends the emotes the client lacks, then the full list of names. */
export const emotes = Handler.make({
  tag: "emotes",
  extension: "shirakumo-emotes",
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const channel = registry.findChannel(update.channel)!
      if (!(yield* holdsEmotes(update.channel))) {
        return yield* Handler.deny(session, update, `${channel.name} has no emotes.`)
      }
      yield* Handler.asMember(session, update, channel, (state) =>
        Effect.sync(() => {
          const known = new Set((update.names ?? []).map(nameKey))
          for (const emote of state.emotes.values()) {
            if (known.has(nameKey(emote.name))) continue
            send(
              session.connection,
              new Emote({
                id: update.id,
                clock: update.clock!,
                from: registry.serverName,
                channel: channel.name,
                name: emote.name,
                contentType: emote.contentType,
                payload: emote.payload
              })
            )
          }
          send(session.connection, Handler.patch(Handler.withChannelName(update, channel), {
            names: Array.from(state.emotes.values(), (e) => e.name)
          }))
        }))
    })
})

/** Sets or removes one emote of the channel and distributes the change. */
export const emote = Handler.make({
  tag: "emote",
  extension: "shirakumo-emotes",
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const config = yield* ServerConfig
      const channel = registry.findChannel(update.channel)!
      if (!(yield* holdsEmotes(update.channel))) {
        return yield* Handler.deny(session, update, `${channel.name} has no emotes.`)
      }
      yield* Handler.asMember(session, update, channel, (state) =>
        Effect.gen(function*() {
          const key = nameKey(update.name)
          if (update.name.length === 0 || update.name.length > 64 || update.name.includes(":")) {
            const stamp = yield* serverStamp
            return send(session.connection, new MalformedUpdate({ ...stamp, text: "An emote name has 1 to 64 characters and no colon." }))
          }
          if (update.payload.length === 0) {
            state.emotes.delete(key)
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
          Channel.broadcast(state, Handler.withChannelName(update, channel))
        }))
    })
})
