/**
 * Protocol-wide facts: the version spoken, the versions accepted, universal
 * time (spec §1: whole seconds since 1900-01-01T00:00:00Z) and the names of
 * the known Shirakumo extensions (spec §6, shirakumo.mess).
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"

/** The protocol version this server speaks (the spec's "version 2"). */
export const PROTOCOL_VERSION = "2.0"

/**
 * The versions a client may name in `connect` and still be served, as the
 * Elixir reference server accepts them. Others get `incompatible-version`.
 */
export const COMPATIBLE_VERSIONS: ReadonlyArray<string> = ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "2.0"]

/** Whether a `connect` version is one this server accepts (exact string match). */
export const isCompatibleVersion = (version: string): boolean => COMPATIBLE_VERSIONS.includes(version)

/** Seconds from 1900-01-01T00:00:00Z to the Unix epoch, 1970-01-01T00:00:00Z. */
export const UNIX_EPOCH_OFFSET = 2208988800

/**
 * Converts milliseconds since the Unix epoch to universal time: whole seconds
 * since 1900, rounded down (so an instant always maps to the second it is in,
 * also before 1970).
 */
export const toUniversalTime = (epochMillis: number): number => Math.floor(epochMillis / 1000) + UNIX_EPOCH_OFFSET

/**
 * Converts universal time (seconds since 1900, as read from the wire, so
 * possibly a `bigint`) to milliseconds since the Unix epoch.
 */
export const fromUniversalTime = (universalTime: number | bigint): number =>
  (Number(universalTime) - UNIX_EPOCH_OFFSET) * 1000

/** The current universal time, read from the `Clock` (so `TestClock` controls it). */
export const universalTimeNow: Effect.Effect<number> = Effect.map(Clock.currentTimeMillis, toUniversalTime)

/**
 * The names of the extensions defined in the Shirakumo extension document
 * (shirakumo.sexpr), in its order. The emote extension is named
 * `"shirakumo-emotes"`: the prose spec (shirakumo.mess §3, "Emotes
 * (shirakumo-emotes)") and the reference server and clients use that name,
 * while the machine-readable shirakumo.sexpr says `"shirakumo-emote"`.
 * `"shirakumo-icons"` is described only in prose, with no definitions, and is
 * not listed. Knowing a name is not supporting it: the server advertises only
 * what it implements.
 */
export const KNOWN_EXTENSIONS = [
  "shirakumo-backfill",
  "shirakumo-data",
  "shirakumo-emotes",
  "shirakumo-edit",
  "shirakumo-channel-trees",
  "shirakumo-channel-info",
  "shirakumo-server-management",
  "shirakumo-pause",
  "shirakumo-quiet",
  "shirakumo-ip",
  "shirakumo-bridge",
  "shirakumo-link",
  "shirakumo-markup",
  "shirakumo-user-info",
  "shirakumo-shared-identity",
  "shirakumo-sign",
  "shirakumo-history",
  "shirakumo-block",
  "shirakumo-reactions",
  "shirakumo-replies",
  "shirakumo-last-read",
  "shirakumo-typing",
  "shirakumo-otp",
  "shirakumo-roles"
] as const

/** The name of a known extension. */
export type KnownExtension = (typeof KNOWN_EXTENSIONS)[number]

/** Whether a string names a known extension. */
export const isKnownExtension = (name: string): name is KnownExtension =>
  (KNOWN_EXTENSIONS as ReadonlyArray<string>).includes(name)
