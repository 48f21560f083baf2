/**
 * The records the actors share: users, the handles of connections and
 * channels. Each record has one owner that mutates it, named on each field;
 * everyone else only reads. JavaScript runs one fiber step at a time, so a
 * read never sees a half-made change; owners keep each change within one
 * synchronous step so that the two sides of a relation (a channel's members
 * and a user's channels) always agree. And the messages a channel's
 * mailbox takes, which hold these records (so they live beside them).
 *
 * @since 0.1.0
 */
import type { Join, Leave, Update } from "@lichat/core"
import type { Actor } from "./actors/Actor.ts"
import type { OutFrame } from "./transport/FrameSocket.ts"

/** Why a connection is being closed, for logs and for the close frame. */
export type CloseReason =
  | "client-disconnect"
  | "socket-closed"
  | "handshake-failed"
  | "handshake-timeout"
  /** Dropped in its handshake to make room for a newer one (Admission.ts). */
  | "crowded-out"
  /** Refused: its address has too many connections in their handshake. */
  | "address-busy"
  | "idle"
  | "slow-consumer"
  | "server-stop"
  | "killed"
  | "protocol-error"
  /** An update went on past the longest allowed without ending (raw TCP): told `update-too-long`. */
  | "update-too-long"
  /** The server failed to handle an update (a defect, logged). */
  | "server-error"

/** What others may do with a connection: hand it frames, or ask it to close. */
export interface ConnectionHandle {
  /** A process-unique number, for logs and maps. */
  readonly id: number
  /** The peer's IP address. */
  readonly address: string
  /** The extensions the client listed in its `connect`. Owner: the connection (set once). */
  readonly clientExtensions: ReadonlySet<string>
  /**
   * Offers one frame to the connection's bounded outbox without waiting.
   * When the outbox is full the connection closes itself as a slow consumer
   * and the frame is dropped: it never delays the sender.
   */
  readonly deliver: (frame: OutFrame) => void
  /** Asks the connection to close; it says `disconnect` first where it can. */
  readonly close: (reason: CloseReason) => void
  /** Universal time of the handshake. */
  readonly connectedAt: number
}

/** A user present on the server. Owner: the registry, except `channels` (owner: each channel for its own entry). */
export interface User {
  /** The name as the user first spelled it. */
  readonly name: string
  /** The case-insensitive identity (`nameKey(name)`). */
  readonly key: string
  /** Live connections. Owner: the registry. */
  readonly connections: Set<ConnectionHandle>
  /** Channels the user inhabits, by channel key. Owner: each channel, for its own key. */
  readonly channels: Map<string, ChannelHandle>
  /** Whether the user is logged in to a registered profile. Owner: the registry. */
  registered: boolean
  /** Keys of users whose updates this user does not want (shirakumo-block). Owner: the user's connections. */
  readonly blocked: Set<string>
}

/** The three kinds of channel (spec §2.4). */
export type ChannelKind = "primary" | "regular" | "anonymous"

/** A channel as others see it: its identity and its mailbox. */
export interface ChannelHandle {
  readonly name: string
  readonly key: string
  readonly kind: ChannelKind
  readonly actor: Actor<ChannelMessage>
}

/**
 * Where a client's update came from, and where the channel answers it: the
 * sender's user and connection. Inside one process these are the records
 * themselves; across processes, references (actors/ChannelWire.ts).
 */
export interface Sender {
  readonly user: User
  readonly connection: ConnectionHandle
}

/**
 * What a channel's mailbox takes (`Channel.behaviour` handles each kind in
 * one place). Users, senders and targets are the records themselves; the
 * rest are Lichat updates, Schema classes. `ChannelWire.ts` is the same
 * messages as Schemas that can cross a process.
 */
export type ChannelMessage = Post | Enter | Depart | Close

/** A client's update for the channel, checked there and handled by its update's channel step. */
export interface Post {
  readonly _tag: "Post"
  readonly update: Update & { readonly channel: string }
  readonly sender: Sender
  /** The present user the update's `target` names, as the dispatcher found it. */
  readonly target: User | undefined
}

/** The server puts a user in the channel: into the primary one at login, into a channel it created. */
export interface Enter {
  readonly _tag: "Enter"
  readonly user: User
  readonly join: Join
}

/** The user's last connection closed: it leaves the channel, if still a member. */
export interface Depart {
  readonly _tag: "Depart"
  readonly user: User
  readonly leave: Leave
}

/** The channel is destroyed: every member sees itself leave it. */
export interface Close {
  readonly _tag: "Close"
  /** The time the leaves carry. */
  readonly clock: number
}
