/**
 * The last step of `pnpm build`: makes the built `lichat-server` command
 * (`dist/bin.js`, the package's `bin`) executable, after checking that tsc
 * kept the shebang that runs it with node (`src/bin.ts`'s first line).
 */
import * as Fs from "node:fs"
import * as Path from "node:path"

const bin = Path.resolve(import.meta.dirname, "../dist/bin.js")
const first = Fs.readFileSync(bin, "utf8").split("\n", 1)[0] ?? ""

if (!/^#!\/usr\/bin\/env (-S )?node( |$)/.test(first)) {
  process.stderr.write(`${bin} does not start with a node shebang (#!/usr/bin/env node): ${JSON.stringify(first)}\n`)
  process.exit(1)
}
Fs.chmodSync(bin, 0o755)
