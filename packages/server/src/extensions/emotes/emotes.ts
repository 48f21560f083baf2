/**
 * `emotes` (shirakumo-emotes): sends the member each emote of the channel
 * it does not name in `names`, one `emote` update each, then the update
 * back with the full list of names. A channel that holds no emotes (see
 * channelEmotes.ts) refuses it.
 *
 * @since 0.1.0
 */
import { Emote, nameKey, universalTimeNow } from "@lichat/core"
import { Effect } from "effect"
import { send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import { withEmotes } from "./channelEmotes.ts"

/** Sends the emotes the client lacks, then the full list of names. */
export const emotes = Handler.inChannel({
  tag: "emotes",
  extension: "shirakumo-emotes",
  member: true,
  before: withEmotes,
  step: (session, update, state) =>
    Effect.gen(function*() {
      // The dispatcher has filled in the clock; the emotes sent carry it.
      const clock = update.clock ?? (yield* universalTimeNow)
      const known = new Set((update.names ?? []).map(nameKey))
      for (const emote of state.emotes.values()) {
        if (known.has(nameKey(emote.name))) continue
        send(
          session.connection,
          new Emote({
            id: update.id,
            clock,
            from: session.registry.serverName,
            channel: state.handle.name,
            name: emote.name,
            contentType: emote.contentType,
            payload: emote.payload
          })
        )
      }
      send(session.connection, Handler.patch(Handler.withChannelName(update, state.handle), {
        names: Array.from(state.emotes.values(), (e) => e.name)
      }))
    })
})
