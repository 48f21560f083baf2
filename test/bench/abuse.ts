/**
 * `pnpm bench:abuse`: attacks a real Lichat server process, one fresh
 * process per attack, and prints what each did — to the attacker's
 * answers, to a bystander chatting meanwhile (message delay, losses,
 * /healthz response time), to the server's memory and descriptors, and to
 * how fast the server stops on SIGTERM afterwards. Figures only: nothing
 * is asserted. `--root` attacks another checkout's server (an older one,
 * for "before" figures); only flags every version knows are passed.
 *
 *   node test/bench/abuse.ts [--root DIR] [--scale N] [--only a,b] [--json FILE] [--cap-ms MS]
 *
 * Each attack (abuse/attacks/) runs on its own server started as
 * `<root>/node_modules/.bin/node --max-semi-space-size=8
 * <root>/packages/cli/src/bin.ts --hostname 127.0.0.1 --port 0
 * --flood-limit 1000 …` (abuse/harness.ts): the flood limit lets the
 * bystander's 20 messages a second through the 30 s flood window; an
 * attack may add flags (idle-sockets: --connection-limit 100;
 * channel-churn: --flood-limit 100000). --scale multiplies the sizes of
 * many-updates, long-integer, channel-churn, link-flood and big-frame; the
 * others are fixed. A strike that has not ended after the cap (30 s) is
 * cut and reported with "≥". A full run takes about 1.5 minutes against a
 * hardened server and 3 against one that freezes.
 */
import * as ChildProcess from "node:child_process"
import * as Os from "node:os"
import { print } from "./table.ts"
import { ATTACKS } from "./abuse/attacks/index.ts"
import { type AttackResult, runAttack } from "./abuse/harness.ts"
import { type Options, parseOptions } from "./abuse/options.ts"
import * as Report from "./abuse/report.ts"

let options: Options
try {
  options = parseOptions(process.argv.slice(2), ATTACKS.map((attack) => attack.name))
} catch (error) {
  print(error instanceof Error ? error.message : String(error))
  process.exit(2)
}

/** The root's commit, when it is a git checkout (and whether its tree has changes). */
const revision = (root: string): string => {
  try {
    const run = (...args: Array<string>) => ChildProcess.execFileSync("git", ["-C", root, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim()
    return `${run("rev-parse", "--short", "HEAD")}${run("status", "--porcelain").length > 0 ? " + uncommitted changes" : ""}`
  } catch {
    return "not a git checkout"
  }
}

const attacks = ATTACKS.filter((attack) => options.only === undefined || options.only.includes(attack.name))
const meta = {
  root: options.root,
  revision: revision(options.root),
  scale: options.scale,
  capMs: options.capMs,
  node: process.version,
  cores: Os.availableParallelism(),
  date: new Date().toISOString()
}
print(`abuse suite: ${meta.root} (${meta.revision}), scale ${meta.scale}, cap ${meta.capMs} ms; driver node ${meta.node}, ${meta.cores} cores`)

const started = performance.now()
const results: Array<AttackResult> = []
for (const [i, attack] of attacks.entries()) {
  const t0 = performance.now()
  const result = await runAttack(attack, options)
  results.push(result)
  print(`[${i + 1}/${attacks.length}] ${attack.name}: ${result.outcome?.outcome ?? `ERROR: ${result.error?.split("\n")[0]}`} (${((performance.now() - t0) / 1000).toFixed(1)} s)`)
}
print()
Report.table(results)
Report.notes(results)
print()
print(`${attacks.length} attacks in ${((performance.now() - started) / 1000).toFixed(0)} s`)
if (options.json !== undefined) {
  Report.writeJson(options.json, meta, results)
  print(`figures written to ${options.json}`)
}
process.exit(0)
