/**
 * Puts clients into a channel: the first creates it (or joins, when the
 * name is taken, e.g. on a server that outlived an earlier run), the rest
 * join; each waits until the server echoed its own join.
 */
import type { BenchClient } from "./BenchClient.ts"
import { updatesOf } from "./frames.ts"
import * as Update from "./updates.ts"

const JOIN_TIMEOUT_MS = 60_000

/** Sends `update` and waits for this client's own join of `channel`; `channelname-taken` retries as a join. */
const enter = (client: BenchClient, channel: string, update: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const own = Buffer.from(`:from "${client.name}"`)
    const inChannel = `:channel "${channel}"`
    const timer = setTimeout(() => reject(new Error(`${client.name} did not join ${channel}`)), JOIN_TIMEOUT_MS)
    client.onFrame = (frame) => {
      const taken = frame.includes("(channelname-taken ")
      if (!taken && !frame.includes(own)) return
      for (const text of updatesOf(frame)) {
        if (text.startsWith("(channelname-taken ")) client.send(Update.join(channel))
        else if (text.startsWith("(join ") && text.includes(inChannel) && text.includes(`:from "${client.name}"`)) {
          clearTimeout(timer)
          client.onFrame = () => {}
          return resolve()
        }
      }
    }
    client.send(update)
  })

/** Every client in `channel`. */
export const joinRoom = async (clients: ReadonlyArray<BenchClient>, channel: string): Promise<void> => {
  const [first, ...rest] = clients
  if (first === undefined) return
  await enter(first, channel, Update.create(channel))
  await Promise.all(rest.map((client) => enter(client, channel, Update.join(channel))))
}

/** Consecutive groups of `size` clients, each in its own channel `prefix0`, `prefix1`, … */
export const joinGroups = async (clients: ReadonlyArray<BenchClient>, size: number, prefix: string): Promise<Array<string>> => {
  const channels: Array<string> = []
  const joins: Array<Promise<void>> = []
  for (let g = 0; g * size < clients.length; g++) {
    channels.push(`${prefix}${g}`)
    joins.push(joinRoom(clients.slice(g * size, (g + 1) * size), `${prefix}${g}`))
  }
  await Promise.all(joins)
  return channels
}
