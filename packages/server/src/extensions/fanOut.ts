/**
 * How extensions shape a channel's fan-out, asked by
 * `ChannelState.broadcast` for every update it distributes, in this order:
 * an update from a quieted user reaches only that user (shirakumo-quiet);
 * each distributed update is kept for backfill (shirakumo-backfill) and
 * each message for search (shirakumo-history); a member who blocked the
 * sender does not receive it (shirakumo-block).
 *
 * @since 0.1.0
 */
import type { Update } from "@lichat/core"
import type { User } from "../Model.ts"
import type { Kept } from "../storage/MessageArchive.ts"
import type { BackfillRing } from "./backfill/BackfillRing.ts"

/** The parts of a channel's state (actors/ChannelState.ts) that shape its fan-out. */
export interface FanOutState {
  readonly members: ReadonlyMap<string, User>
  /** Number of the update being distributed. */
  readonly seq: number
  readonly quiet: ReadonlySet<string>
  readonly history: BackfillRing | undefined
  readonly archive: ((message: Kept) => void) | undefined
}

/** Whether an update from `fromKey` reaches only its sender (shirakumo-quiet). */
export const heldBack = (state: FanOutState, fromKey: string | undefined): boolean =>
  fromKey !== undefined && state.quiet.size > 0 && state.quiet.has(fromKey)

/**
 * Keeps a distributed update, numbered `state.seq`, printed as `frame`:
 * in the backfill ring (shirakumo-backfill) and, a message, in the search
 * archive (shirakumo-history).
 */
export const keep = (state: FanOutState, update: Update, fromKey: string | undefined, frame: string): void => {
  if (state.history !== undefined) {
    // The member's own key string rather than the one just derived from `from`: nothing new stays alive.
    const key = fromKey === undefined ? undefined : state.members.get(fromKey)?.key ?? fromKey
    state.history.add({ seq: state.seq, clock: Number(update.clock ?? 0), fromKey: key, isJoin: update._tag === "join" }, frame)
  }
  if (state.archive !== undefined && update._tag === "message") {
    state.archive({ clock: Number(update.clock ?? 0), from: update.from ?? "", body: update.text, text: frame.slice(0, -1) })
  }
}

/** Whether `member` does not want updates from `fromKey` (shirakumo-block); never its own. */
export const withheldFrom = (member: User, fromKey: string | undefined): boolean =>
  fromKey !== undefined && member.blocked.size > 0 && member.key !== fromKey && member.blocked.has(fromKey)
