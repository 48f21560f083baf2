/**
 * Opens many clients with a bounded number of handshakes in flight. Stops
 * opening new ones at the first failure and reports it, so that a phase can
 * say how far it got and why.
 */
import { type BenchClient, connect } from "./BenchClient.ts"
import type { Endpoint } from "./endpoint.ts"

export interface Opened {
  readonly clients: Array<BenchClient>
  /** Why opening stopped early, if it did. */
  readonly failure: string | undefined
}

export interface ConnectOptions {
  /** Handshakes in flight at once. */
  readonly parallel?: number
  /** Log in as `count` registered users in turn (`prefix0`…) instead of one user per connection. */
  readonly users?: { readonly count: number; readonly password: string }
  /** Local addresses to connect from, in turn (the system's choice when undefined). */
  readonly sources?: ReadonlyArray<string> | undefined
}

/** Opens up to `count` clients named `prefix0`, `prefix1`, … */
export const connectMany = async (
  endpoint: Endpoint,
  prefix: string,
  count: number,
  options: ConnectOptions = {}
): Promise<Opened> => {
  const clients: Array<BenchClient> = []
  let next = 0
  let failure: string | undefined
  const { users, sources } = options
  const worker = async () => {
    while (next < count && failure === undefined) {
      const i = next++
      const localAddress = sources?.[i % sources.length]
      try {
        clients.push(
          users === undefined
            ? await connect(endpoint, `${prefix}${i}`, { localAddress })
            : await connect(endpoint, `${prefix}${i % users.count}`, { password: users.password, localAddress })
        )
      } catch (error) {
        failure ??= `connection ${i + 1}: ${error instanceof Error ? error.message : String(error)}`
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.parallel ?? 200, count) }, worker))
  return { clients, failure }
}

/** Opens exactly `count` clients or throws. */
export const connectAll = async (endpoint: Endpoint, prefix: string, count: number): Promise<Array<BenchClient>> => {
  const opened = await connectMany(endpoint, prefix, count)
  if (opened.failure !== undefined) {
    closeAll(opened.clients)
    throw new Error(`could not open ${count} connections: ${opened.failure}`)
  }
  return opened.clients
}

/** Drops every client. */
export const closeAll = (clients: ReadonlyArray<BenchClient>): void => {
  for (const client of clients) client.close()
}
