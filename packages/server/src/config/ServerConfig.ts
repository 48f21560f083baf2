/**
 * The server's configuration, supplied as a service so that every part of
 * the server reads its limits from one place, and so that an embedding
 * application chooses where the values come from: explicit values
 * (`ServerConfig.layer`), the environment (`ServerConfig.layerFromEnv`,
 * variables `LICHAT_*`), or anything else that builds the record. Every
 * layer validates through OptionTable.ts, as the command line does.
 *
 * @since 0.1.0
 */
import { Config, Context, Duration, Effect, Layer, Option, Result } from "effect"
import { InvalidOptions, OPTIONS, parse, validate } from "./OptionTable.ts"
import { envName, make, type ServerOptions, type ServerOptionsInput } from "./ServerOptions.ts"

export { InvalidOptions, OPTIONS, type OptionSpec, optionOf, parse, parseHostPort, validate } from "./OptionTable.ts"
export {
  defaultName,
  defaults,
  effectLogLevel,
  envName,
  LOG_FORMATS,
  LOG_LEVELS,
  type LogFormat,
  type LogLevelName,
  make,
  type ServerOptions,
  type ServerOptionsInput
} from "./ServerOptions.ts"

/**
 * Fills `input` from the defaults and checks the result (OptionTable.validate):
 * every option, whichever way it was given.
 */
export const makeValid = (input: ServerOptionsInput = {}): Result.Result<ServerOptions, InvalidOptions> => {
  // A duration `make` cannot read would throw there: refused here, by name.
  for (const spec of OPTIONS) {
    const value: unknown = input[spec.key]
    if (spec.kind !== "duration" || value === undefined) continue
    if (Option.isNone(Duration.fromInput(value as Duration.Input))) {
      return Result.fail(new InvalidOptions({ message: `${spec.key}: expected a duration such as "90 seconds"` }))
    }
  }
  return Result.mapError(validate(make(input)), (message) => new InvalidOptions({ message }))
}

/**
 * Reads every option from `LICHAT_*` configuration with the same parsers as
 * the command line; absent ones keep their defaults.
 */
export const fromEnv: Effect.Effect<ServerOptions, Config.ConfigError | InvalidOptions> = Effect.gen(function*() {
  const input: Record<string, unknown> = {}
  for (const spec of OPTIONS) {
    const raw = yield* Config.option(Config.String(envName(spec.key)))
    if (Option.isNone(raw)) continue
    const parsed = parse(spec, raw.value)
    if (Result.isFailure(parsed)) {
      return yield* new InvalidOptions({ message: `${envName(spec.key)}: ${parsed.failure} (got "${raw.value}")` })
    }
    input[spec.key] = parsed.success
  }
  return yield* Effect.fromResult(makeValid(input as ServerOptionsInput))
})

/** The configuration service. */
export class ServerConfig extends Context.Service<ServerConfig, ServerOptions>()("@lichat/server/ServerConfig") {
  /** A layer from explicit values, checked; anything not given keeps its default. */
  static readonly layer = (input: ServerOptionsInput = {}): Layer.Layer<ServerConfig, InvalidOptions> =>
    Layer.effect(ServerConfig, Effect.fromResult(makeValid(input)))

  /** A layer reading `LICHAT_*` variables from the current `ConfigProvider` (the environment by default). */
  static readonly layerFromEnv: Layer.Layer<ServerConfig, Config.ConfigError | InvalidOptions> = Layer.effect(
    ServerConfig,
    fromEnv
  )
}
