/**
 * Delivery latency under a paced load: `count` clients in channels of
 * GROUP, each sending one message per second, the sends spread evenly over
 * each second. Each message carries its send time (performance.now() of
 * this process); every member, the sender included, records now − send
 * time on receipt.
 *
 * The load runs without a break through a warm-up, whose deliveries are not
 * counted (what came before — a thousand users joining — is still being
 * collected and compiled in the server), and then `rounds` measured rounds
 * of `seconds` each. A delivery belongs to the round its message was sent
 * in; the figures are the median of the rounds' percentiles, so one round
 * disturbed by something else on the machine does not decide them.
 *
 * Over the measured rounds the driver also takes the server's CPU use and
 * runs a stall probe (stallProbe.ts), which says how much the machine
 * itself held every process up in the same time.
 */
import { closeAll, connectAll } from "./connectMany.ts"
import { type CpuShare, startCpuMeter } from "./cpuMeter.ts"
import { percentile } from "./percentile.ts"
import { joinGroups } from "./rooms.ts"
import type { ServerUnderTest } from "./serverProcess.ts"
import { settle } from "./settle.ts"
import { type StallReport, startStallProbe } from "./stallProbe.ts"
import * as Update from "./updates.ts"
import { sleep } from "./sleep.ts"

const GROUP = 10
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

export const measureLatency = async (server: ServerUnderTest, load: PacedLoad): Promise<LatencyResult> => {
  const { clients: count, warmupSeconds, seconds, rounds } = load
  const clients = await connectAll(server.url, "paced", count)
  const channels = await joinGroups(clients, GROUP, "paced")
  await settle(clients[0]!)

  const samples = Array.from({ length: rounds }, () => new Samples(count * GROUP * seconds))
  let received = 0
  for (const client of clients) {
    client.onFrame = (frame) => {
      const now = performance.now()
      for (let at = frame.indexOf(STAMP); at >= 0; at = frame.indexOf(STAMP, at + 1)) {
        // The text is "L<round> <send time>".
        const from = at + STAMP.length
        const space = frame.indexOf(SPACE, from)
        const sent = Number(frame.toString("latin1", space + 1, frame.indexOf(QUOTE, space)))
        samples[Number(frame.toString("latin1", from, space))]?.add(now - sent)
        received++
      }
    }
  }

  // Send j (0 ≤ j < total) is client j mod count's, due at start + j × 1000 / count ms.
  const total = count * (warmupSeconds + seconds * rounds)
  const firstMeasured = count * warmupSeconds
  let expected = 0
  let j = 0
  const probe = startStallProbe()
  let stopCpu: (() => CpuShare) | undefined
  const start = performance.now() + 50
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now()
      for (; j < total && start + (j * 1000) / count <= now; j++) {
        const i = j % count
        const channel = channels[Math.floor(i / GROUP)]!
        if (j < firstMeasured) {
          clients[i]!.send(Update.message(channel, "warm-up"))
          continue
        }
        if (stopCpu === undefined) {
          stopCpu = startCpuMeter(server.pid)
          probe.reset()
        }
        const round = Math.floor((j - firstMeasured) / (count * seconds))
        clients[i]!.send(Update.message(channel, `L${round} ${performance.now()}`))
        expected += Math.min(GROUP, count - Math.floor(i / GROUP) * GROUP)
      }
      if (j < total) setTimeout(tick, 1)
      else done()
    }
    setTimeout(tick, 50)
  })
  const cpu = stopCpu?.() ?? { driver: Number.NaN, server: Number.NaN }
  const machine = await probe.stop()
  // Let the last deliveries arrive.
  const deadline = performance.now() + 5000
  while (received < expected && performance.now() < deadline) await sleep(20)
  closeAll(clients)

  const summaries = samples.map((round) => round.summary())
  return {
    load,
    expected,
    received,
    rounds: summaries,
    p50: median(summaries.map((r) => r.p50)),
    p99: median(summaries.map((r) => r.p99)),
    max: Math.max(...summaries.map((r) => r.max)),
    cpu,
    machine
  }
}
