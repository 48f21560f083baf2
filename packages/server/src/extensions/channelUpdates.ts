/**
 * Small channel updates that members send to each other: `typing`
 * (shirakumo-typing) and `react` (shirakumo-reactions). Each is
 * distributed to the channel like a message.
 *
 * @since 0.1.0
 */
import { MalformedUpdate, nameKey } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../Channel.ts"
import * as Handler from "../Handler.ts"
import { Registry } from "../Registry.ts"
import { quote, send, serverStamp } from "../Session.ts"

/** Tells the channel that the sender is typing. */
export const typing = Handler.make({
  tag: "typing",
  extension: "shirakumo-typing",
  handle: (session, update) =>
    Effect.flatMap(Effect.service(Registry), (registry) =>
      Handler.asMember(session, update, registry.findChannel(update.channel)!, (state) =>
        Effect.sync(() => Channel.broadcast(state, update))))
})

/** Text made only of emoji (pictographs, modifiers, joiners, variation selectors, keycaps, flags). */
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\p{Emoji_Presentation}|\u200d|\ufe0f|\u20e3)+$/u

/** Whether `emote` is emoji, or the name of an emote of the channel or of the primary channel. */
export const isValidEmote = (emote: string, ...maps: ReadonlyArray<ReadonlyMap<string, unknown>>): boolean =>
  emote.length > 0 && emote.length <= 64 && (EMOJI.test(emote) || maps.some((m) => m.has(nameKey(emote))))

/** Distributes a reaction to an earlier update (shirakumo-reactions). */
export const react = Handler.make({
  tag: "react",
  extension: "shirakumo-reactions",
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const channel = registry.findChannel(update.channel)!
      const primaryEmotes = registry.state.channels.get(registry.primary.key)?.state.emotes ?? new Map()
      yield* Handler.asMember(session, update, channel, (state) =>
        Effect.gen(function*() {
          if (!isValidEmote(update.emote, state.emotes, primaryEmotes)) {
            const stamp = yield* serverStamp
            return send(session.connection, new MalformedUpdate({ ...stamp, text: `${quote(update.emote)} is not an emoji or emote.` }))
          }
          Channel.broadcast(state, update)
        }))
    })
})
