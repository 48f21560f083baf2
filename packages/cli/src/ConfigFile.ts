/**
 * The config file: a JSON object whose keys are option names, in camelCase
 * (`pingInterval`, as in `ServerOptions`) or as their flags
 * (`ping-interval`). An unknown key or a bad value is an error naming the
 * key and the reason.
 *
 * @since 0.1.0
 */

import * as Fs from "node:fs"
import type { ServerOptionsInput } from "@lichat/server"
import { Data, Effect, Result, Runtime } from "effect"
import { byKey, parse } from "./Options.ts"

/** The configuration could not be used; `message` says where and why. */
export class ConfigurationError extends Data.TaggedError("ConfigurationError")<{ readonly message: string }> {
  /** Reported by the CLI itself, in one line; exit code 1. */
  override readonly [Runtime.errorReported] = false
  override readonly [Runtime.errorExitCode] = 1
}

/** Reads and validates a config file. */
export const read = (path: string): Effect.Effect<ServerOptionsInput, ConfigurationError> =>
  Effect.gen(function*() {
    const text = yield* Effect.try({
      try: () => Fs.readFileSync(path, "utf8"),
      catch: (error) => new ConfigurationError({ message: `${path}: cannot be read (${(error as Error).message})` })
    })
    const json = yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: (error) => new ConfigurationError({ message: `${path}: not valid JSON (${(error as Error).message})` })
    })
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      return yield* new ConfigurationError({ message: `${path}: must hold a JSON object of options` })
    }
    const input: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(json)) {
      const spec = byKey(key)
      if (spec === undefined) return yield* new ConfigurationError({ message: `${path}: unknown option "${key}"` })
      const parsed = parse(spec, value)
      if (Result.isFailure(parsed)) {
        return yield* new ConfigurationError({ message: `${path}: ${key}: ${parsed.failure}` })
      }
      input[spec.key] = parsed.success
    }
    return input as ServerOptionsInput
  })
