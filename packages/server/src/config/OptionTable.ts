/**
 * Every option of the server with the kind of its value and what it means,
 * one parser per kind, and the checks between options: the one place the
 * command line, the environment (`ServerConfig.layerFromEnv`), the config
 * file and `ServerConfig.layer` all validate through, so that they accept
 * and refuse the same values with the same messages.
 *
 * @since 0.1.0
 */
import { isValidName, MAX_NAME_LENGTH, normaliseName } from "@lichat/core"
import { Data, Duration, Option, Redacted, Result } from "effect"
import { ALIASES, IMPLEMENTED } from "../extensions/catalog.ts"
import { parseListener, SCHEMES } from "../transport/Listener.ts"
import {
  LOG_FORMATS,
  LOG_LEVEL_ALIASES,
  LOG_LEVELS,
  type ServerOptions,
  type ServerOptionsInput
} from "./ServerOptions.ts"

/** The options cannot be used; `message` names the option and the reason. */
export class InvalidOptions extends Data.TaggedError("InvalidOptions")<{ readonly message: string }> {}

/** The kinds of option value. */
type Kind = "string" | "integer" | "port" | "duration" | "list" | "secret" | "boolean" | "choice"

/** One option. */
export interface OptionSpec {
  /** The key in `ServerOptions` and in the config file (`pingInterval`). */
  readonly key: keyof ServerOptions
  /** The command-line flag, without dashes (`ping-interval`). */
  readonly flag: string
  readonly kind: Kind
  readonly description: string
  /** The values a `choice` takes (lower case; matched without regard to case). */
  readonly choices: ReadonlyArray<string>
  /** Other spellings of some choices. */
  readonly aliases: Readonly<Record<string, string>>
}

const o = (
  key: keyof ServerOptions,
  kind: Kind,
  description: string,
  choices: ReadonlyArray<string> = [],
  aliases: Readonly<Record<string, string>> = {}
): OptionSpec => ({
  key,
  flag: key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()),
  kind,
  description,
  choices,
  aliases
})

/** Every option, in the order help lists them: the reference server's nine first. */
export const OPTIONS: ReadonlyArray<OptionSpec> = [
  o("name", "string", "The server's name: its own user and its primary channel"),
  o("hostname", "string", "The address to listen on"),
  o("port", "port", "The TCP port to listen on (0 picks a free one): raw Lichat, WebSocket and HTTP"),
  o("listen", "list", "Listeners instead: scheme://host:port, comma-separated (tcp, ws, auto, tls, wss, auto+tls)"),
  o("tlsCert", "string", "The TLS certificate chain, a PEM file (reloaded on SIGHUP and when it changes)"),
  o("tlsKey", "string", "The TLS private key, a PEM file"),
  o("tlsPort", "port", "The TLS port (raw Lichat and wss) when --tls-cert is given and --listen is not"),
  o("pingInterval", "duration", "Silence from a client after which the server sends ping"),
  o("salt", "secret", "A server-wide secret mixed into every password hash"),
  o("idleTimeout", "duration", "Silence after which a connection is dropped (must exceed 100 seconds)"),
  o("floodFrame", "duration", "The length of the flood-protection window"),
  o("floodLimit", "integer", "Updates a connection may send within one flood window"),
  o("connectionLimit", "integer", "Connections the server accepts at once"),
  o("connectionsPerUser", "integer", "Connections one user may have at once"),
  o("channelsPerUser", "integer", "Channels one user may be in at once"),
  o("channelCreations", "integer", "Channels one user may create within the channel creation window"),
  o("channelCreationWindow", "duration", "The window channel creations are counted in"),
  o("maxUpdateSize", "integer", "The longest update accepted, in characters"),
  o("outboxBytes", "integer", "Bytes waiting to be sent to one connection before it counts as not reading and is dropped"),
  o("handshakeTimeout", "duration", "How long a connection may take to send its connect update"),
  o("firstUpdateTimeout", "duration", "How long a new connection may stay silent before its first update"),
  o("handshakeLimit", "integer", "New connections not heard from yet that may wait at once; at the limit the oldest is dropped"),
  o("handshakesPerAddress", "integer", "New connections from one address not heard from yet that may wait at once"),
  o("channelLifetime", "duration", "How long an empty regular channel lives"),
  o("profileLifetime", "duration", "How long an unused registered profile lives"),
  o("allowedContentTypes", "list", "Content types accepted in data updates (comma-separated)"),
  o("disabledExtensions", "list", "Protocol extensions to switch off (comma-separated)"),
  o("operators", "list", "Registered users who administer the server (comma-separated)"),
  o("backfillLimit", "integer", "Updates kept per channel for backfill"),
  o("backfillAge", "duration", "How long updates are kept for backfill"),
  o("maxEmotes", "integer", "Emotes one channel may hold"),
  o("maxImageSize", "integer", "The largest emote or icon image, in bytes"),
  o("emotesDir", "string", "A directory of server-wide emotes (name.png, …); empty for none"),
  o("dataDir", "string", "The directory of the server's database (lichat.db) and shirakumo-link payloads"),
  o("memory", "boolean", "Keep nothing on disk: profiles, channels, bans and history last as long as the process"),
  o("database", "secret", "A PostgreSQL URL (postgres://user@host/db) keeping the data there instead of under --data-dir"),
  o("historyAge", "duration", "How long channel history (backfill and search) is kept; 0 keeps it until --history-limit"),
  o("historyLimit", "integer", "Updates of history kept per channel; the oldest go first"),
  o("linkQuotaPerUser", "integer", "Bytes of shirakumo-link payloads one user may have stored"),
  o("linkQuotaTotal", "integer", "Bytes of shirakumo-link payloads stored from everyone"),
  o("linkLifetime", "duration", "How long a shirakumo-link payload is kept"),
  o("publicUrl", "string", "The public base URL for links; empty derives it from the bound address"),
  o("trustedProxies", "list", "Proxies whose X-Forwarded-For is believed (comma-separated addresses)"),
  o("refuseMixedScripts", "boolean", "Refuse new user names that mix scripts (such as a Cyrillic а in admin), except the mixes languages use"),
  o("cluster", "secret", "A PostgreSQL URL: run as one runner of a cluster sharing that database (its store and runner registry)"),
  o("runnerAddress", "string", "host:port where this runner listens for the other runners of a cluster, and how they reach it"),
  o("metricsListen", "string", "host:port of a separate HTTP listener for /metrics and /healthz; empty serves them on the chat port"),
  o("logLevel", "choice", "The least severe log level written", LOG_LEVELS, LOG_LEVEL_ALIASES),
  o("logFormat", "choice", "How log lines are written: text, or json (one object per line)", LOG_FORMATS)
]

/** The option of a key, in camelCase or as its flag name. */
export const optionOf = (key: string): OptionSpec | undefined => OPTIONS.find((spec) => spec.key === key || spec.flag === key)

type Parsed = ServerOptionsInput[keyof ServerOptionsInput]

/**
 * Parses an option's value from text (flags, environment) or JSON (config
 * file). Durations are a number of seconds or an Effect duration string
 * ("90 seconds", "2 hours"); lists are comma-separated text or JSON arrays.
 */
export const parse = (spec: OptionSpec, raw: unknown): Result.Result<Parsed, string> => {
  const text = typeof raw === "string" ? raw.trim() : undefined
  switch (spec.kind) {
    case "string":
      return text !== undefined ? Result.succeed(text) : Result.fail("expected a string")
    case "secret":
      return text !== undefined ? Result.succeed(Redacted.make(text)) : Result.fail("expected a string")
    case "integer":
    case "port": {
      const n = typeof raw === "number" ? raw : text !== undefined && /^\d+$/.test(text) ? Number(text) : Number.NaN
      if (!Number.isSafeInteger(n) || n < 0) return Result.fail("expected a whole number of at least 0")
      if (spec.kind === "port" && n > 65535) return Result.fail("expected a port number from 0 to 65535")
      if (spec.kind === "integer" && n < 1) return Result.fail("expected a whole number of at least 1")
      return Result.succeed(n)
    }
    case "duration": {
      if (typeof raw === "number" && Number.isFinite(raw) && raw >= 0) return Result.succeed(Duration.seconds(raw))
      if (text !== undefined && /^\d+(\.\d+)?$/.test(text)) return Result.succeed(Duration.seconds(Number(text)))
      const duration = text === undefined ? Option.none() : Duration.fromInput(text as Duration.Input)
      if (Option.isSome(duration)) return Result.succeed(duration.value)
      return Result.fail(`expected seconds or a duration such as "90 seconds"`)
    }
    case "boolean": {
      if (typeof raw === "boolean") return Result.succeed(raw)
      const word = text?.toLowerCase()
      if (word === "true" || word === "yes" || word === "1" || word === "on") return Result.succeed(true)
      if (word === "false" || word === "no" || word === "0" || word === "off") return Result.succeed(false)
      return Result.fail("expected true or false")
    }
    case "list": {
      if (Array.isArray(raw) && raw.every((item) => typeof item === "string")) return Result.succeed(raw.map((s) => s.trim()))
      if (text !== undefined) return Result.succeed(text.split(",").map((s) => s.trim()).filter((s) => s.length > 0))
      return Result.fail("expected a comma-separated list or an array of strings")
    }
    case "choice": {
      const word = text?.toLowerCase()
      const choice = word === undefined ? undefined : spec.choices.includes(word) ? word : spec.aliases[word]
      return choice !== undefined ? Result.succeed(choice as Parsed) : Result.fail(`expected one of ${spec.choices.join(", ")}`)
    }
  }
}

/** Whether a value (from any source: parsed, or given to `ServerConfig.layer`) is of an option's kind. */
const checkKind = (spec: OptionSpec, value: unknown): string | undefined => {
  switch (spec.kind) {
    case "string":
      return typeof value === "string" ? undefined : "expected a string"
    case "secret":
      return Redacted.isRedacted(value) && typeof Redacted.value(value) === "string" ? undefined : "expected a string"
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value) && value >= 1 ? undefined : "expected a whole number of at least 1"
    case "port":
      return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= 65535
        ? undefined
        : "expected a port number from 0 to 65535"
    case "duration":
      return Duration.isDuration(value) && Duration.toMillis(value) >= 0 ? undefined : "expected a duration of at least 0"
    case "list":
      return Array.isArray(value) && value.every((item) => typeof item === "string") ? undefined : "expected an array of strings"
    case "boolean":
      return typeof value === "boolean" ? undefined : "expected true or false"
    case "choice":
      return typeof value === "string" && spec.choices.includes(value) ? undefined : `expected one of ${spec.choices.join(", ")}`
  }
}

/** Every extension name `disabledExtensions` may give: the implemented ones and their other names. */
const EXTENSION_NAMES: ReadonlySet<string> = new Set([...IMPLEMENTED, ...Object.values(ALIASES).flat()])

/**
 * Reads `host:port` (an IPv6 host in brackets: `[::1]:9100`; port 0 picks a
 * free one): the address, or why not.
 */
export const parseHostPort = (text: string): { readonly hostname: string; readonly port: number } | string => {
  const match = /^(\[[^\]]+\]|[^:/\s\[\]]+):(\d{1,5})$/.exec(text.trim())
  if (match === null) return `"${text}" is not host:port (an IPv6 host in brackets, [::1]:9100)`
  const port = Number(match[2])
  if (port > 65535) return `"${text}": the port must be at most 65535`
  const host = match[1] ?? ""
  return { hostname: host.startsWith("[") ? host.slice(1, -1) : host, port }
}

/** Why a server name cannot be used, or `undefined` when it can. */
const checkName = (name: string): string | undefined => {
  if (name.trim() === "") return "must not be empty"
  const length = [...normaliseName(name)].length
  if (length > MAX_NAME_LENGTH) return `"${name}" is ${length} characters long; a Lichat name has at most ${MAX_NAME_LENGTH}`
  return isValidName(name) ? undefined : `"${name}" is not a valid Lichat name (letters, digits, marks, punctuation and single inner spaces)`
}

/** Checks what no single value shows: the name, and the relations between options. */
export const validate = (options: ServerOptions): Result.Result<ServerOptions, string> => {
  for (const spec of OPTIONS) {
    const wrong = checkKind(spec, options[spec.key])
    if (wrong !== undefined) return Result.fail(`${spec.key}: ${wrong}`)
  }
  const badName = checkName(options.name)
  if (badName !== undefined) return Result.fail(`name: ${badName}`)
  for (const operator of options.operators) {
    if (!isValidName(operator)) return Result.fail(`operators: "${operator}" is not a valid Lichat name`)
  }
  for (const extension of options.disabledExtensions) {
    if (!EXTENSION_NAMES.has(extension)) {
      return Result.fail(`disabledExtensions: "${extension}" is not an extension of this server (it has ${IMPLEMENTED.join(", ")})`)
    }
  }
  const runner = parseHostPort(options.runnerAddress)
  if (typeof runner === "string") return Result.fail(`runnerAddress: ${runner}`)
  if (Redacted.value(options.cluster) !== "" && (options.memory || Redacted.value(options.database) !== "")) {
    return Result.fail("cluster: a cluster keeps its data in its own database; leave out memory and database")
  }
  if (options.metricsListen !== "") {
    const address = parseHostPort(options.metricsListen)
    if (typeof address === "string") return Result.fail(`metricsListen: ${address}`)
  }
  if (Duration.toSeconds(options.idleTimeout) <= 100) {
    return Result.fail("idleTimeout: must be more than 100 seconds (spec §4.2)")
  }
  if (Duration.toMillis(options.pingInterval) >= Duration.toMillis(options.idleTimeout)) {
    return Result.fail("pingInterval: must be shorter than idleTimeout")
  }
  if ((options.tlsCert === "") !== (options.tlsKey === "")) return Result.fail("tlsCert and tlsKey: give both or neither")
  for (const entry of options.listen) {
    const listener = parseListener(entry)
    if (typeof listener === "string") return Result.fail(`listen: ${listener}`)
    if (SCHEMES[listener.scheme].tls && options.tlsCert === "") return Result.fail(`listen: ${entry} needs tlsCert and tlsKey`)
  }
  return Result.succeed(options)
}
