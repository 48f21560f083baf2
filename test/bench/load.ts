/**
 * `pnpm bench:load`: drives a Lichat server with many WebSocket clients
 * from this separate process, and the same load against a minimal
 * broadcast server written directly on `ws` (rawServer.ts), each started as
 * a child process in turn; prints a table per server and lichat's figures
 * as ratios of raw ws's.
 *
 *   node test/bench/load.ts [--target raw|lichat|both] [--url ws://…] [--quick]
 *
 * Phases: connection setup rate and fan-out deliveries per second in
 * channels of 10, 100 and 1,000 members (one server after the other);
 * delivery latency p50/p99 under a paced load (after a warm-up, the median
 * of three rounds, the servers taking turns round by round); server RSS per
 * idle connection at 1,000 and 10,000 connections, each on a fresh server
 * (needs an open-file limit above 10,100: `ulimit -n`).
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

/** Setup and fan-out against one server, which is left running for the paced load. */
const throughput = async (options: Options, target: Target, server: ServerUnderTest) => {
  const { scale } = options
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
  return { setup, fanout }
}

/** Memory on a fresh server, so that earlier phases do not count. */
const memory = async (options: Options, target: Target) => {
  const fresh = await start(options, target)
  try {
    const idle = await measureIdle(fresh, options.scale.idleLevels)
    Report.header(target, fresh.url, "memory on a fresh server")
    Report.idleRows(idle)
    return idle
  } finally {
    await fresh.stop()
  }
}

/**
 * Every phase against every target: setup and fan-out one server after the
 * other, then the paced load with the servers taking turns, then memory.
 */
const run = async (options: Options): Promise<Array<Report.Figures>> => {
  const { scale } = options
  const servers: Array<ServerUnderTest> = []
  try {
    const throughputs = []
    for (const target of options.targets) {
      const server = await start(options, target)
      servers.push(server)
      throughputs.push(await throughput(options, target, server))
    }
    const latencies = await measureLatency(servers, {
      clients: scale.pacedClients,
      warmupSeconds: scale.pacedWarmupSeconds,
      seconds: scale.pacedSeconds,
      rounds: scale.pacedRounds
    })
    Report.latencyRows(options.targets, latencies)
    for (const server of servers.splice(0)) await server.stop()
    const figures: Array<Report.Figures> = []
    for (const [n, target] of options.targets.entries()) {
      figures.push({ target, ...throughputs[n]!, latency: latencies[n]!, idle: await memory(options, target) })
    }
    return figures
  } finally {
    for (const server of servers) await server.stop()
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
let figures: Array<Report.Figures> = []
let failed = false
try {
  figures = await run(options)
} catch (error) {
  failed = true
  print(`failed: ${error instanceof Error ? error.message : String(error)}`)
}
const raw = figures.find((f) => f.target === "raw")
const lichat = figures.find((f) => f.target === "lichat")
if (raw !== undefined && lichat !== undefined) Report.comparison(raw, lichat)
process.exit(failed ? 1 : 0)
