/**
 * The `lichat-server` command: every server option as a flag, with the
 * precedence flag > environment variable (`LICHAT_*`) > config file >
 * default; `--print-config` shows the result without starting. The server
 * runs until SIGINT or SIGTERM, then stops gracefully (every client gets
 * `disconnect`).
 *
 * @since 0.1.0
 */
import {
  LichatServer,
  ProfileFile,
  ServerConfig,
  ServerConfigModule,
  type ServerOptions,
  type ServerOptionsInput
} from "@lichat/server"
import { Config, Data, Duration, Effect, Layer, LogLevel, Option, Redacted, References, Result, Runtime } from "effect"
import { Command, Flag } from "effect/cli"
import * as ConfigFile from "./ConfigFile.ts"
import { envOf, OPTIONS, type OptionSpec, parse, showDefault, validate } from "./Options.ts"

/** The version printed by `--version`. */
export const VERSION = "0.1.0"

const metavars: Record<OptionSpec["kind"], string> = {
  string: "text",
  secret: "text",
  integer: "n",
  port: "port",
  duration: "duration",
  list: "a,b,…",
  boolean: "true|false"
}

const optionFlag = (spec: OptionSpec) =>
  Flag.String(spec.flag).pipe(
    Flag.withMetavar(metavars[spec.kind]),
    Flag.withDescription(`${spec.description}. Default: ${showDefault(spec)}. Environment: ${envOf(spec)}.`),
    Flag.optional
  )

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
    const options = ServerConfigModule.make(input as ServerOptionsInput)
    const checked = validate(options)
    if (Result.isFailure(checked)) return yield* new ConfigFile.ConfigurationError({ message: checked.failure })
    return checked.success
  })

/** The options as JSON, for `--print-config` (the salt hidden). */
export const printable = (options: ServerOptions): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(options).map(([key, value]) => [
      key,
      Redacted.isRedacted(value) ? "<redacted>" : Duration.isDuration(value) ? `${Duration.toSeconds(value)} seconds` : value
    ])
  )

/** Runs the server with these options until interrupted. */
export const serve = (options: ServerOptions): Effect.Effect<never, StartError> =>
  Layer.launch(
    LichatServer.layer.pipe(
      Layer.provide(ProfileFile.layerFromConfig),
      Layer.provide(Layer.succeed(ServerConfig, options))
    )
  ).pipe(
    Effect.catchTag("ListenError", (error) =>
      Effect.fail(new StartError({ message: `cannot listen on ${error.hostname}:${error.port}: ${error.message}` }))),
    Effect.catchTag("StateFileError", (error) =>
      Effect.fail(new StartError({ message: `cannot open the state file ${error.path}: ${error.message}` }))),
    Effect.catchTag("HistoryFileError", (error) =>
      Effect.fail(new StartError({ message: `cannot open the history file ${error.path}: ${error.message}` })))
  )

/** The command. */
export const command = Command.make(
  "lichat-server",
  {
    options: optionFlags,
    config: Flag.String("config").pipe(
      Flag.withDescription("A JSON file of options (camelCase keys or flag names); flags and environment override it"),
      Flag.optional
    ),
    printConfig: Flag.Boolean("print-config").pipe(
      Flag.withDescription("Print the resolved options as JSON and exit"),
      Flag.withDefault(false)
    )
  },
  Effect.fnUntraced(function*({ config, options, printConfig }) {
    const resolved = yield* resolve(options, config)
    if (printConfig) {
      process.stdout.write(JSON.stringify(printable(resolved), null, 2) + "\n")
      return
    }
    return yield* serve(resolved)
  })
).pipe(Command.withDescription("A Lichat chat server (WebSocket) on the Effect runtime"))

const toLogLevel = (level: string): LogLevel.LogLevel => {
  switch (level.toLowerCase()) {
    case "all":
      return "All"
    case "trace":
      return "Trace"
    case "debug":
      return "Debug"
    case "warn":
    case "warning":
      return "Warn"
    case "error":
      return "Error"
    case "fatal":
      return "Fatal"
    case "none":
      return "None"
    default:
      return "Info"
  }
}

/**
 * Runs the command line `argv` (without the node and script paths). The
 * log level comes from `LICHAT_LOG_LEVEL` (default info); the global
 * `--log-level` flag overrides it.
 */
export const run = (argv: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const level = yield* Config.option(Config.String("LICHAT_LOG_LEVEL")).pipe(
      Effect.orElseSucceed(() => Option.none<string>())
    )
    return yield* Command.runWith(command, { version: VERSION })(argv).pipe(
      Effect.provideService(References.MinimumLogLevel, toLogLevel(Option.getOrElse(level, () => "info")))
    )
  })
