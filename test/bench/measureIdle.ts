/**
 * Server memory per idle connection: the server child's RSS before any
 * client, after 1,000 handshaken connections of distinct users, then after
 * topping up to each further level with connections of the registered
 * IDLE_USERS. Each level is read once the server is quiet. The sockets are
 * spread over several loopback source addresses (endpoint.ts), so that the
 * ephemeral ports of one address do not bound them. The driver and the
 * server hold one file descriptor per connection each, so a level beyond
 * the open-file limit (less a margin) is cut short, and the report says so.
 */
import type { BenchClient } from "./BenchClient.ts"
import { closeAll, connectMany } from "./connectMany.ts"
import { sourceAddresses } from "./endpoint.ts"
import { FD_MARGIN, idleRoom } from "./idleLevels.ts"
import { IDLE_USERS } from "./idleUsers.ts"
import { openFileLimit, rssMb } from "./procStats.ts"
import type { ServerUnderTest } from "./serverProcess.ts"
import { settle } from "./settle.ts"
import { sleep } from "./sleep.ts"

const MB = 1024 * 1024

export interface IdleLevel {
  readonly wanted: number
  readonly reached: number
  readonly rssMb: number
  /** (RSS − RSS without connections) / connections. */
  readonly kbPerConnection: number
  /** What each connection since the previous level (or since none) added. */
  readonly marginalKb: number
  /** The driver's own RSS, which also grows with every connection it holds. */
  readonly driverMb: number
  /** Why fewer than `wanted` connections were opened. */
  readonly shortfall: string | undefined
}

export interface IdleResult {
  readonly baseMb: number
  readonly levels: ReadonlyArray<IdleLevel>
}

/** Opens connections until `clients` holds `goal`: distinct users up to 1,000, then the idle users; the failure if any. */
const topUp = async (server: ServerUnderTest, clients: Array<BenchClient>, goal: number): Promise<string | undefined> => {
  const sources = sourceAddresses(server)
  const distinct = Math.max(0, Math.min(goal, 1000) - clients.length)
  const opened = await connectMany(server, "solo", distinct, { sources })
  clients.push(...opened.clients)
  if (opened.failure !== undefined) return opened.failure
  const shared = await connectMany(server, IDLE_USERS.prefix, goal - clients.length, { users: IDLE_USERS, sources })
  clients.push(...shared.clients)
  return shared.failure
}

export const measureIdle = async (server: ServerUnderTest, levels: ReadonlyArray<number>): Promise<IdleResult | undefined> => {
  const pid = server.pid
  if (pid === undefined) return undefined
  await sleep(500)
  const baseMb = rssMb(pid)
  const room = idleRoom()
  const clients: Array<BenchClient> = []
  const results: Array<IdleLevel> = []
  let previous = { reached: 0, rssMb: baseMb }
  for (const wanted of levels) {
    const goal = Math.min(wanted, room)
    let shortfall = goal < wanted
      ? `open-file limit ${openFileLimit()} less ${FD_MARGIN} spare (raise it with ulimit -n, or use --idle-max)`
      : undefined
    if (goal > clients.length) shortfall = (await topUp(server, clients, goal)) ?? shortfall
    if (clients[0] !== undefined) await settle(clients[0])
    await sleep(1000)
    const rss = rssMb(pid)
    results.push({
      wanted,
      reached: clients.length,
      rssMb: rss,
      kbPerConnection: ((rss - baseMb) * 1024) / clients.length,
      marginalKb: ((rss - previous.rssMb) * 1024) / (clients.length - previous.reached),
      driverMb: process.memoryUsage.rss() / MB,
      shortfall
    })
    previous = { reached: clients.length, rssMb: rss }
    if (shortfall !== undefined) break
  }
  closeAll(clients)
  return { baseMb, levels: results }
}
