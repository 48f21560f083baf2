/**
 * `pnpm bench:cluster`: cluster mode against a single node, and failover.
 *
 *   node test/bench/cluster.ts [--quick]
 *
 * 1. Single node: one `lichat-server --memory`; a channel of 300 members
 *    and 10 channels of 30, every member a connection of its own. Fan-out
 *    (clusterFanout.ts): deliveries per second with senders sending as fast
 *    as their messages come back, first in the big channel, then in the ten
 *    small ones at once; delivery latency p50/p99 under a paced load of all
 *    channels (clusterLatency.ts, clusterPace.ts).
 * 2. Cluster: a throwaway PostgreSQL (test/support/Postgres.ts) and three
 *    `lichat-server --cluster URL --runner-address …` runners on one
 *    database; the same members spread evenly over the runners (100 per
 *    runner in the big channel, 10 in each small one) and the same
 *    measurements, cross-runner deliveries apart; the cluster's figures as
 *    ratios of the single node's (target: deliveries/s ≥ 0.25×).
 * 3. Failover (clusterFailover.ts): under the paced load, the third runner
 *    is killed with SIGKILL; the failover time per channel (target ≤ 10 s),
 *    lost and duplicated messages for the members on surviving runners,
 *    their order, and the killed runner's users' leaves.
 *
 * A runner is ready when it logs `listening on`; the cluster when the big
 * channel's `create` succeeds (retried for up to 30 s). Every runner and
 * the PostgreSQL server are stopped at the end, also when a phase fails.
 * --quick shortens every phase for a smoke run.
 */
import * as Os from "node:os"
import { measureFailover } from "./clusterFailover.ts"
import { DEEP, measureFanout, WINDOW } from "./clusterFanout.ts"
import { measureLatency } from "./clusterLatency.ts"
import { closeLayout, type Layout, settleAll, setUp } from "./clusterMembers.ts"
import { withPostgres } from "./clusterPostgres.ts"
import * as Report from "./clusterReport.ts"
import { clusterArgs, type Runner, singleArgs, startRunners, stopAll } from "./clusterRunner.ts"
import { print } from "./table.ts"

const RUNNERS = 3

interface Scale {
  readonly fanoutSeconds: number
  readonly warmupSeconds: number
  readonly pacedSeconds: number
  /** The paced load before the kill, and after the last channel recovered. */
  readonly failoverPreSeconds: number
  readonly failoverPostSeconds: number
}

const FULL: Scale = { fanoutSeconds: 10, warmupSeconds: 3, pacedSeconds: 10, failoverPreSeconds: 5, failoverPostSeconds: 10 }
const QUICK: Scale = { fanoutSeconds: 3, warmupSeconds: 1, pacedSeconds: 3, failoverPreSeconds: 2, failoverPostSeconds: 3 }

const USAGE = "usage: node test/bench/cluster.ts [--quick]"

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * Fan-out in the big channel, then in the small ones, each with load.ts's
 * window and with a deep one; then the paced load; on a settled cluster
 * each time.
 */
const measure = async (layout: Layout, runners: ReadonlyArray<Runner>, scale: Scale): Promise<Report.ModeFigures> => {
  const pids = runners.map((runner) => runner.pid)
  const fanout = []
  for (const rooms of [[layout.big], layout.small]) {
    for (const window of [WINDOW, WINDOW * DEEP]) {
      const result = await measureFanout(rooms, layout.runners, pids, scale.fanoutSeconds, window)
      Report.fanoutRow(result)
      fanout.push(result)
      await settleAll(layout)
    }
  }
  const latency = await measureLatency(layout, pids, scale.warmupSeconds, scale.pacedSeconds)
  Report.latencyRows(latency, layout.runners)
  await settleAll(layout)
  return { fanout, latency }
}

/** Members on `runners`, the measurements, and then `more` with the same members, if given. */
const drive = async (
  title: string,
  runners: ReadonlyArray<Runner>,
  prefix: string,
  scale: Scale,
  more?: (layout: Layout, figures: Report.ModeFigures) => Promise<void>
): Promise<Report.ModeFigures> => {
  Report.header(title)
  const start = performance.now()
  const layout = await setUp(runners, prefix)
  try {
    Report.setupRow(layout, (performance.now() - start) / 1000)
    const figures = await measure(layout, runners, scale)
    if (more !== undefined) await more(layout, figures)
    return figures
  } finally {
    closeLayout(layout)
  }
}

const single = async (scale: Scale): Promise<Report.ModeFigures> => {
  const runners = await startRunners(["single node"], async () => singleArgs)
  try {
    return await drive(`single node, lichat-server --memory (${runners.map((r) => r.url).join(", ")})`, runners, "s", scale)
  } finally {
    await stopAll(runners)
  }
}

/** The cluster phases: measurements, their ratios to `baseline` (if the single node's finished), failover. */
const cluster = (scale: Scale, baseline: Report.ModeFigures | undefined): Promise<void> =>
  withPostgres(async (database) => {
    print()
    print(`PostgreSQL: ${database}`)
    const names = Array.from({ length: RUNNERS }, (_, i) => `runner ${i + 1}`)
    const runners = await startRunners(names, () => clusterArgs(database))
    try {
      const title = `cluster of ${RUNNERS} runners, lichat-server --cluster (${runners.map((r) => r.url).join(", ")})`
      await drive(title, runners, "c", scale, async (layout, figures) => {
        if (baseline !== undefined) Report.comparison(baseline, figures, RUNNERS)
        const killed = RUNNERS - 1
        const victim = runners[killed]
        if (victim === undefined) return
        Report.failoverRows(await measureFailover(layout, victim, killed, scale.failoverPreSeconds, scale.failoverPostSeconds))
      })
    } finally {
      await stopAll(runners)
    }
  })

const args = process.argv.slice(2)
const unknown = args.find((arg) => arg !== "--quick")
if (unknown !== undefined) {
  print(`unknown option ${unknown}\n${USAGE}`)
  process.exit(2)
}
const quick = args.includes("--quick")
const scale = quick ? QUICK : FULL
// ^C still stops the runners and PostgreSQL (both are stopped on exit).
process.once("SIGINT", () => process.exit(130))
process.once("SIGTERM", () => process.exit(143))

print(`cluster benchmark${quick ? " (--quick)" : ""}: node ${process.version}, ${Os.availableParallelism()} cores; ` +
  `fan-out ${scale.fanoutSeconds} s per phase, paced load ${scale.pacedSeconds} s after ${scale.warmupSeconds} s of warm-up`)
let failed = false
let baseline: Report.ModeFigures | undefined
try {
  baseline = await single(scale)
} catch (error) {
  failed = true
  print(`single node failed: ${message(error)}`)
}
try {
  await cluster(scale, baseline)
} catch (error) {
  failed = true
  print(`cluster failed: ${message(error)}`)
}
process.exit(failed ? 1 : 0)
