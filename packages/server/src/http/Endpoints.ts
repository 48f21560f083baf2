/**
 * The operational side of the listening port: `GET /healthz` (a small JSON
 * status) and `GET /metrics` (Prometheus text: the counters of Metrics.ts
 * and gauges of present connections, users and channels, read from the
 * registry when scraped).
 *
 * @since 0.1.0
 */

import type * as Http from "node:http"
import { Context, Metric } from "effect"
import { PrometheusMetrics } from "effect/observability"
import type { RegistryService } from "../actors/Registry.ts"

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
  return PrometheusMetrics.formatUnsafe(context)
}

/**
 * A request handler for the endpoints; `false` when the path is not one of
 * them, so the caller can route it elsewhere.
 */
export const handle = (
  registry: RegistryService,
  startedAt: number
) =>
(request: Http.IncomingMessage, response: Http.ServerResponse): boolean => {
  const path = (request.url ?? "/").split("?")[0]
  if (path !== "/healthz" && path !== "/metrics") return false
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
