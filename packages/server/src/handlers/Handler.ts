/**
 * The shape of an update handler, and the helpers handlers share: running
 * against a channel with the §5.1 permission check, and membership checks.
 *
 * `make` builds a handler; `forChannel` one for an update in an existing
 * channel, which gets the channel the dispatcher found.
 *
 * @since 0.1.0
 */
import {
  allowsUpdate,
  InsufficientPermissions,
  nameKey,
  NotInChannel,
  type RuleSet,
  sameName,
  TooManyUpdates,
  type Update,
  updateSymbol
} from "@lichat/core"
import { Clock, Effect } from "effect"
import * as Channel from "../actors/Channel.ts"
import type { ChannelHandle, User } from "../Model.ts"
import { Registry } from "../actors/Registry.ts"
import { ServerConfig } from "../config/ServerConfig.ts"
import type { HandlerServices, Session } from "../connection/Session.ts"
import { fail } from "../connection/Session.ts"

/** The tag of every update type. */
export type Tag = Update["_tag"]

/** The update type of a tag. */
type UpdateOf<T extends Tag> = Extract<Update, { readonly _tag: T }>

/** How the dispatcher checks an update's `target` before the handler runs (§5.1 step 7). */
type TargetCheck =
  /** The target must be a user present on the server. */
  | "present"
  /** The target must be present or have a registered profile. */
  | "known"
  /** The handler checks the target itself, or the update has none. */
  | "none"

/**
 * A handler for one update type. `channel` is the channel the update names,
 * as the dispatcher found it (§5.1 step 6), or `undefined` when the update
 * names none, or one that does not exist (with `channelMustExist: false`).
 */
export interface Handler<T extends Tag = Tag> {
  readonly tag: T
  /** The extension this update type belongs to; `undefined` for the core protocol. */
  readonly extension?: string | undefined
  /** Whether the update's `channel` must name an existing channel (§5.1 step 6). Default: true when it has one. */
  readonly channelMustExist?: boolean | undefined
  readonly target?: TargetCheck | undefined
  readonly handle: (
    session: Session,
    update: UpdateOf<T>,
    channel: ChannelHandle | undefined
  ) => Effect.Effect<void, never, HandlerServices>
}

/** A handler of some update type, as the dispatch table holds it. */
export interface AnyHandler {
  readonly tag: Tag
  readonly extension?: string | undefined
  readonly channelMustExist?: boolean | undefined
  readonly target?: TargetCheck | undefined
  readonly handle: (session: Session, update: never, channel: ChannelHandle | undefined) => Effect.Effect<void, never, HandlerServices>
}

/** Builds a handler, inferring its update type from the tag. */
export const make = <T extends Tag>(handler: Handler<T>): Handler<T> => handler

/** The tags of update types that name a channel. */
export type ChannelTag = { readonly [T in Tag]: UpdateOf<T> extends { readonly channel: string } ? T : never }[Tag]

/** A handler for an update type that names a channel, which must exist: it gets the channel found. */
export interface ChannelHandler<T extends ChannelTag> {
  readonly tag: T
  readonly extension?: string | undefined
  readonly target?: TargetCheck | undefined
  readonly handle: (session: Session, update: UpdateOf<T>, channel: ChannelHandle) => Effect.Effect<void, never, HandlerServices>
}

/**
 * Builds a handler for an update in an existing channel: the dispatcher has
 * checked the channel (§5.1 step 6) and hands it over, so the handler never
 * looks it up again.
 */
export const forChannel = <T extends ChannelTag>(handler: ChannelHandler<T>): Handler<T> => ({
  ...handler,
  channelMustExist: true,
  handle: (session, update, channel) =>
    channel === undefined
      ? Effect.die(new Error(`dispatched ${handler.tag} without its channel`))
      : handler.handle(session, update, channel)
})

/**
 * Whether `user` may send `update` under `rules` in `channel` (§5.1 step
 * 8). The configured operators, when logged in to their registered
 * profiles, hold the server user's rights on the primary channel.
 */
const permits = (
  registry: Registry["Service"],
  config: ServerConfig["Service"],
  channel: ChannelHandle,
  rules: RuleSet,
  update: Update,
  user: User
): boolean => {
  const type = updateSymbol(update)
  if (allowsUpdate(rules, type, user.name)) return true
  return channel.kind === "primary" && user.registered && isOperator(config, user.key) &&
    allowsUpdate(rules, type, registry.serverName)
}

const operatorKeys = new WeakMap<ServerConfig["Service"], ReadonlySet<string>>()

/** Whether a user key belongs to a configured operator. */
const isOperator = (config: ServerConfig["Service"], key: string): boolean => {
  let keys = operatorKeys.get(config)
  if (keys === undefined) {
    keys = new Set(config.operators.map(nameKey))
    operatorKeys.set(config, keys)
  }
  return keys.has(key)
}

/** Membership updates, which a channel's pause never holds back. */
const unpaused: ReadonlySet<string> = new Set(["join", "leave", "kick", "pull", "pause"])

/**
 * Runs `f` inside `channel` after checking that the session's user may send
 * this update type there (§5.1 step 8); answers `insufficient-permissions`
 * otherwise. A paused channel (shirakumo-pause) refuses a channel update
 * that comes sooner than the pause after the sender's previous one with
 * `too-many-updates`; the registrant is not held back. `f` runs in the
 * channel's actor, alone: it must not wait on other actors (see Channel.ts).
 */
export const inChannel = (
  session: Session,
  update: Update,
  channel: ChannelHandle,
  f: (state: Channel.ChannelState) => Effect.Effect<void, never, HandlerServices>
): Effect.Effect<void, never, HandlerServices> =>
  // Posted, not asked: the connection waits for room in the channel's
  // mailbox, not for the result; replies come from inside the channel, in
  // its order.
  Channel.post(channel, (state) => {
    if (!permits(session.registry, session.config, channel, state.rules, update, session.user)) {
      return denied(session, update, channel)
    }
    if (state.pause > 0 && !unpaused.has(update._tag) && !sameName(state.registrant, session.user.name)) {
      return Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const last = state.lastPosted.get(session.user.key) ?? 0
        if (now - last < state.pause * 1000) {
          return fail(session.connection, TooManyUpdates, update, `${channel.name} is paused: one update per ${state.pause} seconds.`)
        }
        state.lastPosted.set(session.user.key, now)
        return f(state)
      })
    }
    return f(state)
  })

const denied = (session: Session, update: Update, channel: ChannelHandle) =>
  deny(session, update, `You may not send ${update._tag} to ${channel.name}.`)

/** Answers `insufficient-permissions` with a reason. */
export const deny = (session: Session, update: Update, text: string): Effect.Effect<void, never, Registry> =>
  fail(session.connection, InsufficientPermissions, update, text)

/**
 * Like `inChannel`, and also requires the user to be a member of the
 * channel (answering `not-in-channel` otherwise).
 */
export const asMember = (
  session: Session,
  update: Update,
  channel: ChannelHandle,
  f: (state: Channel.ChannelState) => Effect.Effect<void, never, HandlerServices>
): Effect.Effect<void, never, HandlerServices> =>
  inChannel(session, update, channel, (state) =>
    state.members.get(session.user.key) === session.user
      ? f(state)
      : fail(session.connection, NotInChannel, update, `You are not in ${channel.name}.`))

/**
 * Checks an update against `channel`'s rules (§5.1 step 8) and runs `f` in
 * the connection — not in the channel — when it is permitted. A channel's
 * rule set is an immutable value that its actor replaces whole, so reading
 * it directly is consistent.
 */
export const checkedBy = <R>(
  session: Session,
  update: Update,
  channel: ChannelHandle,
  f: () => Effect.Effect<void, never, R>
): Effect.Effect<void, never, Registry | ServerConfig | R> =>
  Effect.gen(function*() {
    const registry = yield* Registry
    const config = yield* ServerConfig
    const rules = registry.rulesOf(channel)
    return rules !== undefined && permits(registry, config, channel, rules, update, session.user)
      ? yield* f()
      : yield* denied(session, update, channel)
  })

/** Checks a channel-less update against the primary channel's rules (§5.1 step 8), then runs `f`. */
export const inPrimary = <R>(
  session: Session,
  update: Update,
  f: () => Effect.Effect<void, never, R>
): Effect.Effect<void, never, Registry | ServerConfig | R> =>
  Effect.flatMap(Effect.service(Registry), (registry) => checkedBy(session, update, registry.primary, f))

/** Copies an update with some fields replaced, keeping its class. */
export const patch = <U extends Update>(update: U, fields: Partial<U>): U =>
  Object.assign(Object.create(Object.getPrototypeOf(update)), update, fields)

/** The update with its `channel` spelled as the channel's own name. */
export const withChannelName = <U extends Update & { readonly channel: string }>(update: U, channel: ChannelHandle): U =>
  update.channel === channel.name ? update : patch(update, { channel: channel.name } as Partial<U>)
