/**
 * The output of `pnpm bench:cluster`: a table per mode (single node,
 * cluster) as its phases finish, the cluster's figures as ratios of the
 * single node's with the target, and the failover's table.
 */

import { type FailoverFigures, INTERRUPTED_MS, type MessageCounts, PERIODS, type Period } from "./clusterFailover.ts"
import { type CpuUse, type FanoutFigures, WINDOW } from "./clusterFanout.ts"
import type { LatencyFigures } from "./clusterLatency.ts"
import type { Layout } from "./clusterMembers.ts"
import { line, num, percent, print, ratio, verdict } from "./table.ts"

/** Cluster deliveries per second as a share of one node's, at least. */
export const TARGET_DELIVERIES = 0.25
/** The longest failover allowed, in seconds. */
export const TARGET_FAILOVER_S = 10

export interface ModeFigures {
  readonly fanout: ReadonlyArray<FanoutFigures>
  readonly latency: LatencyFigures
}

export const header = (title: string): void => {
  print()
  print(`== ${title} ==`)
  print(line("measure", "value", "notes"))
}

const cpuText = (cpu: CpuUse): string =>
  `CPU driver ${percent(cpu.driver)}, ${cpu.runners.length === 1 ? "server" : "runners"} ${cpu.runners.map(percent).join(" / ")}`

export const setupRow = (layout: Layout, seconds: number): void =>
  print(line(
    "members connected and joined",
    num(layout.members.length),
    `${layout.runners} runner(s); first create after ${num(layout.created.ms)} ms (${layout.created.attempts} attempt(s)); ${num(seconds, 1)} s in all`
  ))

const shape = (r: FanoutFigures): string =>
  `${r.channels === 1 ? "1 channel" : `${r.channels} channels`} of ${num(r.size)}${r.window > WINDOW ? ", deep" : ""}`

const fanoutLabel = (r: FanoutFigures): string => `fan-out, ${shape(r)}`

export const fanoutRow = (r: FanoutFigures): void => {
  const cross = r.crossPerSecond === 0 ? "" : `; cross-runner ${num(r.crossPerSecond)} /s (${percent((r.crossPerSecond / r.perSecond) * 100)})`
  print(line(
    fanoutLabel(r),
    `${num(r.perSecond)} /s`,
    `deliveries${cross}; ${num(r.inFlight)} in flight from ${r.senders} senders; ${cpuText(r.cpu)}`
  ))
}

export const latencyRows = (r: LatencyFigures, runners: number): void => {
  const load = `${num(r.load)} deliveries/s asked; ${r.seconds} s after ${r.warmupSeconds} s of warm-up`
  print(line("paced latency p50", `${r.p50.toFixed(2)} ms`, load))
  print(line("paced latency p99", `${r.p99.toFixed(2)} ms`, `max ${num(r.max, 1)} ms; ${num(r.received)} of ${num(r.expected)} deliveries; ${cpuText(r.cpu)}`))
  if (runners > 1) {
    print(line("paced latency p50, cross-runner", `${r.crossP50.toFixed(2)} ms`, "sender and receiver on different runners"))
    print(line("paced latency p99, cross-runner", `${r.crossP99.toFixed(2)} ms`, ""))
  }
}

/** The cluster against the single node. */
export const comparison = (single: ModeFigures, cluster: ModeFigures, runners: number): void => {
  print()
  print(`== cluster of ${runners} / single node ==`)
  print(line("measure", "single", "cluster", "cluster/single", "target"))
  for (const ours of cluster.fanout) {
    const base = single.fanout.find((r) => r.size === ours.size && r.channels === ours.channels && r.window === ours.window)
    if (base === undefined) continue
    const met = ours.perSecond / base.perSecond >= TARGET_DELIVERIES
    print(line(`${shape(ours)} /s`, num(base.perSecond), num(ours.perSecond), ratio(ours.perSecond, base.perSecond), `>= ${TARGET_DELIVERIES}: ${verdict(met)}`))
  }
  const s = single.latency
  const c = cluster.latency
  print(line("paced latency p50 ms", s.p50.toFixed(2), c.p50.toFixed(2), ratio(c.p50, s.p50), "-"))
  print(line("paced latency p99 ms", s.p99.toFixed(2), c.p99.toFixed(2), ratio(c.p99, s.p99), "-"))
  print(line("paced p99 ms, cross-runner", "-", c.crossP99.toFixed(2), ratio(c.crossP99, s.p99), "-"))
}

const seconds = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "never")

const PERIOD_LABEL: Readonly<Record<Period, string>> = {
  before: "sent before the kill",
  during: "sent kill→recovery",
  after: "sent after recovery"
}

const countRow = (period: Period, c: MessageCounts): void =>
  print(line(
    PERIOD_LABEL[period],
    `${num(c.lostMessages)} lost`,
    `${num(c.duplicates)} duplicate deliveries; ${num(c.lostDeliveries)} deliveries missing; of ${num(c.sent)} sent: ` +
      `${num(c.answered)} answered, ${num(c.refused)} refused, ${num(c.unanswered)} unanswered from survivors`
  ))

/** The failover table, with the targets. */
export const failoverRows = (r: FailoverFigures): void => {
  header(`failover: ${r.killed} killed (SIGKILL) under the paced load`)
  const bigMet = Number.isFinite(r.big.ms) && r.big.ms <= TARGET_FAILOVER_S * 1000
  print(line(
    `failover time, channel of ${num(r.big.members)}`,
    seconds(r.big.ms),
    `kill → a survivor's message received on the other survivor; <= ${TARGET_FAILOVER_S} s: ${verdict(bigMet)}`
  ))
  const slow = r.rooms.filter((room) => !(room.ms <= INTERRUPTED_MS))
  const worst = r.rooms.reduce((a, b) => (!Number.isFinite(b.ms) || b.ms > a.ms ? b : a))
  const worstMet = Number.isFinite(worst.ms) && worst.ms <= TARGET_FAILOVER_S * 1000
  print(line(
    "failover time, slowest channel",
    seconds(worst.ms),
    `${worst.name}; ${slow.length} of ${r.rooms.length} channels interrupted > ${INTERRUPTED_MS / 1000} s; <= ${TARGET_FAILOVER_S} s: ${verdict(worstMet)}`
  ))
  if (slow.length > 0) print(line("interrupted channels", `${slow.length}`, slow.map((room) => `${room.name} ${seconds(room.ms)}`).join(", ")))
  print(line(
    "killed runner's users' leaves",
    `${num(r.leaves.received)} of ${num(r.leaves.expected)}`,
    `received by surviving members in their channels; last ${seconds(r.leaves.lastMs)} after the kill`
  ))
  for (const period of PERIODS) countRow(period, r.counts[period])
  if (r.missingByRoute.length > 0) {
    const routes = r.missingByRoute.map(({ route, count }) => `${route} ${num(count)}`).join(", ")
    print(line("missing deliveries by route", "", `sender's runner→receiver's runner: ${routes}`))
  }
  for (const refusal of r.refusals.slice(0, 3)) print(line("refused by", num(refusal.count), refusal.kind))
  const lost = PERIODS.reduce((sum, period) => sum + r.counts[period].lostMessages, 0)
  const duplicates = PERIODS.reduce((sum, period) => sum + r.counts[period].duplicates, 0)
  print(line("answered messages lost, in all", num(lost), `lost 0: ${verdict(lost === 0)}; duplicates 0: ${verdict(duplicates === 0)}`))
  print(line(
    "members seeing another order",
    num(r.outOfOrder),
    `of ${num(r.receivers)} on surviving runners, against their channel's first; ${r.preSeconds} s before the kill, ${r.postSeconds} s after the last recovery`
  ))
}
