/**
 * A channel's state and the operations on it that every update shares:
 * distributing an update to the members, adding and removing a member.
 * Only code running in the channel's actor (Channel.ts) calls them.
 *
 * @since 0.1.0
 */
import { type Join, nameKey, printUpdate, type RuleSet, type Update, type Value } from "@lichat/core"
import { Effect } from "effect"
import { BackfillRing } from "../extensions/backfill/BackfillRing.ts"
import * as FanOut from "../extensions/fanOut.ts"
import * as Metrics from "../Metrics.ts"
import type { ChannelHandle, User } from "../Model.ts"
import type { HistoryEntry } from "../storage/Store.ts"
import { SharedFrame } from "../transport/FrameSocket.ts"

/** The state a channel actor owns. Only code running in the actor mutates it. */
export interface ChannelState {
  readonly handle: ChannelHandle
  /** The name of the user that created the channel (the server for the primary channel). */
  readonly registrant: string
  /** Members by user key. */
  readonly members: Map<string, User>
  /** Permission rules by update type. */
  rules: RuleSet
  /** Distributed updates kept for `backfill` (shirakumo-backfill); `undefined` when off. */
  readonly history: BackfillRing | undefined
  /** Sequence number of the last distributed update. */
  seq: number
  /** Per member, the sequence number of the last update before it joined (backfill never goes before it). */
  readonly joinedAt: Map<string, number>
  /**
   * Per registered user, when (universal time) it joined and has not left
   * since: a disconnection or a restart does not end it, `leave` and `kick`
   * do. Backfill goes back to it (shirakumo-backfill).
   */
  readonly memberSince: Map<string, number>
  /** For a `memberSince` that began in this run, the sequence number it began at (exact where clocks tie). */
  readonly memberSeq: Map<string, number>
  /** Users whose updates reach only themselves (shirakumo-quiet), by key. */
  readonly quiet: Set<string>
  /** Minimum seconds between two updates of one user (shirakumo-pause); 0 for none. */
  pause: number
  /** When each user last sent an update, in epoch millis (shirakumo-pause). */
  readonly lastPosted: Map<string, number>
  /** Channel metadata by key symbol name (shirakumo-channel-info). */
  readonly info: Map<string, string>
  /** Emotes by case-insensitive name (shirakumo-emotes). */
  readonly emotes: Map<string, Emote>
  /** Per member, the last message read: [update id, author] (shirakumo-last-read). */
  readonly lastRead: Map<string, readonly [Value, string]>
  /** Keeps a distributed update in the channel's stored history (backfill after a restart, search); `undefined` when off. */
  readonly record: ((entry: HistoryEntry) => void) | undefined
  /** Where the channel's lasting state goes (storage/StoredChannels.ts). */
  readonly keeper: ChannelKeeper
}

/** Stores what a channel keeps; each Effect succeeds once the store holds it. */
export interface ChannelKeeper {
  /** The channel's rules, pause, info, emotes and quiet list. */
  readonly save: (state: ChannelState) => Effect.Effect<void>
  /** A member's last-read mark (shirakumo-last-read). */
  readonly saveLastRead: (state: ChannelState, userKey: string) => Effect.Effect<void>
  /** A registered member's `memberSince`, or that it has none now. */
  readonly saveMember: (state: ChannelState, userKey: string) => Effect.Effect<void>
}

/** A keeper that keeps nothing (anonymous channels, tests). */
export const keepsNothing: ChannelKeeper = {
  save: () => Effect.void,
  saveLastRead: () => Effect.void,
  saveMember: () => Effect.void
}

/**
 * Stores the channel's lasting state after a step changed it. A step calls
 * it before it answers, so that what a client was told is never lost.
 */
export const kept = (state: ChannelState): Effect.Effect<void> => state.keeper.save(state)

/** A channel emote. */
export interface Emote {
  readonly name: string
  readonly contentType: string
  readonly payload: string
}

/**
 * Bytes of history one channel may hold, whatever the count limit: about a
 * thousand long messages; an update larger than this is not kept for backfill.
 */
export const maxHistoryBytes = 4 * 1024 * 1024

/**
 * Distributes an update to every connection of every member (optionally
 * only those `include` accepts), printing it once, and numbers it. Runs
 * inside the actor. Extensions shape the fan-out (extensions/fanOut.ts):
 * quiet, backfill, search, block.
 */
export const broadcast = (
  state: ChannelState,
  update: Update,
  include?: (user: User) => boolean
): void => {
  const text = printUpdate(update) + "\u0000"
  const fromKey = update.from === undefined ? undefined : nameKey(update.from)
  if (FanOut.heldBack(state, fromKey)) {
    const sender = fromKey === undefined ? undefined : state.members.get(fromKey)
    if (sender !== undefined) deliverTo([sender], update, text)
    return
  }
  state.seq++
  FanOut.keep(state, update, fromKey, text)
  const recipients: Array<User> = []
  for (const user of state.members.values()) {
    if (include !== undefined && !include(user)) continue
    if (FanOut.withheldFrom(user, fromKey)) continue
    recipients.push(user)
  }
  deliverTo(recipients, update, text)
}

/** Hands the same frame to every connection of `users`, shared when there are several. */
const deliverTo = (users: ReadonlyArray<User>, update: Update, text: string): void => {
  let count = 0
  for (const user of users) count += user.connections.size
  const frame = count > 1 ? new SharedFrame(text) : text
  for (const user of users) for (const connection of user.connections) connection.deliver(frame)
  Metrics.sent(update._tag, count)
}

/**
 * Adds `user` and distributes its `join` to every member, the new one
 * included (§5.4.1). A member without a last-read mark gets its join as the
 * mark (shirakumo-last-read); a registered user not a member yet starts
 * its `memberSince`, stored. Runs inside the actor.
 */
export const join = (state: ChannelState, user: User, update: Join): Effect.Effect<void> => {
  addMember(state, user)
  if (!state.lastRead.has(user.key)) state.lastRead.set(user.key, [update.id, user.name])
  broadcast(state, update)
  if (!user.registered || state.memberSince.has(user.key)) return Effect.void
  state.memberSince.set(user.key, Number(update.clock ?? 0))
  state.memberSeq.set(user.key, state.joinedAt.get(user.key) ?? state.seq)
  return state.keeper.saveMember(state, user.key)
}

/** Removes a member that leaves on purpose (`leave`, `kick`): its membership ends. Runs inside the actor. */
export const part = (state: ChannelState, user: User): Effect.Effect<void> => {
  state.memberSeq.delete(user.key)
  if (!removeMember(state, user) || !state.memberSince.delete(user.key)) return Effect.void
  return state.keeper.saveMember(state, user.key)
}

/** Adds a member, keeping the user's side of the relation in step. Runs inside the actor. */
export const addMember = (state: ChannelState, user: User): void => {
  state.members.set(user.key, user)
  user.channels.set(state.handle.key, state.handle)
  // Backfill replays what was distributed after this point.
  state.joinedAt.set(user.key, state.seq)
}

/**
 * Removes a member if `user` is the member under that key (a reconnected
 * namesake is a different user). Runs inside the actor.
 */
export const removeMember = (state: ChannelState, user: User): boolean => {
  if (state.members.get(user.key) !== user) return false
  state.members.delete(user.key)
  state.joinedAt.delete(user.key)
  state.lastPosted.delete(user.key)
  if (user.channels.get(state.handle.key) === state.handle) user.channels.delete(state.handle.key)
  return true
}

/** A new channel's state: no members, no history, no extension state yet. */
export const makeState = (options: {
  readonly handle: ChannelHandle
  readonly registrant: string
  readonly rules: RuleSet
  /** Updates kept for backfill; 0 keeps none. */
  readonly historyLimit: number
  readonly record?: ((entry: HistoryEntry) => void) | undefined
  readonly keeper?: ChannelKeeper | undefined
}): ChannelState => ({
  handle: options.handle,
  registrant: options.registrant,
  members: new Map(),
  rules: options.rules,
  history: options.historyLimit > 0 ? new BackfillRing(options.historyLimit, maxHistoryBytes) : undefined,
  seq: 0,
  joinedAt: new Map(),
  memberSince: new Map(),
  memberSeq: new Map(),
  quiet: new Set(),
  pause: 0,
  lastPosted: new Map(),
  info: new Map(),
  emotes: new Map(),
  lastRead: new Map(),
  record: options.record,
  keeper: options.keeper ?? keepsNothing
})
