/**
 * `pnpm bench:load`: drives a Lichat server with many WebSocket clients
 * from this separate process, and the same load against a minimal
 * broadcast server written directly on `ws` (rawServer.ts), each started as
 * a child process in turn; prints a table per server and lichat's figures
 * as ratios of raw ws's.
 *
 *   node test/bench/load.ts [--target raw|lichat|both] [--url ws://…] [--quick]
 *
 * Phases: connection setup rate; fan-out deliveries per second in channels
 * of 10, 100 and 1,000 members; delivery latency p50/p99 under a paced load
 * (after a warm-up, the median of three rounds);
 * server RSS per idle connection at 1,000 and 10,000 connections (needs an
 * open-file limit above 10,100: `ulimit -n`).
 */
import * as Os from "node:os"
import { type FanoutResult, measureFanout } from "./measureFanout.ts"
import { measureIdle } from "./measureIdle.ts"
import { measureLatency } from "./measureLatency.ts"
import { measureSetup } from "./measureSetup.ts"
import { type Options, parseOptions } from "./options.ts"
import { openFileLimit } from "./procStats.ts"
import * as Report from "./report.ts"
import { externalServer, spawnServer, type ServerUnderTest, type Target } from "./serverProcess.ts"
import { quietDown } from "./settle.ts"
import { print } from "./table.ts"

const start = (options: Options, target: Target): Promise<ServerUnderTest> =>
  options.url === undefined ? spawnServer(target) : Promise.resolve(externalServer(options.url))

/** Every phase against one server; memory on a fresh server so that earlier phases do not count. */
const run = async (options: Options, target: Target): Promise<Report.Figures> => {
  const { scale } = options
  const server = await start(options, target)
  try {
    Report.header(target, server.url)
    const setup = await measureSetup(server, scale.setupConnections)
    Report.setupRow(setup)
    await quietDown(server)
    const fanout: Array<FanoutResult> = []
    for (const size of scale.fanoutSizes) {
      const result = await measureFanout(server, size, scale.fanoutSeconds)
      Report.fanoutRow(result)
      fanout.push(result)
      await quietDown(server)
    }
    const latency = await measureLatency(server, {
      clients: scale.pacedClients,
      warmupSeconds: scale.pacedWarmupSeconds,
      seconds: scale.pacedSeconds,
      rounds: scale.pacedRounds
    })
    Report.latencyRows(latency)
    await server.stop()
    const fresh = await start(options, target)
    try {
      const idle = await measureIdle(fresh, scale.idleLevels)
      Report.idleRows(idle)
      return { target, setup, fanout, latency, idle }
    } finally {
      await fresh.stop()
    }
  } finally {
    await server.stop()
  }
}

let options: Options
try {
  options = parseOptions(process.argv.slice(2))
} catch (error) {
  print(error instanceof Error ? error.message : String(error))
  process.exit(2)
}

print(`load benchmark${options.quick ? " (--quick)" : ""}: node ${process.version}, ${Os.availableParallelism()} cores, ` +
  `open-file limit (ulimit -n) ${openFileLimit()} for the driver and the servers it starts`)
const figures = new Map<Target, Report.Figures>()
let failed = false
for (const target of options.targets) {
  try {
    figures.set(target, await run(options, target))
  } catch (error) {
    failed = true
    print(`${target}: failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}
const raw = figures.get("raw")
const lichat = figures.get("lichat")
if (raw !== undefined && lichat !== undefined) Report.comparison(raw, lichat)
process.exit(failed ? 1 : 0)
