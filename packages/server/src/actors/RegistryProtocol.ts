/**
 * What the registry's mailbox takes: one request class per change to the
 * server's directory, each with the reply it gets. RegistryActor.ts
 * handles each in one place. These stay inside one process (they carry
 * live connections and users), so they are `Request`s, not Schemas.
 *
 * @since 0.1.0
 */
import { Request } from "effect"
import type { Admitted } from "../limits/Admission.ts"
import type { ChannelHandle, ConnectionHandle, User } from "../Model.ts"
import type { Profile } from "../storage/ProfileStore.ts"

/** A new socket asks to be let in; counted as a connection when admitted (Admission.ts). */
export class Admit extends Request.TaggedClass("Admit")<{ readonly connection: ConnectionHandle }, Admitted> {}

/** A socket in its handshake has sent its first update. */
export class Spoke extends Request.TaggedClass("Spoke")<{ readonly connection: ConnectionHandle }, void> {}

/** A socket's handshake has ended, either way. */
export class HandshakeDone extends Request.TaggedClass("HandshakeDone")<{ readonly connection: ConnectionHandle }, void> {}

/** A socket has closed: it no longer counts. */
export class Release extends Request.TaggedClass("Release")<{ readonly connection: ConnectionHandle }, void> {}

/** A password check for a name from an address started, failed or succeeded (LoginThrottle.ts). */
export class LoginEvent extends Request.TaggedClass("LoginEvent")<{
  readonly name: string
  readonly address: string
  readonly event: "started" | "failed" | "succeeded"
  /** When, in epoch millis. */
  readonly now: number
}, void> {}

/** Who a handshake attaches a connection to (checked already: name, profile, password). */
export interface Arrival {
  readonly name: string
  readonly key: string
  /** The user's registered profile, when there is one. */
  readonly profile: Profile | undefined
  /** Whether the connection gave the profile's password (only then may it join a present user). */
  readonly withPassword: boolean
  readonly connectionsPerUser: number
}

/**
 * A handshake claims its user: a new user is made, or — with the password
 * — a present one gets another connection, up to `connectionsPerUser`.
 * `"taken"`: present and no password; `"full"`: at the limit.
 */
export class Claim extends Request.TaggedClass("Claim")<{
  readonly connection: ConnectionHandle
  readonly arrival: Arrival
}, { readonly user: User; readonly isNew: boolean } | "taken" | "full"> {}

/** A closed connection leaves its user; a user left without connections leaves the server and its channels. */
export class Detach extends Request.TaggedClass("Detach")<{
  readonly user: User
  readonly connection: ConnectionHandle
  /** The time the leaves carry. */
  readonly clock: number
}, void> {}

/**
 * A user creates a channel, within its creation quota: the channel, or
 * `"taken"` when the name is, or how long to wait (millis) for the quota.
 */
export class CreateChannel extends Request.TaggedClass("CreateChannel")<{
  readonly name: string
  readonly kind: "regular" | "anonymous"
  readonly creator: User
}, ChannelHandle | "taken" | { readonly wait: number }> {}

/** A channel goes: its actor stops, its stored payloads and kept messages go too. */
export class RemoveChannel extends Request.TaggedClass("RemoveChannel")<{ readonly key: string }, void> {}

/** Removes the channels that expired (Expiry.ts), on the server's clock in seconds. */
export class SweepChannels extends Request.TaggedClass("SweepChannels")<{
  readonly now: number
  /** Seconds a regular channel may stay empty. */
  readonly lifetime: number
}, void> {}

/** A name goes on the blacklist (shirakumo-server-management), or comes off it. */
export class SetNameBan extends Request.TaggedClass("SetNameBan")<{ readonly key: string; readonly banned: boolean }, void> {}

/**
 * An address range goes on the blacklist (shirakumo-ip); `false` when a
 * wider ban already covers it.
 */
export class BanAddress extends Request.TaggedClass("BanAddress")<{ readonly ip: Uint8Array; readonly mask: Uint8Array }, boolean> {}

/** The bans within an address range are lifted. */
export class UnbanAddress extends Request.TaggedClass("UnbanAddress")<{ readonly ip: Uint8Array; readonly mask: Uint8Array }, void> {}

/** Every message the registry takes. */
export type RegistryMessage =
  | Admit
  | Spoke
  | HandshakeDone
  | Release
  | LoginEvent
  | Claim
  | Detach
  | CreateChannel
  | RemoveChannel
  | SweepChannels
  | SetNameBan
  | BanAddress
  | UnbanAddress
