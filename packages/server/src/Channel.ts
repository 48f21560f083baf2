/**
 * The channel actor: one fiber per channel that owns its members, its
 * permission rules and its extension state, and serialises every change to
 * them. All updates distributed in a channel pass through its one mailbox,
 * so every member sees them in one order.
 *
 * The mailbox takes one kind of command: a function to run against the
 * channel's state (`Exec`). Each update type's behaviour stays in the module
 * named after it (handlers/…), and runs here, alone, when it touches the
 * channel. Rule of waiting: code running in a channel never waits on another
 * actor (it only offers frames to outboxes, which never blocks), so no cycle
 * of waits, and no deadlock, can form through a channel.
 *
 * @since 0.1.0
 */
import { printUpdate, type RuleSet, type Update } from "@lichat/core"
import { Effect, type Scope } from "effect"
import * as Actor from "./Actor.ts"
import * as Metrics from "./Metrics.ts"
import type { ChannelHandle, ChannelKind, User } from "./Model.ts"

/** The state a channel actor owns. Only code running in the actor mutates it. */
export interface ChannelState {
  readonly handle: ChannelHandle
  /** The name of the user that created the channel (the server for the primary channel). */
  readonly registrant: string
  /** Members by user key. */
  readonly members: Map<string, User>
  /** Permission rules by update type. */
  rules: RuleSet
  /** Per-extension state, by extension name; each extension module owns its entry. */
  readonly extensions: Map<string, unknown>
}

/** A command for a channel: run this against your state. */
export type ChannelCommand = Actor.Exec<ChannelState>

/** Mailbox capacity of a channel actor. */
const mailboxCapacity = 4096

/** Starts a channel actor in the current scope. */
export const make = (options: {
  readonly name: string
  readonly key: string
  readonly kind: ChannelKind
  readonly registrant: string
  readonly rules: RuleSet
}): Effect.Effect<{ readonly handle: ChannelHandle; readonly state: ChannelState }, never, Scope.Scope> =>
  Effect.gen(function*() {
    const handle = {
      name: options.name,
      key: options.key,
      kind: options.kind,
      actor: undefined as unknown as ChannelHandle["actor"]
    }
    const state: ChannelState = {
      handle,
      registrant: options.registrant,
      members: new Map(),
      rules: options.rules,
      extensions: new Map()
    }
    handle.actor = yield* Actor.makeStateful({ name: `channel ${options.name}`, capacity: mailboxCapacity, state })
    return { handle, state }
  })

/**
 * Runs `f` inside the channel's actor and waits for its result. The caller
 * must not be a channel (channels never wait on channels).
 */
export const exec = <A, E = never>(
  channel: ChannelHandle,
  f: (state: ChannelState) => Effect.Effect<A, E>
): Effect.Effect<A, E | Actor.ActorStopped> => Actor.exec(channel.actor, f)

/** Runs `f` inside the channel's actor without waiting; `false` if its mailbox is full or closed. */
export const tell = (channel: ChannelHandle, f: (state: ChannelState) => Effect.Effect<void>): boolean =>
  Actor.tellExec(channel.actor, f)

/**
 * Puts `f` into the channel's mailbox, waiting for room but not for the
 * result. For the registry, which may wait on channels.
 */
export const post = (channel: ChannelHandle, f: (state: ChannelState) => Effect.Effect<void>): Effect.Effect<void> =>
  channel.actor.send({ _tag: "Exec", run: f })

/** Encodes a frame once for many recipients. */
const encoder = new TextEncoder()

/**
 * Distributes an update to every connection of every member (optionally
 * only those `include` accepts), printing it once. Runs inside the actor.
 */
export const broadcast = (
  state: ChannelState,
  update: Update,
  include?: (user: User) => boolean
): void => {
  const text = printUpdate(update) + "\u0000"
  let recipients = 0
  for (const user of state.members.values()) recipients += user.connections.size
  const frame = recipients > 1 ? encoder.encode(text) : text
  let delivered = 0
  for (const user of state.members.values()) {
    if (include !== undefined && !include(user)) continue
    for (const connection of user.connections) connection.deliver(frame)
    delivered += user.connections.size
  }
  Metrics.sent(update._tag, delivered, typeof frame === "string" ? frame.length : frame.byteLength)
}

/** Adds a member, keeping the user's side of the relation in step. Runs inside the actor. */
export const addMember = (state: ChannelState, user: User): void => {
  state.members.set(user.key, user)
  user.channels.set(state.handle.key, state.handle)
}

/**
 * Removes a member if `user` is the member under that key (a reconnected
 * namesake is a different user). Runs inside the actor.
 */
export const removeMember = (state: ChannelState, user: User): boolean => {
  if (state.members.get(user.key) !== user) return false
  state.members.delete(user.key)
  if (user.channels.get(state.handle.key) === state.handle) user.channels.delete(state.handle.key)
  return true
}
