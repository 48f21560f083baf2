/**
 * `pnpm bench:load`: drives a Lichat server with many clients from this
 * separate process — over WebSocket and over raw TCP (updates each ended by
 * NUL, on the same port) — and the same load over WebSocket against a
 * minimal broadcast server written directly on `ws` (rawServer.ts), each
 * server and transport on its own child process in turn; prints a table
 * per server and transport, lichat's figures as ratios of raw ws's, and
 * lichat over TCP as ratios of lichat over WebSocket.
 *
 *   node test/bench/load.ts [--target raw|lichat|both] [--transport ws|tcp|both] [--url ws://…] [--idle-max N] [--quick]
 *
 * --transport applies to lichat (raw ws speaks WebSocket only) and is
 * `both` by default. Phases: connection setup rate and fan-out deliveries
 * per second in channels of 10, 100 and 1,000 members (one server after
 * the other); delivery latency p50/p99 under a paced load (after a
 * warm-up, the median of three rounds, the servers taking turns round by
 * round); server RSS per idle connection at 1,000, 10,000 and as many as
 * the open-file limit lets both the driver and the server hold (`ulimit
 * -n` less 200), at most 100,000 or --idle-max, each transport on a fresh
 * server, the sockets spread over source addresses 127.0.0.2–17.
 */
import * as Os from "node:os"
import { describe } from "./endpoint.ts"
import { type FanoutResult, measureFanout } from "./measureFanout.ts"
import { measureIdle } from "./measureIdle.ts"
import { measureLatency } from "./measureLatency.ts"
import { measureSetup } from "./measureSetup.ts"
import { type Options, parseOptions } from "./options.ts"
import { openFileLimit } from "./procStats.ts"
import * as Report from "./report.ts"
import { externalServer, over, type ServerUnderTest, spawnServer } from "./serverProcess.ts"
import { quietDown } from "./settle.ts"
import type { Subject } from "./subject.ts"
import { print } from "./table.ts"
import * as TransportReport from "./transportReport.ts"

/** The subject's server, spawned or given by --url, its clients on the subject's transport. */
const start = async (options: Options, subject: Subject): Promise<ServerUnderTest> =>
  over(options.url === undefined ? await spawnServer(subject.target, subject.stored) : externalServer(options.url), subject.transport)

/** Setup and fan-out against one server, which is left running for the paced load. */
const throughput = async (options: Options, subject: Subject, server: ServerUnderTest) => {
  const { scale } = options
  Report.header(subject, describe(server))
  const setup = await measureSetup(server, scale.setupConnections)
  Report.setupRow(setup)
  await quietDown(server)
  const fanout: Array<FanoutResult> = []
  for (const size of scale.fanoutSizes) {
    const result = await measureFanout(server, size, scale.fanoutSeconds)
    Report.fanoutRow(result, subject.transport)
    fanout.push(result)
    await quietDown(server)
  }
  return { setup, fanout }
}

/** Memory on a fresh server, so that earlier phases do not count. */
const memory = async (options: Options, subject: Subject) => {
  const fresh = await start(options, subject)
  try {
    const idle = await measureIdle(fresh, options.scale.idleLevels)
    Report.header(subject, describe(fresh), "memory on a fresh server")
    Report.idleRows(idle)
    return idle
  } finally {
    await fresh.stop()
  }
}

/**
 * Every phase for every subject: setup and fan-out one server after the
 * other, then the paced load with the servers taking turns, then memory.
 */
const run = async (options: Options): Promise<Array<Report.Figures>> => {
  const { scale, subjects } = options
  const servers: Array<ServerUnderTest> = []
  try {
    const throughputs = []
    for (const subject of subjects) {
      const server = await start(options, subject)
      servers.push(server)
      throughputs.push(await throughput(options, subject, server))
    }
    const latencies = await measureLatency(servers, {
      clients: scale.pacedClients,
      warmupSeconds: scale.pacedWarmupSeconds,
      seconds: scale.pacedSeconds,
      rounds: scale.pacedRounds
    })
    Report.latencyRows(subjects, latencies)
    for (const server of servers.splice(0)) await server.stop()
    const figures: Array<Report.Figures> = []
    for (const [n, subject] of subjects.entries()) {
      const measured = throughputs[n]
      const latency = latencies[n]
      if (measured === undefined || latency === undefined) continue
      figures.push({ subject, ...measured, latency, idle: await memory(options, subject) })
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
  `open-file limit (ulimit -n) ${openFileLimit()} for the driver and the servers it starts; ` +
  `idle levels ${options.scale.idleLevels.map((n) => n.toLocaleString("en-US")).join(", ")}`)
let figures: Array<Report.Figures> = []
let failed = false
try {
  figures = await run(options)
} catch (error) {
  failed = true
  print(`failed: ${error instanceof Error ? error.message : String(error)}`)
}
const find = (target: Subject["target"], transport: Subject["transport"], stored = false) =>
  figures.find((f) => f.subject.target === target && f.subject.transport === transport && (f.subject.stored ?? false) === stored)
const raw = find("raw", "ws")
const lichat = find("lichat", "ws")
const lichatTcp = find("lichat", "tcp")
const lichatStored = find("lichat", "ws", true)
if (raw !== undefined && lichat !== undefined) Report.comparison(raw, lichat)
if (raw !== undefined && lichatStored !== undefined) Report.comparison(raw, lichatStored, "lichat sqlite")
if (lichat !== undefined && lichatStored !== undefined) Report.storedComparison(lichat, lichatStored)
if (lichat !== undefined && lichatTcp !== undefined) TransportReport.comparison(lichat, lichatTcp)
process.exit(failed ? 1 : 0)
