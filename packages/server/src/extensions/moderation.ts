/**
 * Channel moderation: `pause` (shirakumo-pause: a minimum interval between
 * two updates of one user; enforced in Handler.inChannel) and `quiet`,
 * `unquiet`, `quieted` (shirakumo-quiet: a quieted user's updates reach
 * only that user; enforced in Channel.broadcast).
 *
 * @since 0.1.0
 */
import { nameKey, Pause, type Quiet, type Unquiet } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../Channel.ts"
import * as Handler from "../Handler.ts"
import type { ChannelHandle } from "../Model.ts"
import { Registry } from "../Registry.ts"
import type { HandlerServices, Session } from "../Session.ts"
import { send, stampAt } from "../Session.ts"

/** The longest pause accepted: one day. */
const maxPause = 86_400

/** Sets the channel's pause and distributes it. */
export const pause = Handler.make({
  tag: "pause",
  extension: "shirakumo-pause",
  handle: (session, update) =>
    Effect.flatMap(Effect.service(Registry), (registry) => {
      const channel = registry.findChannel(update.channel)!
      return Handler.inChannel(session, update, channel, (state) =>
        Effect.sync(() => {
          state.pause = Math.max(0, Math.min(maxPause, Number(update.by)))
          state.lastPosted.clear()
          Channel.broadcast(state, Handler.withChannelName(update, channel))
        }))
    })
})

/** After a join: tells the new member about the channel's pause (shirakumo-pause, §5.4.1 addition). */
export const announcePause = (
  state: Channel.ChannelState,
  session: Session,
  registry: Registry["Service"],
  clock: number
): void => {
  if (state.pause > 0) {
    send(session.connection, new Pause({ ...stampAt(registry, clock), channel: state.handle.name, by: state.pause }))
  }
}

const inChannelByName = (
  session: Session,
  update: Parameters<typeof Handler.inChannel>[1] & { readonly channel: string },
  f: (state: Channel.ChannelState, channel: ChannelHandle) => void
): Effect.Effect<void, never, HandlerServices> =>
  Effect.flatMap(Effect.service(Registry), (registry) => {
    const channel = registry.findChannel(update.channel)!
    return Handler.inChannel(session, update, channel, (state) => Effect.sync(() => f(state, channel)))
  })

/** Puts the target on, or takes it off, the channel's quiet list, and echoes the update. */
const setQuiet = (session: Session, update: Quiet | Unquiet, quieted: boolean) =>
  inChannelByName(session, update, (state) => {
    if (quieted) state.quiet.add(nameKey(update.target))
    else state.quiet.delete(nameKey(update.target))
    send(session.connection, update)
  })

/** Puts the target on the channel's quiet list. */
export const quiet = Handler.make({
  tag: "quiet",
  extension: "shirakumo-quiet",
  target: "known",
  handle: (session, update) => setQuiet(session, update, true)
})

/** Takes the target off the channel's quiet list. */
export const unquiet = Handler.make({
  tag: "unquiet",
  extension: "shirakumo-quiet",
  target: "known",
  handle: (session, update) => setQuiet(session, update, false)
})

/** Lists the channel's quiet list. */
export const quieted = Handler.make({
  tag: "quieted",
  extension: "shirakumo-quiet",
  handle: (session, update) =>
    Effect.flatMap(Effect.service(Registry), (registry) =>
      inChannelByName(session, update, (state) => {
        const names = Array.from(state.quiet, (key) => registry.findUser(key)?.name ?? key)
        send(session.connection, Handler.patch(update, { target: names }))
      }))
})
