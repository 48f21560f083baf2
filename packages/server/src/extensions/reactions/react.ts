/**
 * `react` (shirakumo-reactions): a member reacts to an earlier update with
 * an emoji or an emote of the channel or of the primary channel; the
 * reaction is distributed to the channel like a message, anything else is
 * a `malformed-update`.
 *
 * @since 0.1.0
 */
import { MalformedUpdate, nameKey } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../../actors/ChannelState.ts"
import { quote, send, serverStamp } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"

/** Text made only of emoji (pictographs, modifiers, joiners, variation selectors, keycaps, flags). */
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\p{Emoji_Presentation}|\u200d|\ufe0f|\u20e3)+$/u

/** Whether `emote` is emoji, or the name of an emote of the channel or of the primary channel. */
const isValidEmote = (emote: string, ...maps: ReadonlyArray<ReadonlyMap<string, unknown>>): boolean =>
  emote.length > 0 && emote.length <= 64 && (EMOJI.test(emote) || maps.some((m) => m.has(nameKey(emote))))

/** Distributes a reaction to an earlier update. */
export const react = Handler.inChannel({
  tag: "react",
  extension: "shirakumo-reactions",
  member: true,
  step: (session, update, state) =>
    Effect.gen(function*() {
      const registry = session.registry
      const primaryEmotes = registry.state.channels.get(registry.primary.key)?.state.emotes ?? new Map()
      if (!isValidEmote(update.emote, state.emotes, primaryEmotes)) {
        const stamp = yield* serverStamp
        return send(session.connection, new MalformedUpdate({ ...stamp, text: `${quote(update.emote)} is not an emoji or emote.` }))
      }
      Channel.broadcast(state, update)
    })
})
