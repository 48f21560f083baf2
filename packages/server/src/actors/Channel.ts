/**
 * The channel actor: one mailbox per channel, through which every change
 * to its members, rules and extension state passes, so that every member
 * sees the channel's updates in one order.
 *
 * The mailbox takes `ChannelMessage`s (Model.ts) and `behaviour` handles
 * each kind in one place. A client's `Post` is checked in the spec's order —
 * permission (§5.1 step 8), the channel's pause (shirakumo-pause), then
 * membership where the update needs it — and handed to its update's
 * channel step, which lives in the module named after the update
 * (handlers/…, extensions/…). `behaviour` is a function of the channel's
 * state and one message; `make` hosts it in an Actor.
 *
 * Rule of waiting: code running in a channel never waits on another actor
 * (it only offers frames to outboxes, which never blocks), so no cycle of
 * waits, and no deadlock, can form through a channel.
 *
 * @since 0.1.0
 */
import {
  allowsUpdate,
  anonymousChannelRules,
  InsufficientPermissions,
  Leave,
  NotInChannel,
  nameKey,
  primaryChannelRules,
  type RuleSet,
  regularChannelRules,
  sameName,
  TooManyUpdates,
  type Update,
  updateSymbol
} from "@lichat/core"
import { Clock, Effect, type Scope } from "effect"
import { ServerConfig } from "../config/ServerConfig.ts"
import { fail, type HandlerServices, type Session, stampAt } from "../connection/Session.ts"
import * as Extensions from "../extensions/Extensions.ts"
import type { ChannelHandle, ChannelKind, ChannelMessage, Close, Depart, Post, User } from "../Model.ts"
import type { HistoryEntry } from "../storage/Store.ts"
import * as Actor from "./Actor.ts"
import * as ChannelState from "./ChannelState.ts"
import { Registry } from "./Registry.ts"

/** The part of an update's behaviour that runs inside the channel, after the channel's checks. */
export interface ChannelStep<U = never> {
  /** Whether only a member may send the update (others get `not-in-channel`). */
  readonly member: boolean
  readonly run: (
    session: Session,
    update: U,
    state: ChannelState.ChannelState,
    target: User | undefined
  ) => Effect.Effect<void, never, HandlerServices>
}

/** The channel steps by update tag (handlers/index.ts). */
export type ChannelSteps = ReadonlyMap<string, ChannelStep>

/** What a channel's behaviour works with besides its state. */
export interface Surroundings {
  readonly steps: ChannelSteps
  readonly registry: Registry["Service"]
  readonly config: ServerConfig["Service"]
}

/**
 * The channel's behaviour: a handler for each message its mailbox takes,
 * against its state. It does not know how its mailbox is run; `make` runs
 * it in an Actor.
 */
export const behaviour = (
  state: ChannelState.ChannelState,
  around: Surroundings
): Actor.Handlers<ChannelMessage, HandlerServices> => ({
  Post: (message) => receivePost(state, message, around),
  Enter: ({ join, user }) => ChannelState.join(state, user, join),
  Depart: (message) => Effect.sync(() => depart(state, message)),
  Close: (message) => Effect.sync(() => close(state, message, around.registry))
})

/** A client's update: the checks, then its step. */
const receivePost = (
  state: ChannelState.ChannelState,
  { sender, target, update }: Post,
  around: Surroundings
): Effect.Effect<void, never, HandlerServices> => {
  const step = around.steps.get(update._tag)
  if (step === undefined) return Effect.die(new Error(`${update._tag} posted to a channel without a channel step`))
  const session: Session = { connection: sender.connection, user: sender.user, registry: around.registry, config: around.config }
  const channel = state.handle
  if (!permits(around.registry, around.config, channel, state.rules, update, sender.user)) {
    return fail(sender.connection, InsufficientPermissions, update, `You may not send ${update._tag} to ${channel.name}.`)
  }
  // A step may change the state as soon as it is called: it is called only once every check has passed.
  const run = () =>
    step.member && state.members.get(sender.user.key) !== sender.user
      ? fail(sender.connection, NotInChannel, update, `You are not in ${channel.name}.`)
      : step.run(session, update as never, state, target)
  if (state.pause === 0 || unpaused.has(update._tag) || sameName(state.registrant, sender.user.name)) return run()
  return Effect.flatMap(Clock.currentTimeMillis, (now) => {
    const last = state.lastPosted.get(sender.user.key) ?? 0
    if (now - last < state.pause * 1000) {
      return fail(sender.connection, TooManyUpdates, update, `${channel.name} is paused: one update per ${state.pause} seconds.`)
    }
    state.lastPosted.set(sender.user.key, now)
    return run()
  })
}

/** Membership updates, which a channel's pause never holds back. */
const unpaused: ReadonlySet<string> = new Set(["join", "leave", "kick", "pull", "pause"])

/** A departing user leaves, if it is still the member under its name. */
const depart = (state: ChannelState.ChannelState, { leave, user }: Depart): void => {
  if (state.members.get(user.key) !== user) return
  ChannelState.broadcast(state, leave)
  ChannelState.removeMember(state, user)
}

/** Every member sees itself leave, and is removed. */
const close = (state: ChannelState.ChannelState, { clock }: Close, registry: Registry["Service"]): void => {
  for (const member of Array.from(state.members.values())) {
    ChannelState.broadcast(state, new Leave({ ...stampAt(registry, clock), from: member.name, channel: state.handle.name }))
    ChannelState.removeMember(state, member)
  }
}

/**
 * Whether `user` may send `update` under `rules` in `channel` (§5.1 step
 * 8). The configured operators, when logged in to their registered
 * profiles, hold the server user's rights on the primary channel.
 */
export const permits = (
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

/** Whether a user key belongs to a configured operator (`operators`). */
export const isOperator = (config: ServerConfig["Service"], key: string): boolean => {
  let keys = operatorKeys.get(config)
  if (keys === undefined) {
    keys = new Set(config.operators.map(nameKey))
    operatorKeys.set(config, keys)
  }
  return keys.has(key)
}

/** A new channel's rules: the spec's defaults for its kind, made by `registrant`, with the extensions' rules. */
export const rulesFor = (config: ServerConfig["Service"], kind: ChannelKind, registrant: string): RuleSet => {
  const tables = Extensions.ruleTables(config)
  return kind === "primary"
    ? primaryChannelRules(registrant, tables)
    : kind === "regular"
    ? regularChannelRules(registrant, tables)
    : anonymousChannelRules(registrant, tables)
}

/** Mailbox capacity of a channel actor. */
const mailboxCapacity = 4096

/**
 * Starts a channel actor in the current scope, running `behaviour` with the
 * handler services of the current context.
 */
export const make = (options: {
  readonly name: string
  readonly key: string
  readonly kind: ChannelKind
  readonly registrant: string
  readonly rules: RuleSet
  /** Updates kept for backfill; 0 keeps none. */
  readonly historyLimit: number
  /** Where distributed updates are stored (backfill after a restart, search), if anywhere. */
  readonly record?: ((entry: HistoryEntry) => void) | undefined
  /** Where the channel's lasting state is stored. */
  readonly keeper?: ChannelState.ChannelKeeper | undefined
  readonly steps: ChannelSteps
}): Effect.Effect<
  { readonly handle: ChannelHandle; readonly state: ChannelState.ChannelState },
  never,
  Scope.Scope | HandlerServices
> =>
  Effect.gen(function*() {
    const around: Surroundings = { steps: options.steps, registry: yield* Registry, config: yield* ServerConfig }
    const handle = {
      name: options.name,
      key: options.key,
      kind: options.kind,
      actor: undefined as unknown as ChannelHandle["actor"]
    }
    const state = ChannelState.makeState({ ...options, handle })
    handle.actor = yield* Actor.make<ChannelMessage, HandlerServices>({
      name: `channel ${options.name}`,
      capacity: mailboxCapacity,
      handle: Actor.byTag(behaviour(state, around))
    })
    return { handle, state }
  })
