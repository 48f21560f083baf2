/**
 * The server's options as values: every option with its meaning, the
 * defaults (those of the reference server lichat-ws-server for the first
 * nine, the limits a real deployment needs for the rest), and the form
 * callers write them in.
 *
 * @since 0.1.0
 */

import * as Os from "node:os"
import { isValidName } from "@lichat/core"
import { Duration, type LogLevel, Redacted } from "effect"

/** Every option of the server. Durations are `Duration`s. */
export interface ServerOptions {
  /** The server's name: its own user and its primary channel. */
  readonly name: string
  /** The address to listen on. */
  readonly hostname: string
  /** The TCP port to listen on; 0 picks a free one. */
  readonly port: number
  /**
   * Listeners, each `scheme://host:port` with a scheme of tcp (raw Lichat),
   * ws (WebSocket and HTTP), auto (both, told apart by the first bytes), or
   * tls, wss, auto+tls over TLS. Empty: `auto` on hostname:port, and with
   * `tlsCert` and `tlsKey` also `auto+tls` on hostname:tlsPort.
   */
  readonly listen: ReadonlyArray<string>
  /** The TLS certificate chain, a PEM file; "" for no TLS. */
  readonly tlsCert: string
  /** The TLS private key, a PEM file; "" for no TLS. */
  readonly tlsKey: string
  /** The TLS port when `listen` is empty and TLS is on (the spec's 1112). */
  readonly tlsPort: number
  /** Silence from a client after which the server sends `ping`. */
  readonly pingInterval: Duration.Duration
  /** A server-wide secret mixed into every password hash. */
  readonly salt: Redacted.Redacted<string>
  /** Silence after which a connection is dropped (`connection-unstable`). */
  readonly idleTimeout: Duration.Duration
  /** The length of the flood-protection window. */
  readonly floodFrame: Duration.Duration
  /** Updates a connection may send within one flood window. */
  readonly floodLimit: number
  /** Connections the server accepts at once. */
  readonly connectionLimit: number
  /** Connections one user may have at once. */
  readonly connectionsPerUser: number
  /** Channels one user may be in at once (the primary channel included). */
  readonly channelsPerUser: number
  /** Channels one user may create within `channelCreationWindow`. */
  readonly channelCreations: number
  /** The window `channelCreations` counts in. */
  readonly channelCreationWindow: Duration.Duration
  /** The longest update accepted, in characters. */
  readonly maxUpdateSize: number
  /** Bytes waiting to be sent to one connection before it counts as not reading (and is dropped). */
  readonly outboxBytes: number
  /** How long a connection may take to complete the `connect` handshake. */
  readonly handshakeTimeout: Duration.Duration
  /** How long a new connection may stay silent before its first update. */
  readonly firstUpdateTimeout: Duration.Duration
  /** New connections not heard from yet that may wait at once; at the limit the oldest of them is dropped. */
  readonly handshakeLimit: number
  /** New connections from one address not heard from yet that may wait at once; more are refused. */
  readonly handshakesPerAddress: number
  /** How long an unused regular channel lives before it is removed. */
  readonly channelLifetime: Duration.Duration
  /** How long an unused registered profile lives before it is removed. */
  readonly profileLifetime: Duration.Duration
  /** MIME types accepted in `data` updates. */
  readonly allowedContentTypes: ReadonlyArray<string>
  /** Protocol extensions to switch off (every extension the server implements is on by default). */
  readonly disabledExtensions: ReadonlyArray<string>
  /** Registered users who administer the server (hold the administrative rules of the primary channel). */
  readonly operators: ReadonlyArray<string>
  /** Updates kept per channel for `backfill`. */
  readonly backfillLimit: number
  /** How long updates are kept for `backfill`. */
  readonly backfillAge: Duration.Duration
  /** Emotes one channel may hold. */
  readonly maxEmotes: number
  /** The largest emote or icon image, in bytes (before base64). */
  readonly maxImageSize: number
  /** A directory of server-wide emotes (`name.png`, …) loaded into the primary channel at start; "" for none. */
  readonly emotesDir: string
  /** The directory of the server's database (`lichat.db`) and `shirakumo-link` payloads. */
  readonly dataDir: string
  /** Keep nothing on disk: profiles, channels, bans and history last as long as the process. */
  readonly memory: boolean
  /** A PostgreSQL URL (`postgres://…`) keeping the data there instead of in the SQLite file; "" for none. */
  readonly database: Redacted.Redacted<string>
  /** How long channel history (backfill and search) is kept; 0 keeps it until `historyLimit`. */
  readonly historyAge: Duration.Duration
  /** Updates of history kept per channel (the oldest go first). */
  readonly historyLimit: number
  /** Bytes of `shirakumo-link` payloads one user may have stored at once. */
  readonly linkQuotaPerUser: number
  /** Bytes of `shirakumo-link` payloads stored at once, from everyone. */
  readonly linkQuotaTotal: number
  /** How long a `shirakumo-link` payload is kept. */
  readonly linkLifetime: Duration.Duration
  /** The public base URL of this server's HTTP side, for links ("" derives it from the bound address). */
  readonly publicUrl: string
  /** Proxies whose `X-Forwarded-For` header is believed (IP addresses). */
  readonly trustedProxies: ReadonlyArray<string>
  /** Refuse new user names that mix scripts (Cyrillic `а` in `admin`), except the combinations real languages use. */
  readonly refuseMixedScripts: boolean
  /**
   * Where `/metrics` and `/healthz` are served on a listener of their own,
   * `host:port` (IPv6 hosts in brackets; port 0 picks a free one); "" serves
   * them on the chat port. With it, the chat port answers 404 for
   * `/metrics` (and still serves `/healthz`, for load balancers).
   */
  readonly metricsListen: string
  /**
   * A PostgreSQL URL: the server runs as one runner of a cluster (Effect
   * Cluster) whose runners share that database, as their store and their
   * registry of runners and shard locks; "" for a single server.
   */
  readonly cluster: Redacted.Redacted<string>
  /** `host:port` where a cluster's runner listens for the others, and how they reach it. */
  readonly runnerAddress: string
  /**
   * The least severe log level written. Applied by the `lichat-server`
   * command; an application embedding the server sets its own
   * (`References.MinimumLogLevel`).
   */
  readonly logLevel: LogLevelName
  /**
   * How log lines are written: `text` (one human-readable line each) or
   * `json` (one JSON object per line: timestamp, level, message,
   * annotations). Applied by the `lichat-server` command, like `logLevel`.
   */
  readonly logFormat: LogFormat
}

/** The log levels, least severe first, as options name them. */
export const LOG_LEVELS = ["all", "trace", "debug", "info", "warn", "error", "fatal", "none"] as const

/** A log level as options name it. */
export type LogLevelName = typeof LOG_LEVELS[number]

/** Other spellings of log levels that are accepted. */
export const LOG_LEVEL_ALIASES: Readonly<Record<string, LogLevelName>> = { warning: "warn" }

/** Effect's log level of an option's log level. */
export const effectLogLevel = (level: LogLevelName): LogLevel.LogLevel => {
  switch (level) {
    case "all":
      return "All"
    case "trace":
      return "Trace"
    case "debug":
      return "Debug"
    case "info":
      return "Info"
    case "warn":
      return "Warn"
    case "error":
      return "Error"
    case "fatal":
      return "Fatal"
    case "none":
      return "None"
  }
}

/** The ways log lines are written. */
export const LOG_FORMATS = ["text", "json"] as const

/** A way log lines are written. */
export type LogFormat = typeof LOG_FORMATS[number]

/** The reference defaults, with the server name taken from the host. */
export const defaults: ServerOptions = {
  name: defaultName(Os.hostname()),
  hostname: "0.0.0.0",
  port: 1111,
  listen: [],
  tlsCert: "",
  tlsKey: "",
  tlsPort: 1112,
  pingInterval: Duration.seconds(60),
  salt: Redacted.make(""),
  idleTimeout: Duration.seconds(120),
  floodFrame: Duration.seconds(30),
  floodLimit: 40,
  connectionLimit: 100,
  connectionsPerUser: 20,
  channelsPerUser: 200,
  channelCreations: 20,
  channelCreationWindow: Duration.minutes(10),
  maxUpdateSize: 8 * 1024 * 1024,
  outboxBytes: 16 * 1024 * 1024,
  handshakeTimeout: Duration.seconds(30),
  firstUpdateTimeout: Duration.seconds(10),
  handshakeLimit: 64,
  handshakesPerAddress: 8,
  channelLifetime: Duration.days(30),
  profileLifetime: Duration.days(365),
  allowedContentTypes: [
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "audio/mpeg",
    "audio/ogg",
    "audio/wav",
    "audio/webm",
    "video/mp4",
    "video/webm",
    "video/ogg"
  ],
  disabledExtensions: [],
  operators: [],
  backfillLimit: 1000,
  backfillAge: Duration.days(1),
  maxEmotes: 256,
  maxImageSize: 256 * 1024,
  emotesDir: "",
  dataDir: "lichat-data",
  memory: false,
  database: Redacted.make(""),
  historyAge: Duration.zero,
  historyLimit: 100_000,
  linkQuotaPerUser: 32 * 1024 * 1024,
  linkQuotaTotal: 512 * 1024 * 1024,
  linkLifetime: Duration.days(30),
  publicUrl: "",
  trustedProxies: [],
  refuseMixedScripts: true,
  metricsListen: "",
  cluster: Redacted.make(""),
  runnerAddress: "127.0.0.1:34431",
  logLevel: "info",
  logFormat: "text"
}

/** The host's name when it is a valid Lichat name, else `"Lichat"`. */
export function defaultName(hostname: string): string {
  return isValidName(hostname) ? hostname : "Lichat"
}

/** The options in the form callers write them: durations as `Duration.Input`, salt as a string. */
export type ServerOptionsInput = {
  readonly [K in keyof ServerOptions]?: ServerOptions[K] extends Duration.Duration ? Duration.Input
    : ServerOptions[K] extends Redacted.Redacted<string> ? string | Redacted.Redacted<string>
    : ServerOptions[K]
}

/** Fills `input` from the defaults and normalises durations and the salt. */
export const make = (input: ServerOptionsInput = {}): ServerOptions => {
  const d = (value: Duration.Input | undefined, fallback: Duration.Duration) =>
    value === undefined ? fallback : Duration.fromInputUnsafe(value)
  return {
    ...defaults,
    ...stripUndefined(input),
    pingInterval: d(input.pingInterval, defaults.pingInterval),
    idleTimeout: d(input.idleTimeout, defaults.idleTimeout),
    floodFrame: d(input.floodFrame, defaults.floodFrame),
    handshakeTimeout: d(input.handshakeTimeout, defaults.handshakeTimeout),
    firstUpdateTimeout: d(input.firstUpdateTimeout, defaults.firstUpdateTimeout),
    channelCreationWindow: d(input.channelCreationWindow, defaults.channelCreationWindow),
    linkLifetime: d(input.linkLifetime, defaults.linkLifetime),
    channelLifetime: d(input.channelLifetime, defaults.channelLifetime),
    profileLifetime: d(input.profileLifetime, defaults.profileLifetime),
    backfillAge: d(input.backfillAge, defaults.backfillAge),
    historyAge: d(input.historyAge, defaults.historyAge),
    database: secret(input.database, defaults.database),
    cluster: secret(input.cluster, defaults.cluster),
    salt: secret(input.salt, defaults.salt)
  }
}

const secret = (value: string | Redacted.Redacted<string> | undefined, fallback: Redacted.Redacted<string>) =>
  value === undefined ? fallback : typeof value === "string" ? Redacted.make(value) : value

const stripUndefined = <A extends object>(input: A): Partial<A> =>
  Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<A>

/** Environment variable names, one per option: `LICHAT_PING_INTERVAL` for `pingInterval`. */
export const envName = (option: keyof ServerOptions): string =>
  "LICHAT_" + option.replace(/[A-Z]/g, (c) => "_" + c).toUpperCase()
