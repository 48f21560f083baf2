/**
 * The `lichat-server` command: every server option as a flag, with the
 * precedence flag > environment variable (`LICHAT_*`) > config file >
 * default; `--print-config` shows the result without starting. The server
 * runs until SIGINT or SIGTERM, then stops gracefully (every client gets
 * `disconnect`).
 *
 * @since 0.1.0
 */

import * as Fs from "node:fs"
import {
  LichatServer,
  ServerConfig,
  ServerConfigModule,
  type ServerOptions,
  type ServerOptionsInput, 
  StoreFromConfig
} from "@lichat/server"
import { Config, Data, Duration, Effect, Layer, Option, Result, Runtime } from "effect"
import { CliConfig, Command, Flag, GlobalFlag } from "effect/cli"
import * as ConfigFile from "./ConfigFile.ts"
import { withLogging } from "./Logging.ts"
import * as Operator from "./Operator.ts"
import { envOf, OPTIONS, type OptionSpec, parse, showDefault } from "./Options.ts"

/** The version printed by `--version`: this package's, from its package.json (one directory up, from src/ and dist/ alike). */
export const VERSION: string = (() => {
  try {
    const manifest = JSON.parse(Fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: unknown }
    return typeof manifest.version === "string" ? manifest.version : "unknown"
  } catch {
    return "unknown"
  }
})()

const metavars: Record<OptionSpec["kind"], string> = {
  string: "text",
  secret: "text",
  integer: "n",
  port: "port",
  duration: "duration",
  list: "a,b,…",
  boolean: "true|false",
  choice: "choice"
}

/** An option's flag, its value as text (parsed with the environment's and the file's); a boolean one may go bare (`--memory`). */
const optionFlag = (spec: OptionSpec): Flag.Flag<Option.Option<string>> => {
  const description = `${spec.description}. Default: ${showDefault(spec)}. Environment: ${envOf(spec)}.`
  if (spec.kind === "boolean") {
    return Flag.Boolean(spec.flag).pipe(
      Flag.withDescription(description),
      Flag.optional,
      Flag.map(Option.map((value) => String(value)))
    )
  }
  return Flag.String(spec.flag).pipe(
    Flag.withMetavar(spec.kind === "choice" ? spec.choices.join("|") : metavars[spec.kind]),
    Flag.withDescription(description),
    Flag.optional
  )
}

const optionFlags: Record<string, Flag.Flag<Option.Option<string>>> = Object.fromEntries(
  OPTIONS.map((spec) => [spec.key, optionFlag(spec)])
)

/** The port could not be bound (or another start-up failure); reported in one line, exit code 1. */
export class StartError extends Data.TaggedError("StartError")<{ readonly message: string }> {
  override readonly [Runtime.errorReported] = false
  override readonly [Runtime.errorExitCode] = 1
}

/**
 * Resolves the options: flags over environment over file over defaults.
 * Fails with a message naming the option and the reason.
 */
export const resolve = (
  flags: Readonly<Record<string, Option.Option<string>>>,
  configFile: Option.Option<string>
): Effect.Effect<ServerOptions, ConfigFile.ConfigurationError> =>
  Effect.gen(function*() {
    const input: Record<string, unknown> = Option.isSome(configFile) ? { ...(yield* ConfigFile.read(configFile.value)) } : {}
    for (const spec of OPTIONS) {
      const fromEnv = yield* Config.option(Config.String(envOf(spec))).pipe(
        Effect.orElseSucceed(() => Option.none<string>())
      )
      const fromFlag = flags[spec.key] ?? Option.none()
      const [source, raw] = Option.isSome(fromFlag)
        ? [`--${spec.flag}`, fromFlag.value]
        : Option.isSome(fromEnv)
        ? [envOf(spec), fromEnv.value]
        : [undefined, undefined]
      if (source === undefined) continue
      const parsed = parse(spec, raw)
      if (Result.isFailure(parsed)) {
        return yield* new ConfigFile.ConfigurationError({ message: `${source}: ${parsed.failure} (got "${raw}")` })
      }
      input[spec.key] = parsed.success
    }
    // Checked as ServerConfig.layer checks them.
    const checked = ServerConfigModule.makeValid(input as ServerOptionsInput)
    if (Result.isFailure(checked)) return yield* new ConfigFile.ConfigurationError({ message: checked.failure.message })
    return checked.success
  })

/**
 * The options as a config file, for `--print-config`: every option by its
 * key, durations as text (`"120 seconds"`), and the secrets (`salt`,
 * `database`, `cluster`) left out — not masked, so that `--config` reads the output
 * back as the same options once the secrets are given apart (flags or
 * `LICHAT_*` variables).
 */
export const printable = (options: ServerOptions): Record<string, unknown> =>
  Object.fromEntries(
    OPTIONS.filter((spec) => spec.kind !== "secret").map((spec) => {
      const value = options[spec.key]
      return [spec.key, Duration.isDuration(value) ? printDuration(value) : value]
    })
  )

/** A duration as the config file reads it back exactly: seconds when whole milliseconds, else nanoseconds. */
const printDuration = (duration: Duration.Duration): string => {
  if (!Duration.isFinite(duration)) return "Infinity"
  const millis = Duration.toMillis(duration)
  return Number.isInteger(millis) ? `${millis / 1000} seconds` : `${Duration.toNanosUnsafe(duration)} nanos`
}

/** Runs the server with these options until interrupted. */
export const serve = (options: ServerOptions): Effect.Effect<never, StartError> =>
  Layer.launch(
    LichatServer.layer.pipe(
      Layer.provide(StoreFromConfig.layerWithProfiles),
      Layer.provide(Layer.succeed(ServerConfig, options))
    )
  ).pipe(
    Effect.catchTag("ListenError", (error) =>
      Effect.fail(new StartError({ message: `cannot listen on ${error.hostname}:${error.port}: ${error.message}` }))),
    Effect.catchTag("StoreError", (error) =>
      Effect.fail(new StartError({ message: `cannot open the store (${error.store}): ${error.message}` }))),
    Effect.catchTag("ClusterError", (error) => Effect.fail(new StartError({ message: `cannot join the cluster: ${error.message}` })))
  )

/** The command. Its options are shared with the subcommands (`operator add` opens the store they name). */
export const command = Command.make("lichat-server", {
  printConfig: Flag.Boolean("print-config").pipe(
    Flag.withDescription(
      "Print the resolved options as a JSON config file for --config and exit (the secrets, salt and database, left out)"
    ),
    Flag.withDefault(false)
  )
}).pipe(
  Command.withSharedFlags({
    options: optionFlags,
    config: Flag.String("config").pipe(
      Flag.withDescription("A JSON file of options (camelCase keys or flag names); flags and environment override it"),
      Flag.optional
    )
  }),
  Command.withDescription("A Lichat chat server (raw TCP, WebSocket, TLS) on the Effect runtime"),
  Command.withHandler(Effect.fnUntraced(function*({ config, options, printConfig }) {
    const resolved = yield* resolve(options, config)
    if (printConfig) {
      process.stdout.write(JSON.stringify(printable(resolved), null, 2) + "\n")
      return
    }
    return yield* serve(resolved).pipe(withLogging(resolved))
  }))
)

/** The command with its subcommands: `operator add NAME` reads the store options given before it. */
const withSubcommands = command.pipe(
  Command.withSubcommands([
    Operator.command(Effect.flatMap(command, ({ config, options }) => resolve(options, config)))
  ])
)

/**
 * The built-in global flags but `--log-level`: the log level is an option
 * like the others (`--log-level`, `LICHAT_LOG_LEVEL`, `logLevel` in the
 * config file), checked with them.
 */
const builtIns = GlobalFlag.BuiltIns.filter((flag) => flag !== GlobalFlag.LogLevel)

/**
 * Runs the command line `argv` (without the node and script paths). The
 * log level and format are options (`--log-level`, `--log-format`),
 * applied once the options are resolved.
 */
export const run = (argv: ReadonlyArray<string>) =>
  Command.runWith(withSubcommands, { version: VERSION })(argv).pipe(
    Effect.provideService(CliConfig.CliConfig, CliConfig.make({ builtIns }))
  )
