/**
 * From a typed update to its handler: fills `from` and `clock`, applies
 * §5.1 checks 4–7 (bad names, username mismatch, missing channel, missing
 * target; the permission check, 8, runs in the channel), and runs the
 * handler registered for the update's type. An update type nobody handles
 * is an `invalid-update`.
 *
 * @since 0.1.0
 */
import {
  AlreadyConnected,
  BadName,
  InvalidUpdate,
  isValidName,
  MalformedUpdate,
  NoSuchChannel,
  NoSuchUser,
  nameKey,
  type Update,
  UsernameMismatch
} from "@lichat/core"
import { Effect } from "effect"
import * as Extensions from "../extensions/Extensions.ts"
import { type AnyHandler, patch } from "../handlers/Handler.ts"
import type { ChannelHandle } from "../Model.ts"
import { ProfileStore } from "../storage/ProfileStore.ts"
import type { HandlerServices, Session } from "./Session.ts"
import { fail, quote, send, serverStamp } from "./Session.ts"

/** The handlers by update tag. */
export type HandlerTable = ReadonlyMap<string, AnyHandler>

/** Builds the table from a list of handlers; later ones replace earlier ones for the same tag. */
export const table = (handlers: ReadonlyArray<AnyHandler>): HandlerTable =>
  new Map(handlers.map((h) => [h.tag, h]))

const stringField = (update: Update, field: "from" | "channel" | "target"): string | undefined => {
  const value = (update as { readonly [k: string]: unknown })[field]
  return typeof value === "string" ? value : undefined
}

/**
 * Dispatches one decoded update of an established session. The checks are
 * plain code: an update costs one effect, its handler's (or its failure's).
 */
export const dispatch = (
  handlers: HandlerTable,
  session: Session,
  received: Update,
  now: number
): Effect.Effect<void, never, HandlerServices | ProfileStore> => {
  const { connection, registry, config } = session
  if (received._tag === "connect") {
    return fail(connection, AlreadyConnected, received, "The connection is already established.")
  }
  const handler = handlers.get(received._tag)
  if (handler === undefined || (handler.extension !== undefined && !Extensions.isEnabled(config, handler.extension))) {
    return fail(connection, InvalidUpdate, received, `The server does not accept ${received._tag} updates.`)
  }
  // shirakumo-sign: a signed update must carry its own from and clock, which are kept as they are.
  if (received.signature !== undefined && (received.from === undefined || received.clock === undefined)) {
    return Effect.map(serverStamp, (stamp) =>
      send(connection, new MalformedUpdate({ ...stamp, text: "A signed update must carry from and clock." })))
  }
  const update = received.from === undefined || received.clock === undefined
    ? patch(received, { from: received.from ?? session.user.name, clock: received.clock ?? now } as Partial<Update>)
    : received
  // 4. Names.
  for (const field of nameFields) {
    const name = stringField(update, field)
    if (name !== undefined && !isValidName(name)) {
      return fail(connection, BadName, update, `${quote(name)} is not a valid name.`)
    }
  }
  // 5. The sender is the connection's user.
  const from = update.from ?? session.user.name
  if (nameKey(from) !== session.user.key) {
    return fail(connection, UsernameMismatch, update, `You are ${session.user.name}, not ${quote(from)}.`)
  }
  // 6. The channel exists; the handler gets it as found (in a cluster, perhaps from its host).
  const name = stringField(update, "channel")
  const channel = name === undefined ? undefined : registry.findChannel(name)
  if (name !== undefined && channel === undefined && registry.lookupChannel !== undefined) {
    return Effect.flatMap(registry.lookupChannel(name), (found) => {
      if (found === undefined && handler.channelMustExist !== false) {
        return fail(connection, NoSuchChannel, update, `There is no channel named ${quote(name)}.`)
      }
      return withTarget(handler, session, update, found)
    })
  }
  if (name !== undefined && handler.channelMustExist !== false && channel === undefined) {
    return fail(connection, NoSuchChannel, update, `There is no channel named ${quote(name)}.`)
  }
  return withTarget(handler, session, update, channel)
}

/** 7. The target exists; the handler gets it as found (in a cluster, perhaps on another runner). */
const withTarget = (
  handler: AnyHandler,
  session: Session,
  update: Update,
  channel: ChannelHandle | undefined
): Effect.Effect<void, never, HandlerServices | ProfileStore> => {
  const { registry } = session
  const target = stringField(update, "target")
  const present = target === undefined ? undefined : registry.findUser(target)
  if (target === undefined || handler.target === undefined || handler.target === "none" || present !== undefined) {
    return handler.handle(session, update as never, channel, present)
  }
  if (registry.lookupUser !== undefined) {
    return Effect.flatMap(registry.lookupUser(target), (elsewhere) =>
      elsewhere !== undefined
        ? handler.handle(session, update as never, channel, elsewhere)
        : absentTarget(handler, session, update, channel, target))
  }
  return absentTarget(handler, session, update, channel, target)
}

/** A target nobody present has: a registered one may do for some updates. */
const absentTarget = (
  handler: AnyHandler,
  session: Session,
  update: Update,
  channel: ChannelHandle | undefined,
  target: string
): Effect.Effect<void, never, HandlerServices | ProfileStore> => {
  const { connection } = session
  if (handler.target === "present") return noSuchUser(connection, update, target)
  return Effect.flatMap(Effect.service(ProfileStore), (profiles) => profiles.get(nameKey(target))).pipe(
    Effect.flatMap((profile) =>
      profile === undefined ? noSuchUser(connection, update, target) : handler.handle(session, update as never, channel, undefined)
    )
  )
}

const nameFields = ["from", "channel", "target"] as const

const noSuchUser = (connection: Session["connection"], update: Update, target: string) =>
  fail(connection, NoSuchUser, update, `There is no user named ${quote(target)}.`)
