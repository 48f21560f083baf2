/**
 * Delivery latency under a paced load: `count` clients in channels of
 * GROUP, each sending one message per second for `seconds` seconds, the
 * sends spread evenly over each second. Each message carries its send time
 * (performance.now() of this process); every member, the sender included,
 * records now − send time on receipt.
 */
import { closeAll, connectAll } from "./connectMany.ts"
import { percentile } from "./percentile.ts"
import { joinGroups } from "./rooms.ts"
import type { ServerUnderTest } from "./serverProcess.ts"
import { settle } from "./settle.ts"
import * as Update from "./updates.ts"
import { sleep } from "./sleep.ts"

const GROUP = 10
const STAMP = /:text "L([0-9.]+)"/g

export interface LatencyResult {
  readonly clients: number
  readonly sent: number
  readonly expected: number
  readonly received: number
  readonly p50: number
  readonly p99: number
  readonly max: number
}

export const measureLatency = async (server: ServerUnderTest, count: number, seconds: number): Promise<LatencyResult> => {
  const clients = await connectAll(server.url, "paced", count)
  const channels = await joinGroups(clients, GROUP, "paced")
  await settle(clients[0]!)

  const samples = new Float64Array(count * GROUP * seconds)
  let received = 0
  for (const client of clients) {
    client.onFrame = (frame) => {
      const now = performance.now()
      for (const match of frame.toString("latin1").matchAll(STAMP)) {
        if (received < samples.length) samples[received] = now - Number(match[1])
        received++
      }
    }
  }

  // Send j (0 ≤ j < count × seconds) is client j mod count's, due at start + j × 1000 / count ms.
  const total = count * seconds
  let expected = 0
  let j = 0
  const start = performance.now() + 50
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now()
      for (; j < total && start + (j * 1000) / count <= now; j++) {
        const i = j % count
        clients[i]!.send(Update.message(channels[Math.floor(i / GROUP)]!, `L${performance.now()}`))
        expected += Math.min(GROUP, count - Math.floor(i / GROUP) * GROUP)
      }
      if (j < total) setTimeout(tick, 1)
      else done()
    }
    setTimeout(tick, 50)
  })
  // Let the last deliveries arrive.
  const deadline = performance.now() + 5000
  while (received < expected && performance.now() < deadline) await sleep(20)
  closeAll(clients)

  const sorted = samples.subarray(0, Math.min(received, samples.length)).sort()
  return {
    clients: count,
    sent: total,
    expected,
    received,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!
  }
}
