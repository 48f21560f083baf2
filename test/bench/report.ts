/**
 * The driver's output: a table per server and transport as its phases
 * finish, then, when both ran, lichat's figures against raw ws's with the
 * targets (transportReport.ts compares lichat's two transports).
 */
import type { Transport } from "./endpoint.ts"
import { extrapolateMb, TARGET_IDLE, TARGET_IDLE_MB } from "./idleLevels.ts"
import type { FanoutResult } from "./measureFanout.ts"
import type { IdleLevel, IdleResult } from "./measureIdle.ts"
import type { LatencyResult, LatencyRound } from "./measureLatency.ts"
import type { SetupResult } from "./measureSetup.ts"
import { label, type Subject } from "./subject.ts"
import { line, num, percent, print, ratio, verdict } from "./table.ts"

export interface Figures {
  readonly subject: Subject
  readonly setup: SetupResult
  readonly fanout: ReadonlyArray<FanoutResult>
  readonly latency: LatencyResult
  readonly idle: IdleResult | undefined
}

/** A table's title: what, where, and which phase. */
export const header = (subject: Subject, address: string, phase?: string): void => {
  print()
  print(`== ${label(subject)}${phase === undefined ? "" : `, ${phase}`} (${address}) ==`)
  print(line("measure", "value", "notes"))
}

/** The handshake rate. */
export const setupRow = (r: SetupResult): void =>
  print(line("connection setup", `${num(r.perSecond)} /s`, `${num(r.count)} handshakes, at most 200 in flight`))

/** One channel size's throughput; over TCP "per read" is per buffer of whole updates a read completed. */
export const fanoutRow = (r: FanoutResult, transport: Transport): void =>
  print(line(
    `fan-out, ${num(r.size)} members`,
    `${num(r.perSecond)} /s`,
    `deliveries; ${num(r.inFlight)} in flight; ${num(r.perFrame, 1)}/${transport === "ws" ? "frame" : "read"}; CPU driver ${percent(r.cpu.driver)}, server ${percent(r.cpu.server)}`
  ))

/** The paced load's rows, per server (their rounds were taken in turns). */
export const latencyRows = (subjects: ReadonlyArray<Subject>, results: ReadonlyArray<LatencyResult>): void => {
  print()
  print(`== paced load${subjects.length > 1 ? `, ${subjects.map(label).join(", ")} taking turns round by round` : ""} ==`)
  print(line("measure", "value", "notes"))
  for (const [n, subject] of subjects.entries()) {
    const r = results[n]
    if (r === undefined) continue
    const target = label(subject)
    const { load } = r
    const rounds = (pick: (round: LatencyRound) => number) => r.rounds.map((round) => pick(round).toFixed(2)).join(", ")
    const median = load.rounds > 1 ? `median of ${load.rounds} rounds of ${load.seconds} s` : `one round of ${load.seconds} s`
    print(line(`${target}: latency p50`, `${r.p50.toFixed(2)} ms`, `${num(load.clients)} clients, channels of 10, 1 msg/s each; ${median} after ${load.warmupSeconds} s of warm-up`))
    print(line(`${target}: latency p99`, `${r.p99.toFixed(2)} ms`, `rounds: ${rounds((round) => round.p99)} ms; max ${r.max.toFixed(1)} ms; ${num(r.received)} of ${num(r.expected)} deliveries`))
    print(line(`${target}: server CPU`, percent(r.cpu.server), `over the measured rounds; driver ${percent(r.cpu.driver)}`))
    const { machine } = r
    print(line(
      `${target}: machine stalls`,
      `${num(machine.perSecond, 1)} /s`,
      `gaps >= 4 ms between an idle probe process's 1 ms timer ticks; longest ${num(machine.longestMs, 1)} ms, ${num(machine.percent, 1)}% of the time`
    ))
  }
}

/** One level: the server's RSS, per connection overall and since the previous level, and the driver's RSS. */
const idleRow = (level: IdleLevel, previous: number): void => {
  const short = level.shortfall === undefined ? "" : `; only ${num(level.reached)} of ${num(level.wanted)}: ${level.shortfall}`
  const since = previous === 0 ? "" : `, ${num(level.marginalKb, 1)} KB each since ${num(previous)}`
  print(line(
    `RSS, ${num(level.reached)} idle connections`,
    `${num(level.rssMb, 1)} MB`,
    `${num(level.kbPerConnection, 1)} KB per connection${since}; driver RSS ${num(level.driverMb)} MB${short}`
  ))
}

/** The memory phase's rows, and the issue's 100,000 extrapolated when fewer were opened. */
export const idleRows = (r: IdleResult | undefined): void => {
  if (r === undefined) return print(line("RSS", "n/a", "the driver did not start this server (--url)"))
  print(line("RSS, no connections", `${num(r.baseMb, 1)} MB`, "before any client"))
  let previous = 0
  for (const level of r.levels) {
    idleRow(level, previous)
    previous = level.reached
  }
  const top = r.levels.at(-1)
  const extrapolated = extrapolateMb(r.levels, TARGET_IDLE)
  if (top === undefined || extrapolated === undefined || top.reached >= TARGET_IDLE) return
  print(line(
    `RSS, ${num(TARGET_IDLE)} idle (extrapolated)`,
    `${num(extrapolated, 1)} MB`,
    `from ${num(top.reached)} at ${num(top.marginalKb, 1)} KB each; <= ${num(TARGET_IDLE_MB)} MB: ${verdict(extrapolated <= TARGET_IDLE_MB)}`
  ))
}

/** The level of exactly `connections`, else the highest. */
const idleAt = (r: IdleResult | undefined, connections: number): IdleLevel | undefined =>
  r?.levels.find((level) => level.reached === connections) ?? r?.levels.at(-1)

/**
 * The rows every comparison of two runs has: setup, fan-out per size (with
 * its target ratio), paced p50, p99 (with its target, if any) and CPU.
 */
export const ratioRows = (
  base: Figures,
  subject: Figures,
  targets: { readonly fanout: number; readonly p99?: number | undefined }
): void => {
  print(line("connection setup /s", num(base.setup.perSecond), num(subject.setup.perSecond), ratio(subject.setup.perSecond, base.setup.perSecond), "-"))
  for (const ours of subject.fanout) {
    const theirs = base.fanout.find((r) => r.size === ours.size)
    if (theirs === undefined) continue
    const met = ours.perSecond / theirs.perSecond >= targets.fanout
    print(line(`fan-out ${num(ours.size)} deliveries/s`, num(theirs.perSecond), num(ours.perSecond), ratio(ours.perSecond, theirs.perSecond), `>= ${targets.fanout}: ${verdict(met)}`))
  }
  print(line("paced latency p50 ms", base.latency.p50.toFixed(2), subject.latency.p50.toFixed(2), ratio(subject.latency.p50, base.latency.p50), "-"))
  const p99 = subject.latency.p99 / base.latency.p99
  const p99Target = targets.p99 === undefined ? "-" : `<= ${targets.p99}: ${verdict(p99 <= targets.p99)}`
  print(line("paced latency p99 ms", base.latency.p99.toFixed(2), subject.latency.p99.toFixed(2), ratio(subject.latency.p99, base.latency.p99), p99Target))
  print(line("paced load server CPU %", percent(base.latency.cpu.server), percent(subject.latency.cpu.server), ratio(subject.latency.cpu.server, base.latency.cpu.server), "-"))
}

/** lichat against raw, with the targets: fan-out ≥ 0.5×, p99 ≤ 2×, RSS at 10,000 ≤ 500 MB. */
export const comparison = (raw: Figures, lichat: Figures, name = "lichat"): void => {
  print()
  print(`== ${name} / raw ws ==`)
  print(line("measure", "raw ws", name, `${name}/raw`, "target"))
  ratioRows(raw, lichat, { fanout: 0.5, p99: 2 })
  print(line("machine stall, longest ms", num(raw.latency.machine.longestMs, 1), num(lichat.latency.machine.longestMs, 1), "", "(the same machine; see the notes)"))
  const ours = idleAt(lichat.idle, 10_000)
  const theirs = raw.idle?.levels.find((level) => level.reached === ours?.reached)
  if (ours !== undefined && theirs !== undefined) {
    const note = ours.reached === 10_000 ? `lichat <= 500 MB: ${verdict(ours.rssMb <= 500)}` : "(500 MB target is for 10,000)"
    print(line(`RSS MB, ${num(ours.reached)} idle`, num(theirs.rssMb, 1), num(ours.rssMb, 1), ratio(ours.rssMb, theirs.rssMb), note))
  }
  const ourTop = lichat.idle?.levels.at(-1)
  const theirTop = raw.idle?.levels.find((level) => level.reached === ourTop?.reached)
  if (ourTop !== undefined && theirTop !== undefined && ourTop !== ours) {
    print(line(`RSS MB, ${num(ourTop.reached)} idle`, num(theirTop.rssMb, 1), num(ourTop.rssMb, 1), ratio(ourTop.rssMb, theirTop.rssMb), "-"))
  }
}

/**
 * Our server storing in SQLite against itself in memory, the same run: the
 * cost of persistence (issue 18: the ratios to raw ws hold with it on).
 */
export const storedComparison = (memory: Figures, stored: Figures): void => {
  print()
  print("== lichat ws sqlite / lichat ws in memory (the same run) ==")
  print(line("measure", "memory", "sqlite", "sqlite/memory", "target"))
  ratioRows(memory, stored, { fanout: 0 })
}
