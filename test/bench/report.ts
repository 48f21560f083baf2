/**
 * The driver's output: a table per server as its phases finish, then, when
 * both ran, lichat's figures against raw ws's with the targets.
 */
import type { FanoutResult } from "./measureFanout.ts"
import type { IdleLevel, IdleResult } from "./measureIdle.ts"
import type { LatencyResult, LatencyRound } from "./measureLatency.ts"
import type { SetupResult } from "./measureSetup.ts"
import type { Target } from "./serverProcess.ts"
import { line, num, print } from "./table.ts"

export interface Figures {
  readonly target: Target
  readonly setup: SetupResult
  readonly fanout: ReadonlyArray<FanoutResult>
  readonly latency: LatencyResult
  readonly idle: IdleResult | undefined
}

const percent = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)}%` : "n/a")

export const header = (target: Target, url: string, phase?: string): void => {
  print()
  print(`== ${target}${phase === undefined ? "" : `, ${phase}`} (${url}) ==`)
  print(line("measure", "value", "notes"))
}

export const setupRow = (r: SetupResult): void =>
  print(line("connection setup", `${num(r.perSecond)} /s`, `${num(r.count)} handshakes, at most 200 in flight`))

export const fanoutRow = (r: FanoutResult): void =>
  print(line(
    `fan-out, ${num(r.size)} members`,
    `${num(r.perSecond)} /s`,
    `deliveries; ${num(r.inFlight)} in flight; ${num(r.perFrame, 1)}/frame; CPU driver ${percent(r.cpu.driver)}, server ${percent(r.cpu.server)}`
  ))

/** The paced load's rows, per server (their rounds were taken in turns). */
export const latencyRows = (targets: ReadonlyArray<Target>, results: ReadonlyArray<LatencyResult>): void => {
  print()
  print(`== paced load${targets.length > 1 ? `, ${targets.join(" and ")} taking turns round by round` : ""} ==`)
  print(line("measure", "value", "notes"))
  for (const [n, r] of results.entries()) {
    const target = targets[n]!
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

const idleRow = (level: IdleLevel): void => {
  const short = level.shortfall === undefined ? "" : `; only ${num(level.reached)} of ${num(level.wanted)}: ${level.shortfall}`
  print(line(`RSS, ${num(level.reached)} idle connections`, `${num(level.rssMb, 1)} MB`, `${num(level.kbPerConnection, 1)} KB per connection${short}`))
}

export const idleRows = (r: IdleResult | undefined): void => {
  if (r === undefined) return print(line("RSS", "n/a", "the driver did not start this server (--url)"))
  print(line("RSS, no connections", `${num(r.baseMb, 1)} MB`, "before any client"))
  for (const level of r.levels) idleRow(level)
}

const ratio = (ours: number, theirs: number) => (Number.isFinite(ours / theirs) ? (ours / theirs).toFixed(2) : "n/a")
const verdict = (met: boolean) => (met ? "met" : "NOT met")

/** lichat against raw, with the targets: fan-out ≥ 0.5×, p99 ≤ 2×, RSS at 10,000 ≤ 500 MB. */
export const comparison = (raw: Figures, lichat: Figures): void => {
  print()
  print("== lichat / raw ws ==")
  print(line("measure", "raw ws", "lichat", "lichat/raw", "target"))
  print(line("connection setup /s", num(raw.setup.perSecond), num(lichat.setup.perSecond), ratio(lichat.setup.perSecond, raw.setup.perSecond), "-"))
  for (const ours of lichat.fanout) {
    const theirs = raw.fanout.find((r) => r.size === ours.size)
    if (theirs === undefined) continue
    const r = ours.perSecond / theirs.perSecond
    print(line(`fan-out ${num(ours.size)} deliveries/s`, num(theirs.perSecond), num(ours.perSecond), ratio(ours.perSecond, theirs.perSecond), `>= 0.5: ${verdict(r >= 0.5)}`))
  }
  print(line("paced latency p50 ms", raw.latency.p50.toFixed(2), lichat.latency.p50.toFixed(2), ratio(lichat.latency.p50, raw.latency.p50), "-"))
  const p99 = lichat.latency.p99 / raw.latency.p99
  print(line("paced latency p99 ms", raw.latency.p99.toFixed(2), lichat.latency.p99.toFixed(2), ratio(lichat.latency.p99, raw.latency.p99), `<= 2: ${verdict(p99 <= 2)}`))
  print(line("paced load server CPU %", percent(raw.latency.cpu.server), percent(lichat.latency.cpu.server), ratio(lichat.latency.cpu.server, raw.latency.cpu.server), "-"))
  print(line("machine stall, longest ms", num(raw.latency.machine.longestMs, 1), num(lichat.latency.machine.longestMs, 1), "", "(the same machine; see the notes)"))
  const ourTop = lichat.idle?.levels.at(-1)
  const theirTop = raw.idle?.levels.at(-1)
  if (ourTop !== undefined && theirTop !== undefined) {
    const note = ourTop.reached >= 10_000 ? `lichat <= 500 MB: ${verdict(ourTop.rssMb <= 500)}` : "(500 MB target is for 10,000)"
    print(line(`RSS MB, ${num(ourTop.reached)} idle`, num(theirTop.rssMb, 1), num(ourTop.rssMb, 1), ratio(ourTop.rssMb, theirTop.rssMb), note))
  }
}
