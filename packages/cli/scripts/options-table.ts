/**
 * Prints the README's options table from the CLI's option list:
 * `node packages/cli/scripts/options-table.ts`. A test checks the README against it.
 */
import * as Options from "../src/Options.ts"

process.stdout.write(Options.markdownTable() + "\n")
