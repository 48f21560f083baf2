/**
 * The server's metrics, on Effect's `Metric`: updates received and sent by
 * type, failures by type, bytes in and out, outbox drops (slow consumers)
 * and handshake rejections. Gauges of present connections, users and
 * channels are read from the registry when metrics are rendered (see
 * `http/Endpoints.ts`), so they cost nothing on the hot path.
 *
 * Counting happens on hot paths (every update, every fan-out), so the
 * recorders are synchronous and reuse one attributed metric per type.
 * They write to the metric registry of the default context (a process-wide
 * registry unless an application provides its own `Metric.MetricRegistry`
 * around the export).
 *
 * @since 0.1.0
 */
import { Context, Metric } from "effect"

const context = Context.empty()

const updatesReceived = Metric.counter("lichat_updates_received_total", {
  description: "Updates received from clients, by update type",
  incremental: true
})
const updatesSent = Metric.counter("lichat_updates_sent_total", {
  description: "Updates written to clients (one per recipient connection), by update type",
  incremental: true
})
const failuresSent = Metric.counter("lichat_failures_total", {
  description: "Failure updates sent to clients, by failure type",
  incremental: true
})
const bytesIn = Metric.counter("lichat_bytes_received_total", {
  description: "Characters of update text received",
  incremental: true
})
const bytesOut = Metric.counter("lichat_bytes_sent_total", {
  description: "Bytes of update text written to sockets",
  incremental: true
})
const outboxDrops = Metric.counter("lichat_outbox_drops_total", {
  description: "Connections closed because their outbox was full (clients that stopped reading)",
  incremental: true
})
const handshakeRejections = Metric.counter("lichat_handshake_rejections_total", {
  description: "Handshakes refused, by failure type",
  incremental: true
})
const connectionsAccepted = Metric.counter("lichat_connections_accepted_total", {
  description: "Sockets accepted",
  incremental: true
})

type Counter = Metric.Metric<number, unknown>

const byType = (metric: Counter) => {
  const cache = new Map<string, Counter>()
  return (type: string): Counter => {
    let attributed = cache.get(type)
    if (attributed === undefined) {
      attributed = Metric.withAttributes(metric, { type })
      cache.set(type, attributed)
    }
    return attributed
  }
}

const receivedOf = byType(updatesReceived)
const sentOf = byType(updatesSent)
const failureOf = byType(failuresSent)
const rejectionOf = byType(handshakeRejections)

/** Counts one update received, of its type, and its length. */
export const received = (type: string, length: number): void => {
  receivedOf(type).updateUnsafe(1, context)
  bytesIn.updateUnsafe(length, context)
}

/** Counts an update written to `recipients` connections, `bytes` long each. */
export const sent = (type: string, recipients: number, bytes: number): void => {
  if (recipients === 0) return
  sentOf(type).updateUnsafe(recipients, context)
  bytesOut.updateUnsafe(recipients * bytes, context)
}

/** Counts a failure update sent. */
export const failure = (type: string): void => failureOf(type).updateUnsafe(1, context)

/** Counts a connection closed as a slow consumer. */
export const outboxDrop = (): void => outboxDrops.updateUnsafe(1, context)

/** Counts a refused handshake. */
export const handshakeRejected = (type: string): void => rejectionOf(type).updateUnsafe(1, context)

/** Counts an accepted socket. */
export const connectionAccepted = (): void => connectionsAccepted.updateUnsafe(1, context)
