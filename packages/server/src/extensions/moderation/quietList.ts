/**
 * A channel's shirakumo-quiet list: a quieted user's updates reach only
 * that user (enforced in Channel.broadcast). `quiet` and `unquiet` edit
 * it, `quieted` reads it.
 *
 * @since 0.1.0
 */
import { nameKey, type Quiet, type Unquiet } from "@lichat/core"
import { Effect } from "effect"
import { type ChannelState, kept } from "../../actors/ChannelState.ts"
import type { Session } from "../../connection/Session.ts"
import { send } from "../../connection/Session.ts"

/** Puts the target on, or takes it off, the channel's quiet list, and echoes the update. */
export const setQuiet = (quieted: boolean) => (session: Session, update: Quiet | Unquiet, state: ChannelState) =>
  Effect.suspend(() => {
    if (quieted) state.quiet.add(nameKey(update.target))
    else state.quiet.delete(nameKey(update.target))
    return Effect.andThen(kept(state), Effect.sync(() => send(session.connection, update)))
  })
