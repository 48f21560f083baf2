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
  nameKey,
  NoSuchChannel,
  NoSuchUser,
  type Update,
  UsernameMismatch
} from "@lichat/core"
import { Effect } from "effect"
import { type AnyHandler, patch } from "./Handler.ts"
import { ProfileStore } from "./ProfileStore.ts"
import { Registry } from "./Registry.ts"
import type { HandlerServices, Session } from "./Session.ts"
import { fail, send, serverStamp } from "./Session.ts"
import * as Extensions from "./Extensions.ts"
import { ServerConfig } from "./ServerConfig.ts"

/** The handlers by update tag. */
export type HandlerTable = ReadonlyMap<string, AnyHandler>

/** Builds the table from a list of handlers; later ones replace earlier ones for the same tag. */
export const table = (handlers: ReadonlyArray<AnyHandler>): HandlerTable =>
  new Map(handlers.map((h) => [h.tag, h]))

const stringField = (update: Update, field: "from" | "channel" | "target"): string | undefined => {
  const value = (update as { readonly [k: string]: unknown })[field]
  return typeof value === "string" ? value : undefined
}

/** Dispatches one decoded update of an established session. */
export const dispatch = (
  handlers: HandlerTable,
  session: Session,
  received: Update,
  now: number
): Effect.Effect<void, never, HandlerServices | ProfileStore> =>
  Effect.gen(function*() {
    const registry = yield* Registry
    const connection = session.connection
    if (received._tag === "connect") {
      return yield* fail(connection, AlreadyConnected, received, "The connection is already established.")
    }
    const config = yield* ServerConfig
    const handler = handlers.get(received._tag)
    if (handler === undefined || (handler.extension !== undefined && !Extensions.isEnabled(config, handler.extension))) {
      return yield* fail(connection, InvalidUpdate, received, `The server does not accept ${received._tag} updates.`)
    }
    // shirakumo-sign: a signed update must carry its own from and clock, which are kept as they are.
    if (received.signature !== undefined && (received.from === undefined || received.clock === undefined)) {
      const stamp = yield* serverStamp
      send(connection, new MalformedUpdate({ ...stamp, text: "A signed update must carry from and clock." }))
      return
    }
    const update = received.from === undefined || received.clock === undefined
      ? patch(received, { from: received.from ?? session.user.name, clock: received.clock ?? now } as Partial<Update>)
      : received
    // 4. Names.
    for (const field of ["from", "channel", "target"] as const) {
      const name = stringField(update, field)
      if (name !== undefined && !isValidName(name)) {
        return yield* fail(connection, BadName, update, `${name} is not a valid name.`)
      }
    }
    // 5. The sender is the connection's user.
    if (nameKey(update.from!) !== session.user.key) {
      return yield* fail(connection, UsernameMismatch, update, `You are ${session.user.name}, not ${update.from}.`)
    }
    // 6. The channel exists.
    const channel = stringField(update, "channel")
    if (channel !== undefined && handler.channelMustExist !== false && registry.findChannel(channel) === undefined) {
      return yield* fail(connection, NoSuchChannel, update, `There is no channel named ${channel}.`)
    }
    // 7. The target exists.
    const target = stringField(update, "target")
    if (target !== undefined && handler.target !== undefined && handler.target !== "none") {
      const present = registry.findUser(target) !== undefined
      const known = present || (handler.target === "known" && (yield* (yield* ProfileStore).get(nameKey(target))) !== undefined)
      if (!known) return yield* fail(connection, NoSuchUser, update, `There is no user named ${target}.`)
    }
    return yield* handler.handle(session, update as never)
  })
