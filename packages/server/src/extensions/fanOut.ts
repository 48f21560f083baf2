/**
 * How extensions shape a channel's fan-out, asked by
 * `ChannelState.broadcast` for every update it distributes, in this order:
 * an update from a quieted user reaches only that user (shirakumo-quiet);
 * each distributed update is kept for backfill (shirakumo-backfill) and,
 * but for joins and leaves, in the channel's stored history (backfill after
 * a restart, search: shirakumo-history); a member who blocked the
 * sender does not receive it (shirakumo-block).
 *
 * @since 0.1.0
 */
import type { Update } from "@lichat/core"
import type { User } from "../Model.ts"
import type { HistoryEntry } from "../storage/Store.ts"
import type { BackfillRing } from "./backfill/BackfillRing.ts"

/** The parts of a channel's state (actors/ChannelState.ts) that shape its fan-out. */
export interface FanOutState {
  readonly members: ReadonlyMap<string, User>
  /** Number of the update being distributed. */
  readonly seq: number
  readonly quiet: ReadonlySet<string>
  readonly history: BackfillRing | undefined
  readonly record: ((entry: HistoryEntry) => void) | undefined
}

/** Updates not stored in a channel's history: presence, which a restart makes stale. */
const unrecorded: ReadonlySet<string> = new Set(["join", "leave"])

/** Whether an update from `fromKey` reaches only its sender (shirakumo-quiet). */
export const heldBack = (state: FanOutState, fromKey: string | undefined): boolean =>
  fromKey !== undefined && state.quiet.size > 0 && state.quiet.has(fromKey)

/**
 * Keeps a distributed update, numbered `state.seq`, printed as `frame`:
 * in the backfill ring (shirakumo-backfill) and, but for presence, in the
 * stored history (backfill after a restart, search: shirakumo-history).
 */
export const keep = (state: FanOutState, update: Update, fromKey: string | undefined, frame: string): void => {
  if (state.history !== undefined) {
    // The member's own key string rather than the one just derived from `from`: nothing new stays alive.
    const key = fromKey === undefined ? undefined : state.members.get(fromKey)?.key ?? fromKey
    state.history.add({ seq: state.seq, clock: Number(update.clock ?? 0), fromKey: key, isJoin: update._tag === "join" }, frame)
  }
  if (state.record !== undefined && !unrecorded.has(update._tag)) {
    state.record({
      clock: Number(update.clock ?? 0),
      kind: update._tag,
      from: update.from ?? "",
      body: update._tag === "message" ? update.text : "",
      text: frame.slice(0, -1)
    })
  }
}

/** Whether `member` does not want updates from `fromKey` (shirakumo-block); never its own. */
export const withheldFrom = (member: User, fromKey: string | undefined): boolean =>
  fromKey !== undefined && member.blocked.size > 0 && member.key !== fromKey && member.blocked.has(fromKey)
