/**
 * `pause` (shirakumo-pause): sets the channel's pause, a minimum interval
 * between two updates of one user (at most a day; enforced in
 * Handler.inChannel), and distributes it. A member joining a paused
 * channel is told its pause.
 *
 * @since 0.1.0
 */
import { Pause } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../../actors/ChannelState.ts"
import type { Session } from "../../connection/Session.ts"
import { send, stampAt } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"

/** The longest pause accepted: one day. */
const maxPause = 86_400

/** Sets the channel's pause and distributes it. */
export const pause = Handler.inChannel({
  tag: "pause",
  extension: "shirakumo-pause",
  member: false,
  step: (_session, update, state) =>
    Effect.suspend(() => {
      state.pause = Math.max(0, Math.min(maxPause, Number(update.by)))
      state.lastPosted.clear()
      return Effect.andThen(
        Channel.kept(state),
        Effect.sync(() => Channel.broadcast(state, Handler.withChannelName(update, state.handle)))
      )
    })
})

/** After a join: tells the new member about the channel's pause (shirakumo-pause, §5.4.1 addition). */
export const announcePause = (state: Channel.ChannelState, session: Session, clock: number): void => {
  if (state.pause > 0) {
    send(session.connection, new Pause({ ...stampAt(session.registry, clock), channel: state.handle.name, by: state.pause }))
  }
}
