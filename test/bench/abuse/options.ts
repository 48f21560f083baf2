/**
 * The abuse suite's command line:
 *
 *   node test/bench/abuse.ts [--root DIR] [--scale N] [--only a,b] [--json FILE] [--cap-ms MS]
 *
 * --root   the checkout whose server is attacked (default: this one)
 * --scale  multiplies the attacks' sizes (default 1)
 * --only   runs these attacks only (comma-separated names)
 * --json   also writes every figure to FILE
 * --cap-ms how long a strike may run before it is cut (default 30000)
 */
import * as Fs from "node:fs"
import * as Path from "node:path"

export interface Options {
  readonly root: string
  readonly scale: number
  readonly only: ReadonlyArray<string> | undefined
  readonly json: string | undefined
  readonly capMs: number
}

const USAGE = "usage: node test/bench/abuse.ts [--root DIR] [--scale N] [--only a,b] [--json FILE] [--cap-ms MS]"

const FLAGS = ["--root", "--scale", "--only", "--json", "--cap-ms"]

/** Parses the arguments; `names` are the attacks --only may name. */
export const parseOptions = (args: ReadonlyArray<string>, names: ReadonlyArray<string>): Options => {
  const values = new Map<string, string>()
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!
    const value = args[i + 1]
    if (!FLAGS.includes(flag)) throw new Error(`unknown option ${flag}\n${USAGE}`)
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`)
    values.set(flag, value)
  }
  const root = Path.resolve(values.get("--root") ?? Path.join(import.meta.dirname, "..", "..", ".."))
  if (!Fs.existsSync(Path.join(root, "packages", "cli", "src", "bin.ts"))) throw new Error(`--root ${root}: no packages/cli/src/bin.ts there`)
  if (!Fs.existsSync(Path.join(root, "node_modules", ".bin", "node"))) throw new Error(`--root ${root}: no node_modules/.bin/node there (pnpm install)`)
  const scale = Number(values.get("--scale") ?? "1")
  if (!(scale > 0)) throw new Error(`--scale must be a positive number\n${USAGE}`)
  const capMs = Number(values.get("--cap-ms") ?? "30000")
  if (!(capMs >= 1000)) throw new Error(`--cap-ms must be at least 1000\n${USAGE}`)
  const only = values.get("--only")?.split(",").map((name) => name.trim()).filter((name) => name.length > 0)
  const unknown = only?.filter((name) => !names.includes(name)) ?? []
  if (unknown.length > 0) throw new Error(`--only: no attack named ${unknown.join(", ")}; the attacks: ${names.join(", ")}`)
  const json = values.get("--json")
  return { root, scale, only, json: json === undefined ? undefined : Path.resolve(json), capMs }
}
