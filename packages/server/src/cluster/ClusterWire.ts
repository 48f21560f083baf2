/**
 * The `Channel` entity's protocol: what a runner sends the runner hosting a
 * channel (its users' updates, batched), and the one subscription per
 * runner and channel through which the host hands back every frame for
 * that runner's connections, in the channel's order. Users and connections
 * cross as references (`MemberRef`); updates as their Lichat wire text.
 *
 * @since 0.3.0
 */
import { Join, Leave } from "@lichat/core"
import { Schema } from "effect"
import { ClusterSchema, Entity } from "effect/cluster"
import { Rpc } from "effect/rpc"
import { UpdateText, UpdateTextOf } from "../actors/ChannelWire.ts"

/** One of a user's connections, as the hosting runner sees it. */
const ConnectionRef = Schema.Struct({
  /** The connection's number on its own runner. */
  id: Schema.Number,
  address: Schema.String,
  extensions: Schema.Array(Schema.String),
  connectedAt: Schema.Number
})

/** A user of another runner (or of this one), as a channel host knows it. */
export const MemberRef = Schema.Struct({
  name: Schema.String,
  registered: Schema.Boolean,
  connections: Schema.Array(ConnectionRef),
  /** Name keys the user blocks (shirakumo-block). */
  blocked: Schema.Array(Schema.String)
})
export type MemberRef = typeof MemberRef.Type

/** What a runner hands a channel: the channel messages of Model.ts, by reference. */
export const Item = Schema.Union([
  Schema.TaggedStruct("Post", {
    sender: MemberRef,
    connection: Schema.Number,
    update: UpdateText,
    /** The name of the user the update's `target` names, when it is present on the sender's runner or another. */
    target: Schema.optionalKey(Schema.String)
  }),
  Schema.TaggedStruct("Enter", { user: MemberRef, join: UpdateTextOf((u): u is Join => u instanceof Join) }),
  Schema.TaggedStruct("Depart", { user: Schema.String, leave: UpdateTextOf((u): u is Leave => u instanceof Leave) }),
  /** A member, told again to a new host of the channel (after a move or a crash), with its connections now. */
  Schema.TaggedStruct("Present", { user: MemberRef })
])
export type Item = typeof Item.Type

/** What the host hands a runner through its subscription. */
export const Delivery = Schema.Union([
  /** The subscription is in place; `missed` when frames for this runner were dropped since its last one. */
  Schema.TaggedStruct("Ready", { incarnation: Schema.String, missed: Schema.Boolean }),
  /** One frame for some of the runner's connections. */
  Schema.TaggedStruct("Frame", { text: Schema.String, to: Schema.Array(Schema.Number) }),
  /** A user of the runner joined (or left) the channel: its side of the relation. */
  Schema.TaggedStruct("Member", { user: Schema.String, joined: Schema.Boolean }),
  /** The channel asks a connection to close (a kick of the last connection, a kill). */
  Schema.TaggedStruct("Close", { connection: Schema.Number, reason: Schema.String }),
  /** The channel's rule set, printed, whenever it changes (runners check some updates against it). */
  Schema.TaggedStruct("Rules", { rules: Schema.String }),
  /** Every item of the runner's batch `ticket` is handled, and its frames are before this. */
  Schema.TaggedStruct("Handled", { ticket: Schema.Number })
])
export type Delivery = typeof Delivery.Type

/** A batch of items, handled in order; its `Handled` mark follows their frames on the subscription. */
const Send = Rpc.make("Send", {
  payload: { runner: Schema.String, ticket: Schema.Number, items: Schema.Array(Item) }
})

/** The runner's subscription, telling the host which of its users are members (after a move or a crash). */
const Subscribe = Rpc.make("Subscribe", {
  payload: { runner: Schema.String, members: Schema.Array(MemberRef) },
  success: Delivery,
  stream: true
}).annotate(ClusterSchema.InterruptOnTermination, true)

/** Makes the channel, unless it exists. */
const Create = Rpc.make("Create", {
  payload: { name: Schema.String, kind: Schema.Literals(["regular", "anonymous"]), registrant: Schema.String },
  success: Schema.Literals(["created", "taken"])
})

/** Whether the channel exists. */
const Exists = Rpc.make("Exists", { success: Schema.Boolean })

/** Closes every connection of a user, on whichever runner it is (asked of the primary channel, where every user is). */
const Disconnect = Rpc.make("Disconnect", { payload: { name: Schema.String } })

/** Removes the channel (not the primary one): every member sees itself leave; `false` when there was none. */
const Destroy = Rpc.make("Destroy", { success: Schema.Boolean })

/** The channel entity, keyed by the channel's name key. */
export const ChannelEntity = Entity.make("Channel", [Send, Subscribe, Create, Exists, Disconnect, Destroy])
