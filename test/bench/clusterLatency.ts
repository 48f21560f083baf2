/**
 * Delivery latency of `pnpm bench:cluster` under the paced load of
 * clusterPace.ts (every channel at once), after an uncounted warm-up.
 * Each message carries its sender's runner and its send time
 * (performance.now() of this process: every client is in it); every
 * member, the sender included, records now − send time on receipt, and
 * separately when the sender is on another runner (cross-runner).
 */
import { type CpuUse, startCpu } from "./clusterFanout.ts"
import type { Layout } from "./clusterMembers.ts"
import { deliveriesPerSecond, paceFor, streamsOf } from "./clusterPace.ts"
import { percentile } from "./percentile.ts"
import { sleep } from "./sleep.ts"
import * as Update from "./updates.ts"

const STAMP = Buffer.from(':text "L')
const SPACE = 0x20
const QUOTE = 0x22
/** How long the last deliveries are waited for. */
const DRAIN_MS = 5000

export interface LatencyFigures {
  readonly seconds: number
  readonly warmupSeconds: number
  /** Deliveries per second the load asks for. */
  readonly load: number
  readonly expected: number
  readonly received: number
  readonly p50: number
  readonly p99: number
  readonly max: number
  /** Over the deliveries whose sender is on another runner than the receiver (NaN on one runner). */
  readonly crossP50: number
  readonly crossP99: number
  readonly cpu: CpuUse
}

const sorted = (values: ReadonlyArray<number>): Float64Array => Float64Array.from(values).sort()

/** The paced load for `warmupSeconds`, uncounted, then for `seconds`, measured. */
export const measureLatency = async (
  layout: Layout,
  pids: ReadonlyArray<number>,
  warmupSeconds: number,
  seconds: number
): Promise<LatencyFigures> => {
  const streams = streamsOf(layout.big, layout.small)
  const all: Array<number> = []
  const cross: Array<number> = []
  let expected = 0
  let received = 0
  for (const member of layout.members) {
    member.client.onFrame = (frame) => {
      const now = performance.now()
      for (let at = frame.indexOf(STAMP); at >= 0; at = frame.indexOf(STAMP, at + 1)) {
        // The text is "L<runner> <send time>".
        const from = at + STAMP.length
        const space = frame.indexOf(SPACE, from)
        const runner = Number(frame.toString("latin1", from, space))
        const latency = now - Number(frame.toString("latin1", space + 1, frame.indexOf(QUOTE, space)))
        all.push(latency)
        if (runner !== member.runner) cross.push(latency)
        received++
      }
    }
  }
  await paceFor(streams, warmupSeconds, (room, member) => member.client.send(Update.message(room.name, "warm-up")))
  const stopCpu = startCpu(pids)
  await paceFor(streams, seconds, (room, member) => {
    member.client.send(Update.message(room.name, `L${member.runner} ${performance.now()}`))
    expected += room.members.length
  })
  const cpu = stopCpu()
  const deadline = performance.now() + DRAIN_MS
  while (received < expected && performance.now() < deadline) await sleep(20)
  const samples = sorted(all)
  const crossSamples = sorted(cross)
  return {
    seconds,
    warmupSeconds,
    load: deliveriesPerSecond(streams),
    expected,
    received,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: samples.length === 0 ? Number.NaN : (samples[samples.length - 1] ?? Number.NaN),
    crossP50: percentile(crossSamples, 50),
    crossP99: percentile(crossSamples, 99),
    cpu
  }
}
