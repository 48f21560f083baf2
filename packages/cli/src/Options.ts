/**
 * The options as the command line shows them: the table of every option,
 * its parsers and the checks between options are the server's
 * (OptionTable.ts in @lichat/server), so that flags, the environment, the
 * config file and an embedding application's layer validate alike; here are
 * the flag and variable names, defaults as help prints them, and the
 * README's table.
 *
 * @since 0.1.0
 */
import { defaults, ServerConfigModule } from "@lichat/server"
import { Duration } from "effect"

/** The kinds of option value. */
export type Kind = ServerConfigModule.OptionSpec["kind"]
/** One option. */
export type OptionSpec = ServerConfigModule.OptionSpec
/** Every option, in the order help lists them: the reference server's nine first. */
export const OPTIONS = ServerConfigModule.OPTIONS
/** Parses an option's value from text (flags, environment) or JSON (config file). */
export const parse = ServerConfigModule.parse
/** Checks what no single value shows: the name, and the relations between options. */
export const validate = ServerConfigModule.validate

/** The option of a config-file key, in camelCase or as its flag name. */
export const byKey = (key: string): OptionSpec | undefined => OPTIONS.find((spec) => spec.key === key || spec.flag === key)

/** The environment variable of an option. */
export const envOf = (spec: OptionSpec): string => ServerConfigModule.envName(spec.key)

/** An option's default, as help shows it. */
export const showDefault = (spec: OptionSpec): string => {
  if (spec.key === "name") return `the host name if it is a valid name, else "Lichat"`
  const value = defaults[spec.key]
  if (spec.kind === "secret") return '""'
  if (Duration.isDuration(value)) return `${Duration.toSeconds(value)} seconds`
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.join(",")
  return JSON.stringify(value)
}

/** The options as the Markdown table of the README (checked by a test, so the two cannot drift). */
export const markdownTable = (): string =>
  [
    "| flag | environment | default | meaning |",
    "|---|---|---|---|",
    ...OPTIONS.map((spec) =>
      `| \`--${spec.flag}\` | \`${envOf(spec)}\` | ${(Array.isArray(defaults[spec.key]) ? showDefault(spec).replace(/,/g, ", ") : showDefault(spec))} | ${spec.description} |`
    )
  ].join("\n")
