/**
 * Waits until the server is quiet: the join and leave storms of earlier
 * steps (in Lichat every user's arrival and departure goes to everyone in
 * the primary channel) are over when a ping comes back within 2 ms three
 * times in a row. Both servers are measured after the same wait.
 */
import type { BenchClient } from "./BenchClient.ts"
import { connectAll } from "./connectMany.ts"
import type { ServerUnderTest } from "./serverProcess.ts"
import * as Update from "./updates.ts"
import { sleep } from "./sleep.ts"

const QUIET_RTT_MS = 2
const GIVE_UP_MS = 60_000

/** One ping round trip in milliseconds (undefined after 10 s without a pong). */
const roundTrip = (probe: BenchClient): Promise<number | undefined> =>
  new Promise((resolve) => {
    const id = Update.freshId()
    const pong = Buffer.from(`:id ${id}`)
    const sent = performance.now()
    const timer = setTimeout(() => resolve(undefined), 10_000)
    const previous = probe.onFrame
    probe.onFrame = (frame) => {
      if (frame.includes("(pong ") && frame.includes(pong)) {
        clearTimeout(timer)
        probe.onFrame = previous
        resolve(performance.now() - sent)
      }
    }
    probe.send(Update.ping(id))
  })

/** Resolves once quiet, or after a minute; returns the milliseconds waited. */
export const settle = async (probe: BenchClient): Promise<number> => {
  const start = performance.now()
  let quiet = 0
  while (quiet < 3 && performance.now() - start < GIVE_UP_MS) {
    const rtt = await roundTrip(probe)
    quiet = rtt !== undefined && rtt < QUIET_RTT_MS ? quiet + 1 : 0
    await sleep(50)
  }
  return performance.now() - start
}

/** Opens one client and waits until the server has worked off what earlier steps left it. */
export const quietDown = async (server: ServerUnderTest): Promise<void> => {
  const [probe] = await connectAll(server, `probe${Update.freshId()}x`, 1)
  if (probe === undefined) return
  await settle(probe)
  probe.close()
}
