/**
 * Server memory per idle connection: the server child's RSS before any
 * client, after 1,000 handshaken connections of distinct users, then after
 * topping up to each further level with connections of the registered
 * IDLE_USERS. Each level is read once the server is quiet. The driver holds
 * one file descriptor per connection, so a level beyond the open-file limit
 * is cut short, and the report says so.
 */
import type { BenchClient } from "./BenchClient.ts"
import { closeAll, connectMany } from "./connectMany.ts"
import { IDLE_USERS } from "./idleUsers.ts"
import { openFileLimit, rssMb } from "./procStats.ts"
import type { ServerUnderTest } from "./serverProcess.ts"
import { settle } from "./settle.ts"
import { sleep } from "./sleep.ts"

/** Descriptors the driver keeps for itself besides its sockets. */
const SPARE_FDS = 100

export interface IdleLevel {
  readonly wanted: number
  readonly reached: number
  readonly rssMb: number
  readonly kbPerConnection: number
  /** Why fewer than `wanted` connections were opened. */
  readonly shortfall: string | undefined
}

export interface IdleResult {
  readonly baseMb: number
  readonly levels: ReadonlyArray<IdleLevel>
}

export const measureIdle = async (server: ServerUnderTest, levels: ReadonlyArray<number>): Promise<IdleResult | undefined> => {
  const pid = server.pid
  if (pid === undefined) return undefined
  await sleep(500)
  const baseMb = rssMb(pid)
  const fdRoom = openFileLimit() - SPARE_FDS
  const clients: Array<BenchClient> = []
  const results: Array<IdleLevel> = []
  for (const wanted of levels) {
    const goal = Math.min(wanted, fdRoom)
    let shortfall = goal < wanted ? `open-file limit ${openFileLimit()} (raise it with ulimit -n)` : undefined
    if (goal > clients.length) {
      // The first 1,000 are distinct users; the rest log in as the registered idle users.
      const distinct = Math.max(0, Math.min(goal, 1000) - clients.length)
      const opened = await connectMany(server.url, "solo", distinct)
      clients.push(...opened.clients)
      const shared = opened.failure === undefined
        ? await connectMany(server.url, IDLE_USERS.prefix, goal - clients.length, { users: IDLE_USERS })
        : opened
      if (shared !== opened) clients.push(...shared.clients)
      shortfall ??= shared.failure
    }
    if (clients[0] !== undefined) await settle(clients[0])
    await sleep(1000)
    const rss = rssMb(pid)
    results.push({
      wanted,
      reached: clients.length,
      rssMb: rss,
      kbPerConnection: ((rss - baseMb) * 1024) / clients.length,
      shortfall
    })
    if (shortfall !== undefined) break
  }
  closeAll(clients)
  return { baseMb, levels: results }
}
