/**
 * Fan-out throughput of `pnpm bench:cluster`, as measureFanout.ts measures
 * it for one server: in each of the given channels a few members (spread
 * over the runners) send as fast as their own messages come back, about
 * WINDOW deliveries in flight in all; the deliveries (message updates
 * received by members) per second of a fixed interval. A message's text
 * names its sender's runner (`F<runner>.<member>`), so each receiver also
 * counts the deliveries that crossed from another runner.
 */

import type { Room } from "./clusterMembers.ts"
import { MESSAGE, occurrences } from "./frames.ts"
import { cpuSeconds, ownCpuSeconds } from "./procStats.ts"
import { sleep } from "./sleep.ts"
import * as Update from "./updates.ts"

/**
 * Deliveries (messages × members) in flight at once, over all the
 * channels: load.ts's, and DEEP times as many, for a server whose
 * deliveries take longer (a cluster's cross a runner, and its database)
 * and which a shallow window would measure by its latency rather than by
 * what it can carry.
 */
export const WINDOW = 4000
export const DEEP = 8
const MAX_SENDERS = 10

/** CPU use over an interval, in % of one core. */
export interface CpuUse {
  readonly driver: number
  /** Per runner, in runner order. */
  readonly runners: ReadonlyArray<number>
}

export interface FanoutFigures {
  /** The deliveries in flight asked for. */
  readonly window: number
  readonly channels: number
  readonly size: number
  readonly perSecond: number
  /** Deliveries whose sender is on another runner than the receiver, per second. */
  readonly crossPerSecond: number
  readonly inFlight: number
  readonly senders: number
  readonly cpu: CpuUse
}

/** CPU seconds of a process, NaN once it is gone. */
const cpuOf = (pid: number): number => {
  try {
    return cpuSeconds(pid)
  } catch {
    return Number.NaN
  }
}

/** Starts measuring the CPU use of the driver and of the runner processes `pids`. */
export const startCpu = (pids: ReadonlyArray<number>): () => CpuUse => {
  const wall = performance.now()
  const own = ownCpuSeconds()
  const before = pids.map(cpuOf)
  return () => {
    const seconds = (performance.now() - wall) / 1000
    return {
      driver: ((ownCpuSeconds() - own) / seconds) * 100,
      runners: pids.map((pid, i) => ((cpuOf(pid) - (before[i] ?? Number.NaN)) / seconds) * 100)
    }
  }
}

/** Fan-out in all of `rooms` at once for `seconds`, `window` deliveries in flight, on `runners` runners (their processes `pids`). */
export const measureFanout = async (
  rooms: ReadonlyArray<Room>,
  runners: number,
  pids: ReadonlyArray<number>,
  seconds: number,
  window: number
): Promise<FanoutFigures> => {
  const size = Math.max(...rooms.map((room) => room.members.length))
  const messagesInFlight = Math.max(1, Math.round(window / (size * rooms.length)))
  const senders = Math.min(MAX_SENDERS, messagesInFlight, size)
  const perSender = Math.ceil(messagesInFlight / senders)
  const fromRunner = Array.from({ length: runners }, (_, r) => Buffer.from(`:text "F${r}.`))
  let deliveries = 0
  let cross = 0
  let running = true
  const starts: Array<() => void> = []
  for (const room of rooms) {
    for (const [k, member] of room.members.entries()) {
      const others = fromRunner.filter((_, r) => r !== member.runner)
      const count = (frame: Buffer) => {
        deliveries += occurrences(frame, MESSAGE)
        for (const pattern of others) cross += occurrences(frame, pattern)
      }
      if (k >= senders) {
        member.client.onFrame = count
        continue
      }
      // A sender sends again for each of its own messages that comes back.
      const text = `F${member.runner}.${member.index}`
      const own = Buffer.from(`:text "${text}"`)
      const send = () => member.client.send(Update.message(room.name, text))
      member.client.onFrame = (frame) => {
        count(frame)
        if (!running) return
        for (let n = occurrences(frame, own); n > 0; n--) send()
      }
      starts.push(() => {
        for (let n = 0; n < perSender; n++) send()
      })
    }
  }
  const stopCpu = startCpu(pids)
  const start = performance.now()
  for (const begin of starts) begin()
  await sleep(seconds * 1000)
  const counted = deliveries
  const countedCross = cross
  const elapsed = (performance.now() - start) / 1000
  const cpu = stopCpu()
  running = false
  return {
    window,
    channels: rooms.length,
    size,
    perSecond: counted / elapsed,
    crossPerSecond: countedCross / elapsed,
    inFlight: senders * perSender * size * rooms.length,
    senders: senders * rooms.length,
    cpu
  }
}
