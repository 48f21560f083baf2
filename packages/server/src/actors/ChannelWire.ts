/**
 * A channel's messages as they would cross a process — a channel hosted
 * as a cluster entity, say: Schema-defined, each update as its Lichat wire
 * text, users and connections by reference. The in-process mailbox carries
 * the records themselves (Model.ts); `toWire` and `fromWire` convert, so a
 * host elsewhere hands the channel the same messages it handles here.
 *
 * @since 0.1.0
 */
import { decodeUpdate, isUpdate, Join, Leave, printUpdate, readObject, type Update } from "@lichat/core"
import { Effect, Result, Schema, SchemaGetter, SchemaIssue } from "effect"
import type { ChannelMessage, ConnectionHandle, User } from "../Model.ts"

/** An update as its wire text: printed on encoding, read (and its shape checked) on decoding. */
export const UpdateText = Schema.String.pipe(
  Schema.decodeTo(Schema.declare((u: unknown): u is Update => isUpdate(u)), {
    decode: SchemaGetter.transformEffect((text: string, options) => {
      const object = readObject(text)
      const update = Result.isSuccess(object) ? decodeUpdate(object.success) : undefined
      return update !== undefined && Result.isSuccess(update)
        ? Effect.succeed(update.success)
        : Effect.fail(new SchemaIssue.InvalidValue({ message: "not a Lichat update" }, text, options))
    }),
    encode: SchemaGetter.transform(printUpdate)
  })
)

/** An update of a class, as its wire text. */
export const UpdateTextOf = <U extends Update>(is: (u: Update) => u is U) =>
  UpdateText.pipe(Schema.refine((u): u is U => is(u), { message: "an update of another class" }))

/** A user by name, and one of its connections by number. */
const SenderRef = Schema.Struct({ user: Schema.String, connection: Schema.Number })

/** What each channel message is on the wire. */
export const WireMessage = Schema.Union([
  Schema.TaggedStruct("Post", { sender: SenderRef, update: UpdateText, target: Schema.optionalKey(Schema.String) }),
  Schema.TaggedStruct("Enter", { user: Schema.String, join: UpdateTextOf((u): u is Join => u instanceof Join) }),
  Schema.TaggedStruct("Depart", { user: Schema.String, leave: UpdateTextOf((u): u is Leave => u instanceof Leave) }),
  Schema.TaggedStruct("Close", { clock: Schema.Number })
])
export type WireMessage = typeof WireMessage.Type

/** A channel message in its wire form. */
export const toWire = (message: ChannelMessage): WireMessage => {
  switch (message._tag) {
    case "Post": {
      const sender = { user: message.sender.user.name, connection: message.sender.connection.id }
      const target = message.target === undefined ? {} : { target: message.target.name }
      return { _tag: "Post", sender, update: message.update, ...target }
    }
    case "Enter":
      return { _tag: "Enter", user: message.user.name, join: message.join }
    case "Depart":
      return { _tag: "Depart", user: message.user.name, leave: message.leave }
    case "Close":
      return message
  }
}

/** How the receiving side finds the records a wire message refers to. */
export interface Directory {
  readonly user: (name: string) => User | undefined
  readonly connection: (user: User, id: number) => ConnectionHandle | undefined
}

/**
 * A wire message back as the channel's message, its references resolved;
 * `undefined` when one refers to nobody (a user or connection gone), or a
 * post's update names no channel.
 */
export const fromWire = (wire: WireMessage, directory: Directory): ChannelMessage | undefined => {
  if (wire._tag === "Close") return wire
  const user = directory.user(wire._tag === "Post" ? wire.sender.user : wire.user)
  if (user === undefined) return undefined
  switch (wire._tag) {
    case "Post": {
      const connection = directory.connection(user, wire.sender.connection)
      const update = wire.update
      if (connection === undefined || !("channel" in update) || typeof update.channel !== "string") return undefined
      // A target gone since is no target: the channel treats it as absent.
      const target = wire.target === undefined ? undefined : directory.user(wire.target)
      return { _tag: "Post", sender: { user, connection }, update: update as Update & { readonly channel: string }, target }
    }
    case "Enter":
      return { _tag: "Enter", user, join: wire.join }
    case "Depart":
      return { _tag: "Depart", user, leave: wire.leave }
  }
}
