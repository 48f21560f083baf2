/**
 * The operational endpoints: `GET /healthz` (a small JSON status) and
 * `GET /metrics` (Prometheus text: the counters of Metrics.ts, the process
 * gauges, and gauges of present connections, users and channels, read from
 * the registry when scraped). Served on the chat port, or with
 * `metricsListen` on a plain HTTP listener of their own (`listen`), the
 * chat port then keeping only `/healthz` (load balancers probe it there).
 *
 * @since 0.1.0
 */

import * as Http from "node:http"
import type * as Net from "node:net"
import { Context, Effect, Metric, type Scope } from "effect"
import { PrometheusMetrics } from "effect/observability"
import type { RegistryService } from "../actors/Registry.ts"
import * as Metrics from "../Metrics.ts"
import { type BoundAddress, ListenError } from "../transport/Listener.ts"
import * as Guard from "./Guard.ts"

const connections = Metric.gauge("lichat_connections", { description: "Open connections" })
const users = Metric.gauge("lichat_users", { description: "Users present (the server user included)" })
const channels = Metric.gauge("lichat_channels", { description: "Channels (the primary channel included)" })

/** The numbers `/healthz` reports. */
export interface Health {
  readonly status: "ok"
  readonly name: string
  readonly uptimeSeconds: number
  readonly connections: number
  readonly users: number
  readonly channels: number
}

/** The current health of the server. */
const health = (registry: RegistryService, startedAt: number, now: number): Health => ({
  status: "ok",
  name: registry.serverName,
  uptimeSeconds: Math.floor((now - startedAt) / 1000),
  connections: registry.state.connections,
  users: registry.state.users.size,
  channels: registry.state.channels.size
})

/** The metrics in the Prometheus text format. */
const metricsText = (registry: RegistryService): string => {
  const context = Context.empty()
  connections.updateUnsafe(registry.state.connections, context)
  users.updateUnsafe(registry.state.users.size, context)
  channels.updateUnsafe(registry.state.channels.size, context)
  Metrics.collectProcess()
  return PrometheusMetrics.formatUnsafe(context)
}

/**
 * A request handler for the endpoints; `false` when the path is not one of
 * them, so the caller can route it elsewhere. Without `metrics`, `/metrics`
 * is not one of them (it is served on a listener of its own).
 */
export const handle = (
  registry: RegistryService,
  startedAt: number,
  options: { readonly metrics: boolean } = { metrics: true }
) =>
(request: Http.IncomingMessage, response: Http.ServerResponse): boolean => {
  const path = Guard.pathOf(request)
  if (path !== "/healthz" && (path !== "/metrics" || !options.metrics)) return false
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("Method not allowed\n")
    return true
  }
  const body = path === "/healthz"
    ? JSON.stringify(health(registry, startedAt, Date.now())) + "\n"
    : metricsText(registry)
  response.writeHead(200, {
    "content-type": path === "/healthz" ? "application/json" : "text/plain; version=0.0.4; charset=utf-8",
    "cache-control": "no-store"
  })
  response.end(request.method === "HEAD" ? undefined : body)
  return true
}

/**
 * Serves `/metrics` and `/healthz` (and 404 for anything else) on a plain
 * HTTP listener of their own at `address`, until the scope closes. Fails
 * with `ListenError` when the address cannot be bound.
 */
export const listen = (
  registry: RegistryService,
  startedAt: number,
  address: BoundAddress,
  run: Guard.Runner
): Effect.Effect<BoundAddress, ListenError, Scope.Scope> =>
  Effect.gen(function*() {
    const endpoints = handle(registry, startedAt)
    const server = yield* Effect.acquireRelease(
      Effect.sync(() =>
        Http.createServer(Guard.handler(run, (request, response) => {
          if (endpoints(request, response)) return
          response.writeHead(404, { "content-type": "text/plain" }).end("Not found\n")
        }))
      ),
      (server) =>
        Effect.callback<void>((resume) => {
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        })
    )
    return yield* Effect.callback<BoundAddress, ListenError>((resume) => {
      const onError = (error: Error) =>
        resume(Effect.fail(new ListenError({ hostname: address.hostname, port: address.port, message: error.message })))
      server.once("error", onError)
      server.listen({ host: address.hostname, port: address.port }, () => {
        server.off("error", onError)
        const bound = server.address() as Net.AddressInfo
        resume(Effect.succeed({ hostname: bound.address, port: bound.port }))
      })
    })
  })
