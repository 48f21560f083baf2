/**
 * The shape of an update handler, and the helpers handlers share.
 *
 * `make` builds a handler that runs in the connection; `forChannel` one for
 * an update in an existing channel, which gets the channel the dispatcher
 * found; `inChannel` one whose behaviour runs inside that channel, after
 * the channel's own checks (actors/Channel.ts).
 *
 * @since 0.1.0
 */
import { allowsUpdate, InsufficientPermissions, type RuleSet, type Update, updateSymbol } from "@lichat/core"
import { Effect } from "effect"
import * as AuditLog from "../AuditLog.ts"
import { type ChannelStep, permits } from "../actors/Channel.ts"
import type { ChannelState } from "../actors/ChannelState.ts"
import { Registry } from "../actors/Registry.ts"
import { ServerConfig } from "../config/ServerConfig.ts"
import type { HandlerServices, Session } from "../connection/Session.ts"
import { fail } from "../connection/Session.ts"
import type { ChannelHandle, User } from "../Model.ts"

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
 * names none, or one that does not exist (with `channelMustExist: false`);
 * `target`, the present user its `target` names, as the dispatcher found it
 * (step 7), or `undefined` when none is present.
 */
export interface Handler<T extends Tag = Tag> {
  readonly tag: T
  /** The extension this update type belongs to; `undefined` for the core protocol. */
  readonly extension?: string | undefined
  /** Whether the update's `channel` must name an existing channel (§5.1 step 6). Default: true when it has one. */
  readonly channelMustExist?: boolean | undefined
  readonly target?: TargetCheck | undefined
  /** What runs inside the channel, for an update handled there (`inChannel`). */
  readonly channelStep?: ChannelStep<UpdateOf<T>> | undefined
  readonly handle: (
    session: Session,
    update: UpdateOf<T>,
    channel: ChannelHandle | undefined,
    target: User | undefined
  ) => Effect.Effect<void, never, HandlerServices>
}

/** A handler of some update type, as the dispatch table holds it. */
export interface AnyHandler {
  readonly tag: Tag
  readonly extension?: string | undefined
  readonly channelMustExist?: boolean | undefined
  readonly target?: TargetCheck | undefined
  readonly channelStep?: ChannelStep | undefined
  readonly handle: (
    session: Session,
    update: never,
    channel: ChannelHandle | undefined,
    target: User | undefined
  ) => Effect.Effect<void, never, HandlerServices>
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
  readonly handle: (
    session: Session,
    update: UpdateOf<T>,
    channel: ChannelHandle,
    target: User | undefined
  ) => Effect.Effect<void, never, HandlerServices>
}

/**
 * Builds a handler for an update in an existing channel: the dispatcher has
 * checked the channel (§5.1 step 6) and hands it over, so the handler never
 * looks it up again.
 */
export const forChannel = <T extends ChannelTag>(handler: ChannelHandler<T>): Handler<T> => ({
  ...handler,
  channelMustExist: true,
  handle: (session, update, channel, target) =>
    channel === undefined
      ? Effect.die(new Error(`dispatched ${handler.tag} without its channel`))
      : handler.handle(session, update, channel, target)
})

/** A handler whose update is handled inside its channel: the channel checks it, then runs `step`. */
export interface InChannelHandler<T extends ChannelTag> {
  readonly tag: T
  readonly extension?: string | undefined
  readonly target?: TargetCheck | undefined
  /** Whether only a member may send the update (others get `not-in-channel`). */
  readonly member: boolean
  /**
   * Checks made in the connection before the update goes to the channel,
   * for those that wait on something (a store); it goes when they give `true`.
   */
  readonly before?: (session: Session, update: UpdateOf<T>, channel: ChannelHandle) => Effect.Effect<boolean, never, HandlerServices>
  /**
   * The update's behaviour inside the channel, alone, once the channel has
   * checked the sender's permission (§5.1 step 8), the pause
   * (shirakumo-pause) and, with `member`, membership. It must not wait on
   * other actors (see Channel.ts).
   */
  readonly step: (
    session: Session,
    update: UpdateOf<T>,
    state: ChannelState,
    target: User | undefined
  ) => Effect.Effect<void, never, HandlerServices>
}

/**
 * Builds a handler for an update handled inside its channel. The
 * connection posts the update to the channel's mailbox — waiting for room,
 * not for the result — and replies come from inside the channel, in its
 * order.
 */
export const inChannel = <T extends ChannelTag>(handler: InChannelHandler<T>): Handler<T> => {
  const post = (session: Session, update: UpdateOf<T>, channel: ChannelHandle, target: User | undefined) =>
    channel.actor.send({ _tag: "Post", update, sender: session, target })
  const before = handler.before
  const step = handler.step
  return {
    tag: handler.tag,
    extension: handler.extension,
    target: handler.target,
    channelMustExist: true,
    channelStep: {
      member: handler.member,
      // The channel has checked the permission: an operator's own right in the primary channel is logged.
      run: (session, update, state, target) =>
        byOperator(state.handle, state.rules, update, session.user)
          ? Effect.andThen(logOperatorAction(session, update, state.handle), step(session, update, state, target))
          : step(session, update, state, target)
    },
    handle: (session, update, channel, target) => {
      if (channel === undefined) return Effect.die(new Error(`dispatched ${handler.tag} without its channel`))
      if (before === undefined) return post(session, update, channel, target)
      return Effect.flatMap(before(session, update, channel), (go) => go ? post(session, update, channel, target) : Effect.void)
    }
  }
}

/** Answers `insufficient-permissions` with a reason. */
export const deny = (session: Session, update: Update, text: string): Effect.Effect<void, never, Registry> =>
  fail(session.connection, InsufficientPermissions, update, text)

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
    if (rules === undefined || !permits(registry, config, channel, rules, update, session.user)) {
      return yield* deny(session, update, `You may not send ${update._tag} to ${channel.name}.`)
    }
    if (!selfLogged.has(update._tag) && byOperator(channel, rules, update, session.user)) {
      yield* logOperatorAction(session, update, channel)
    }
    return yield* f()
  })

/**
 * Whether a permitted update is an operator's: one in the primary channel
 * its rules do not allow the sender by name, so that only the operators'
 * share of the server user's rights (Channel.permits) let it through.
 */
const byOperator = (channel: ChannelHandle, rules: RuleSet, update: Update, user: User): boolean =>
  channel.kind === "primary" && !allowsUpdate(rules, updateSymbol(update), user.name)

/** The administrative updates whose handlers log what they did themselves (serverManagement/…, ip/…). */
const selfLogged: ReadonlySet<string> = new Set(["ban", "unban", "kill", "destroy", "blacklist", "ip-ban", "ip-unban", "ip-blacklist"])

/** Logs an update sent with the server's administrative rights. */
const logOperatorAction = (session: Session, update: Update, channel: ChannelHandle): Effect.Effect<void> =>
  AuditLog.operatorAction(session, "operator-action", `operator action: ${update._tag} in ${AuditLog.quoted(channel.name)}`, {
    update: update._tag,
    channel: channel.name
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
