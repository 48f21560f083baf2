/**
 * The `lichat-server` command as a library: the command, option resolution
 * and the option table.
 *
 * @since 0.1.0
 */
export * as Cli from "./Cli.ts"
export * as ConfigFile from "./ConfigFile.ts"
export * as Logging from "./Logging.ts"
export * as Options from "./Options.ts"
