/**
 * The suite's output: one row per attack (outcome, what the bystander saw,
 * memory, descriptors, the stop), notes with each attack's details, and
 * the raw figures as JSON.
 */
import * as Fs from "node:fs"
import { num, print } from "../table.ts"
import type { AttackResult } from "./harness.ts"

const COLUMNS = [
  "attack",
  "outcome",
  "delay p50/max (base max) ms",
  "lost",
  "healthz max ms",
  "RSS MB before→peak→after (after/before)",
  "fds before→after",
  "SIGTERM ms"
] as const

/** The outcome cell is cut to this many characters (the notes have it in full). */
const OUTCOME_WIDTH = 72

const mb = (value: number | undefined) => num(value ?? Number.NaN, 0)

const cells = (r: AttackResult): Array<string> => {
  const outcome = r.outcome?.outcome ?? `ERROR: ${(r.error ?? "no outcome").split("\n")[0]}`
  const shown = outcome.length > OUTCOME_WIDTH ? `${outcome.slice(0, OUTCOME_WIDTH - 1)}…` : outcome
  const b = r.bystander
  const under = b?.underAttack
  const base = b?.phases.baseline
  const dropped = [b?.bobClosed === undefined ? "" : "bob dropped", b?.carlClosed === undefined ? "" : "carl dropped"].filter((s) => s !== "")
  const timeouts = under === undefined || under.healthzTimeouts === 0 ? "" : ` (${num(under.healthzTimeouts)} timeouts)`
  const { before, peak, after } = r.proc
  const ratio = before === undefined || after === undefined ? Number.NaN : (after.rssMb / before.rssMb) * 100
  const stop = r.server.stop
  const stopText = stop === undefined
    ? "n/a"
    : stop.exitedBefore
    ? `died (${stop.signal ?? stop.code})`
    : stop.killed
    ? `KILLED ≥${num(stop.sigtermMs)}`
    : num(stop.sigtermMs)
  return [
    r.name,
    shown,
    under === undefined ? "n/a" : `${num(under.delayP50)}/${num(under.delayMax)} (${num(base?.delayMax ?? Number.NaN)})`,
    under === undefined ? "n/a" : `${num(under.lost + (base?.lost ?? 0))}${dropped.length === 0 ? "" : ` ${dropped.join(", ")}`}`,
    under === undefined ? "n/a" : `${num(under.healthzMax)}${timeouts}`,
    `${mb(before?.rssMb)}→${mb(peak?.rssMb)}→${mb(after?.rssMb)} (${num(ratio)}%)`,
    `${num(before?.fds ?? Number.NaN)}→${num(after?.fds ?? Number.NaN)}`,
    stopText
  ]
}

/** Prints rows padded to their column's widest cell. */
const printRows = (rows: ReadonlyArray<ReadonlyArray<string>>): void => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  for (const row of rows) print(row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]!) : cell)).join("  ").trimEnd())
}

export const table = (results: ReadonlyArray<AttackResult>): void => {
  const rows = [[...COLUMNS], ...results.map(cells)]
  printRows([rows[0]!, rows[0]!.map((h) => "-".repeat(h.length)), ...rows.slice(1)])
}

/** Details under the table: each attack's own lines, the flags, and what the server logged. */
export const notes = (results: ReadonlyArray<AttackResult>): void => {
  for (const r of results) {
    print()
    print(`${r.name}: ${r.description}`)
    print(`  server flags: ${r.flags.join(" ")}; strike ${num(r.strikeMs)} ms${r.capped ? ` (cut at the ${num(r.capMs)} ms cap)` : ""}`)
    if (r.error !== undefined) print(`  error: ${r.error}`)
    for (const line of r.outcome?.details ?? []) print(`  ${line}`)
    const b = r.bystander
    if (b !== undefined) {
      const { baseline } = b.phases
      const u = b.underAttack
      print(
        `  bystander: baseline p50/p99/max ${num(baseline.delayP50)}/${num(baseline.delayP99)}/${num(baseline.delayMax)} ms;` +
          ` attack+settle p50/p99/max ${num(u.delayP50)}/${num(u.delayP99)}/${num(u.delayMax)} ms,` +
          ` ${num(u.received)}/${num(u.sent)} received; healthz p50 ${num(u.healthzP50)} ms, max ${num(u.healthzMax)} ms,` +
          ` ${num(u.probes)} probes, ${num(u.healthzTimeouts)} timeouts, ${num(u.healthzErrors)} errors` +
          (b.bobClosed === undefined ? "" : `; bob's connection closed at ${b.bobClosed}`) +
          (b.carlClosed === undefined ? "" : `; carl's connection closed at ${b.carlClosed}`)
      )
    }
    const h = r.healthAfter
    print(
      `  after: healthz ${h === undefined ? "n/a" : `${num(h.connections)} connections, ${num(h.users)} users, ${num(h.channels)} channels`};` +
        ` fds at peak ${num(r.proc.peak?.fds ?? Number.NaN)}; server log ${num(r.server.logLines)} lines, ${num(r.server.errorLines)} error lines` +
        (r.server.firstError === undefined ? "" : ` (first: ${r.server.firstError.slice(0, 160)})`) +
        (r.server.diedDuringRun === undefined ? "" : `; the server ${r.server.diedDuringRun}`)
    )
  }
}

export const writeJson = (file: string, meta: Readonly<Record<string, unknown>>, results: ReadonlyArray<AttackResult>): void =>
  Fs.writeFileSync(file, JSON.stringify({ ...meta, results }, (_key, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? null : value), 2) + "\n")
