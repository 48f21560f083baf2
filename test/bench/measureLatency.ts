/**
 * Delivery latency under a paced load: `count` clients in channels of
 * GROUP, each sending one message per second, the sends spread evenly over
 * each second. Each message carries its send time (performance.now() of
 * this process); every member, the sender included, records now − send
 * time on receipt.
 *
 * Each server gets a warm-up, whose deliveries are not counted (what came
 * before — a thousand users joining — is still being collected and compiled
 * in the server), and then `rounds` measured rounds of `seconds` each. With
 * several servers (raw ws and ours) the rounds are taken in turns — raw,
 * ours, raw, ours, … — each after a short uncounted warm-up of its own,
 * while the other server's clients are connected and quiet: these machines
 * change speed from one minute to the next, and taking turns gives both
 * servers the same minutes. A delivery belongs to the round its message was
 * sent in; the figures are the median of the rounds' percentiles, so one
 * round disturbed by something else on the machine does not decide them.
 *
 * Over each measured round the driver also takes the server's CPU use and
 * runs a stall probe (stallProbe.ts), which says how much the machine
 * itself held every process up in the same time.
 */
import type { BenchClient } from "./BenchClient.ts"
import { closeAll, connectAll } from "./connectMany.ts"
import { type CpuShare, startCpuMeter } from "./cpuMeter.ts"
import { percentile } from "./percentile.ts"
import { joinGroups } from "./rooms.ts"
import type { ServerUnderTest } from "./serverProcess.ts"
import { settle } from "./settle.ts"
import { type StallProbe, type StallReport, type StallWindow, startStallProbe, summarize } from "./stallProbe.ts"
import * as Update from "./updates.ts"
import { sleep } from "./sleep.ts"

const GROUP = 10
/** The uncounted load before each round taken in turns, to bring the server back to its steady state. */
const TURN_WARMUP_SECONDS = 1
const STAMP = Buffer.from(':text "L')
const SPACE = 0x20
const QUOTE = 0x22

export interface PacedLoad {
  readonly clients: number
  readonly warmupSeconds: number
  readonly seconds: number
  readonly rounds: number
}

export interface LatencyRound {
  readonly p50: number
  readonly p99: number
  readonly max: number
}

export interface LatencyResult {
  readonly load: PacedLoad
  /** Deliveries due and received in the measured rounds. */
  readonly expected: number
  readonly received: number
  readonly rounds: ReadonlyArray<LatencyRound>
  /** Medians over the rounds. */
  readonly p50: number
  readonly p99: number
  /** The largest over the rounds. */
  readonly max: number
  /** CPU use over the measured rounds. */
  readonly cpu: CpuShare
  /** What an idle process on the same machine saw over the measured rounds. */
  readonly machine: StallReport
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Latency samples of one round; room for every delivery due in it. */
class Samples {
  readonly values: Float64Array
  length = 0
  constructor(capacity: number) {
    this.values = new Float64Array(capacity)
  }
  add(value: number): void {
    if (this.length < this.values.length) this.values[this.length++] = value
  }
  summary(): LatencyRound {
    const sorted = this.values.subarray(0, this.length).sort()
    return {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!
    }
  }
}

/** One server's clients under the paced load, and what they measured. */
interface PacedGroup {
  readonly server: ServerUnderTest
  readonly clients: ReadonlyArray<BenchClient>
  readonly channels: ReadonlyArray<string>
  readonly samples: ReadonlyArray<Samples>
  /** Deliveries of measured rounds due and received. */
  expected: number
  received: number
  readonly cpu: Array<CpuShare>
  readonly stalls: Array<StallWindow>
}

const prepare = async (server: ServerUnderTest, load: PacedLoad, prefix: string): Promise<PacedGroup> => {
  const clients = await connectAll(server, prefix, load.clients)
  const channels = await joinGroups(clients, GROUP, prefix)
  await settle(clients[0]!)
  const group: PacedGroup = {
    server,
    clients,
    channels,
    samples: Array.from({ length: load.rounds }, () => new Samples(load.clients * GROUP * load.seconds)),
    expected: 0,
    received: 0,
    cpu: [],
    stalls: []
  }
  for (const client of clients) {
    client.onFrame = (frame) => {
      const now = performance.now()
      for (let at = frame.indexOf(STAMP); at >= 0; at = frame.indexOf(STAMP, at + 1)) {
        // The text is "L<round> <send time>".
        const from = at + STAMP.length
        const space = frame.indexOf(SPACE, from)
        const sent = Number(frame.toString("latin1", space + 1, frame.indexOf(QUOTE, space)))
        group.samples[Number(frame.toString("latin1", from, space))]?.add(now - sent)
        group.received++
      }
    }
  }
  return group
}

/**
 * Sends the paced load for `seconds`: send j is client j mod count's, due
 * j × 1000 / count ms after the start. The messages carry `round` and their
 * send time, or are warm-up when `round` is undefined.
 */
const pace = (group: PacedGroup, seconds: number, round: number | undefined): Promise<void> => {
  const { clients, channels } = group
  const count = clients.length
  const total = count * seconds
  let j = 0
  const start = performance.now()
  return new Promise((done) => {
    const tick = () => {
      const now = performance.now()
      for (; j < total && start + (j * 1000) / count <= now; j++) {
        const i = j % count
        const channel = channels[Math.floor(i / GROUP)]!
        if (round === undefined) {
          clients[i]!.send(Update.message(channel, "warm-up"))
          continue
        }
        clients[i]!.send(Update.message(channel, `L${round} ${performance.now()}`))
        group.expected += Math.min(GROUP, count - Math.floor(i / GROUP) * GROUP)
      }
      if (j < total) setTimeout(tick, 1)
      else done()
    }
    tick()
  })
}

/** One measured round, with the server's CPU use and the machine's stalls over it. */
const measuredRound = async (group: PacedGroup, probe: StallProbe, round: number, seconds: number): Promise<void> => {
  await probe.take()
  const stopCpu = startCpuMeter(group.server.pid)
  await pace(group, seconds, round)
  group.cpu.push(stopCpu())
  group.stalls.push(await probe.take())
}

/** Waits for the last deliveries, closes the clients and sums up. */
const finish = async (group: PacedGroup, load: PacedLoad): Promise<LatencyResult> => {
  const deadline = performance.now() + 5000
  while (group.received < group.expected && performance.now() < deadline) await sleep(20)
  closeAll([...group.clients])
  const summaries = group.samples.map((round) => round.summary())
  const mean = (pick: (share: CpuShare) => number) => group.cpu.reduce((sum, share) => sum + pick(share), 0) / group.cpu.length
  return {
    load,
    expected: group.expected,
    received: group.received,
    rounds: summaries,
    p50: median(summaries.map((r) => r.p50)),
    p99: median(summaries.map((r) => r.p99)),
    max: Math.max(...summaries.map((r) => r.max)),
    cpu: { driver: mean((share) => share.driver), server: mean((share) => share.server) },
    machine: summarize(group.stalls)
  }
}

/**
 * The paced load against each server, its measured rounds taken in turns
 * with the others'; the results in the order of `servers`.
 */
export const measureLatency = async (
  servers: ReadonlyArray<ServerUnderTest>,
  load: PacedLoad
): Promise<Array<LatencyResult>> => {
  const groups: Array<PacedGroup> = []
  for (const [n, server] of servers.entries()) groups.push(await prepare(server, load, `paced${n}-`))
  const probe = startStallProbe()
  try {
    for (const group of groups) await pace(group, load.warmupSeconds, undefined)
    for (let round = 0; round < load.rounds; round++) {
      for (const group of groups) {
        if (groups.length > 1) await pace(group, TURN_WARMUP_SECONDS, undefined)
        await measuredRound(group, probe, round, load.seconds)
      }
    }
  } finally {
    await probe.close()
  }
  const results: Array<LatencyResult> = []
  for (const group of groups) results.push(await finish(group, load))
  return results
}
