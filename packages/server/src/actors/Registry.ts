/**
 * The registry: the server's directory of users and channels, as every
 * handler sees it. The actor behind it (RegistryActor.ts) owns the user
 * table, the channel directory, the connection count and the life of every
 * channel actor.
 *
 * Changes go through its mailbox (`call`), one at a time, so that claiming
 * a name, creating a channel or counting a connection is atomic. Lookups
 * (`findUser`, `findChannel`) read the tables directly: they are plain maps
 * that only the registry's fiber changes, one synchronous step at a time.
 *
 * Rule of waiting: code running in the registry may wait on a channel actor
 * (never the reverse); connections may wait on both. With that order there
 * is no cycle of waits and so no deadlock.
 *
 * @since 0.1.0
 */
import type { RuleSet } from "@lichat/core"
import { Context, type Effect, type Scope } from "effect"
import type { Handshakes } from "../limits/Admission.ts"
import type { LoginThrottle } from "../limits/LoginThrottle.ts"
import type { RateWindow } from "../limits/RateWindow.ts"
import type { ChannelHandle, User } from "../Model.ts"
import type { StoreService } from "../storage/Store.ts"
import type * as Actor from "./Actor.ts"
import type { ChannelState } from "./ChannelState.ts"
import type { RegistryMessage } from "./RegistryProtocol.ts"

/** A channel known to the registry. */
interface ChannelEntry {
  readonly handle: ChannelHandle
  /** The actor's state, read by the registry only for sweeping expired channels. */
  readonly state: ChannelState
  readonly scope: Scope.Closeable
}

/** What the registry owns. Only code running in its actor mutates it. */
export interface RegistryState {
  readonly users: Map<string, User>
  readonly channels: Map<string, ChannelEntry>
  /** Open connections, counted from the moment the socket is accepted. */
  connections: number
  /** The connections still in their handshake (Admission.ts). */
  readonly handshaking: Handshakes
  /** Failed logins by name and address (LoginThrottle.ts). */
  readonly logins: LoginThrottle
  /** Channels created by each user (by key) within `channelCreationWindow`. */
  readonly creations: RateWindow
  /** Banned user names, by key (shirakumo-server-management). */
  readonly blacklist: Set<string>
  /** Banned addresses with their masks (shirakumo-ip). */
  readonly ipBlacklist: Array<IpBan>
  /** Since when each regular channel has been empty, in universal time (Expiry.ts). */
  readonly emptySince: Map<string, number>
}

/** One entry of the IP blacklist: an address and a mask, both as 16-byte IPv6. */
export interface IpBan {
  readonly ip: Uint8Array
  readonly mask: Uint8Array
}

/** The registry's interface. */
export interface RegistryService {
  /** The server's name, its user's and its primary channel's. */
  readonly serverName: string
  /** The server's own user. */
  readonly serverUser: User
  /** The primary channel. */
  readonly primary: ChannelHandle
  /** The registry's state, for reading. */
  readonly state: RegistryState
  /** Looks a present user up by name, case-insensitively. */
  readonly findUser: (name: string) => User | undefined
  /** Looks a channel up by name, case-insensitively. */
  readonly findChannel: (name: string) => ChannelHandle | undefined
  /**
   * In a cluster, a channel `findChannel` does not know yet, when its host
   * says it exists; `undefined` on a single server.
   */
  readonly lookupChannel: ((name: string) => Effect.Effect<ChannelHandle | undefined>) | undefined
  /**
   * In a cluster, a user present on another runner (a record with only its
   * name); `undefined` on a single server.
   */
  readonly lookupUser: ((name: string) => Effect.Effect<User | undefined>) | undefined
  /**
   * In a cluster, the stored channels (the primary first) with their rules,
   * for `channels`; `undefined` on a single server (the registry's own table).
   */
  readonly listChannels: Effect.Effect<ReadonlyArray<{ readonly name: string; readonly key: string; readonly rules: RuleSet }>> | undefined
  /** In a cluster, removes a channel on its host (its members see themselves leave); `undefined` on a single server. */
  readonly destroyChannel: ((channel: ChannelHandle) => Effect.Effect<void>) | undefined
  /** In a cluster, closes the connections of a user present on another runner; `undefined` on a single server. */
  readonly disconnectElsewhere: ((name: string) => Effect.Effect<void>) | undefined
  /** A channel's current rule set (an immutable value its actor replaces whole). */
  readonly rulesOf: (channel: ChannelHandle) => RuleSet | undefined
  /** Sends a message to the registry's actor and waits for its reply (RegistryProtocol.ts). */
  readonly call: Actor.Actor<RegistryMessage>["call"]
  /** A fresh id for an update the server originates. */
  readonly nextId: () => number
  /** Where the server keeps what outlives it; search reads the channels' history there (shirakumo-history). */
  readonly store: StoreService
}

/** The registry service; `RegistryActor.layer` starts it. */
export class Registry extends Context.Service<Registry, RegistryService>()("@lichat/server/Registry") {}
