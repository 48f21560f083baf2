/**
 * The shape of an update handler, and the helpers handlers share: running
 * against a channel with the §5.1 permission check, and membership checks.
 *
 * Each update type's behaviour lives in one module under handlers/, named
 * after the update, exporting one `Handler`.
 *
 * @since 0.1.0
 */
import {
  allowsUpdate,
  InsufficientPermissions,
  NotInChannel,
  type Update,
  updateSymbol
} from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "./Channel.ts"
import type { ChannelHandle } from "./Model.ts"
import { Registry } from "./Registry.ts"
import type { HandlerServices, Session } from "./Session.ts"
import { fail } from "./Session.ts"

/** The tag of every update type. */
export type Tag = Update["_tag"]

/** The update type of a tag. */
export type UpdateOf<T extends Tag> = Extract<Update, { readonly _tag: T }>

/** How the dispatcher checks an update's `target` before the handler runs (§5.1 step 7). */
export type TargetCheck =
  /** The target must be a user present on the server. */
  | "present"
  /** The target must be present or have a registered profile. */
  | "known"
  /** The handler checks the target itself, or the update has none. */
  | "none"

/** A handler for one update type. */
export interface Handler<T extends Tag = Tag> {
  readonly tag: T
  /** The extension this update type belongs to; `undefined` for the core protocol. */
  readonly extension?: string | undefined
  /** Whether the update's `channel` must name an existing channel (§5.1 step 6). Default: true when it has one. */
  readonly channelMustExist?: boolean | undefined
  readonly target?: TargetCheck | undefined
  readonly handle: (session: Session, update: UpdateOf<T>) => Effect.Effect<void, never, HandlerServices>
}

/** A handler of some update type, as the dispatch table holds it. */
export interface AnyHandler {
  readonly tag: Tag
  readonly extension?: string | undefined
  readonly channelMustExist?: boolean | undefined
  readonly target?: TargetCheck | undefined
  readonly handle: (session: Session, update: never) => Effect.Effect<void, never, HandlerServices>
}

/** Builds a handler, inferring its update type from the tag. */
export const make = <T extends Tag>(handler: Handler<T>): Handler<T> => handler

/**
 * Runs `f` inside `channel` after checking that the session's user may send
 * this update type there (§5.1 step 8); answers `insufficient-permissions`
 * otherwise. `f` runs in the channel's actor, alone: it must not wait on
 * other actors (see Channel.ts).
 */
export const inChannel = (
  session: Session,
  update: Update,
  channel: ChannelHandle,
  f: (state: Channel.ChannelState) => Effect.Effect<void, never, HandlerServices>
): Effect.Effect<void, never, HandlerServices> =>
  Effect.flatMap(Effect.context<HandlerServices>(), (context) =>
    Channel.exec(channel, (state) =>
      Effect.provideContext(
        allowsUpdate(state.rules, updateSymbol(update), session.user.name)
          ? f(state)
          : denied(session, update, channel),
        context
      )).pipe(Effect.ignore))

const denied = (session: Session, update: Update, channel: ChannelHandle) =>
  fail(session.connection, InsufficientPermissions, update, `You may not send ${update._tag} to ${channel.name}.`)

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
 * Checks a channel-less update against the primary channel's rules (§5.1
 * step 8) and runs `f` in the connection — not in the channel — when it is
 * permitted. A channel's rule set is an immutable value that its actor
 * replaces whole, so reading it directly is consistent.
 */
export const inPrimary = <R>(
  session: Session,
  update: Update,
  f: () => Effect.Effect<void, never, R>
): Effect.Effect<void, never, Registry | R> =>
  Effect.flatMap(Effect.service(Registry), (registry): Effect.Effect<void, never, Registry | R> => {
    const rules = registry.rulesOf(registry.primary)
    return rules !== undefined && allowsUpdate(rules, updateSymbol(update), session.user.name)
      ? f()
      : denied(session, update, registry.primary)
  })

/** Copies an update with some fields replaced, keeping its class. */
export const patch = <U extends Update>(update: U, fields: Partial<U>): U =>
  Object.assign(Object.create(Object.getPrototypeOf(update)), update, fields)

/** The update with its `channel` spelled as the channel's own name. */
export const withChannelName = <U extends Update & { readonly channel: string }>(update: U, channel: ChannelHandle): U =>
  update.channel === channel.name ? update : patch(update, { channel: channel.name } as Partial<U>)
