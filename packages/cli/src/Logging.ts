/**
 * How the `lichat-server` command writes its log, through Effect's
 * `Logger` (to the console, standard output): `text`, one human-readable
 * line per entry (`2025-01-03T14:22:47.570Z INFO ban: "mallory" banned by
 * "boss" from 127.0.0.1`; an error's cause follows on the next lines), or
 * `json`, one JSON object per line with `timestamp`, `level`, `message`,
 * `annotations` (the audit fields: `event`, `user`, `address`, `reason`,
 * …), `spans`, `fiberId` and `cause`; and the least severe level written.
 *
 * @since 0.1.0
 */
import { ServerConfigModule } from "@lichat/server"
import { Cause, Effect, Formatter, Logger, References } from "effect"

/** One line: ISO timestamp, level, message; the cause, if any, below it. */
const formatText = Logger.make<unknown, string>(({ cause, date, logLevel, message }) => {
  const parts = Array.isArray(message) ? message : [message]
  const text = parts.map((part) => (typeof part === "string" ? part : Formatter.format(part))).join(" ").replace(/\r?\n/g, " ")
  const line = `${date.toISOString()} ${logLevel.toUpperCase()} ${text}`
  return cause.reasons.length > 0 ? `${line}\n${Cause.pretty(cause)}` : line
})

/** The logger of a format. */
export const loggerOf = (format: ServerConfigModule.LogFormat): Logger.Logger<unknown, void> =>
  format === "json" ? Logger.consoleJson : Logger.withConsoleLog(formatText)

/**
 * Writes the log of `effect` in `format` from `level` up (replacing the
 * default logger).
 */
export const withLogging = (
  options: { readonly logFormat: ServerConfigModule.LogFormat; readonly logLevel: ServerConfigModule.LogLevelName }
) =>
<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  effect.pipe(
    Effect.provide(Logger.layer([loggerOf(options.logFormat)])),
    Effect.provideService(References.MinimumLogLevel, ServerConfigModule.effectLogLevel(options.logLevel))
  )
