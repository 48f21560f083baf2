/**
 * Fan-out throughput: one channel of `size` members; a few members send as
 * fast as their own messages come back, with about WINDOW deliveries in
 * flight in all (so the figure is throughput, not buffering); deliveries
 * received by all members per second of a fixed interval. Receivers only
 * count `(message ` occurrences in the raw frame bytes.
 */
import { closeAll, connectAll } from "./connectMany.ts"
import { type CpuShare, startCpuMeter } from "./cpuMeter.ts"
import { MESSAGE, occurrences } from "./frames.ts"
import { joinRoom } from "./rooms.ts"
import type { ServerUnderTest } from "./serverProcess.ts"
import { settle } from "./settle.ts"
import * as Update from "./updates.ts"
import { sleep } from "./sleep.ts"

/** Deliveries (messages × members) in flight at once. */
const WINDOW = 4000
const MAX_SENDERS = 10

export interface FanoutResult {
  readonly size: number
  readonly perSecond: number
  readonly inFlight: number
  /** Message updates per WebSocket frame received (a server may put several in one frame). */
  readonly perFrame: number
  readonly cpu: CpuShare
}

export const measureFanout = async (server: ServerUnderTest, size: number, seconds: number): Promise<FanoutResult> => {
  const channel = `fan${size}`
  const clients = await connectAll(server, `fan${size}x`, size)
  await joinRoom(clients, channel)
  await settle(clients[0]!)

  const messagesInFlight = Math.max(1, Math.round(WINDOW / size))
  const senders = Math.min(MAX_SENDERS, messagesInFlight, size)
  const perSender = Math.ceil(messagesInFlight / senders)
  let deliveries = 0
  let frames = 0
  let running = true
  clients.forEach((client, i) => {
    if (i >= senders) {
      client.onFrame = (frame) => {
        frames++
        deliveries += occurrences(frame, MESSAGE)
      }
      return
    }
    // A sender sends again for each of its own messages that comes back.
    const next = () => client.send(Update.message(channel, `F${i}`))
    const own = Buffer.from(`:text "F${i}"`)
    client.onFrame = (frame) => {
      frames++
      deliveries += occurrences(frame, MESSAGE)
      if (!running) return
      for (let n = occurrences(frame, own); n > 0; n--) next()
    }
  })

  const stopMeter = startCpuMeter(server.pid)
  const start = performance.now()
  for (let i = 0; i < senders; i++) for (let n = 0; n < perSender; n++) clients[i]!.send(Update.message(channel, `F${i}`))
  await sleep(seconds * 1000)
  const counted = deliveries
  const countedFrames = frames
  const elapsed = (performance.now() - start) / 1000
  const cpu = stopMeter()
  running = false
  await settle(clients[0]!)
  closeAll(clients)
  return { size, perSecond: counted / elapsed, inFlight: senders * perSender * size, perFrame: counted / countedFrames, cpu }
}
