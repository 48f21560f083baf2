/**
 * The server's metrics, on Effect's `Metric`: updates received and sent by
 * type, failures by type, bytes in and out (UTF-8 bytes as they crossed
 * the socket, counted by the transports), outbox drops (slow consumers),
 * handshake rejections by reason, and the process: memory, heap,
 * event-loop delay, garbage collections, start time and uptime, and the
 * build (`lichat_build_info`). Gauges of present connections, users and
 * channels are read from the registry when metrics are rendered (see
 * `http/Endpoints.ts`), as are the process gauges, so they cost nothing on
 * the hot path.
 *
 * Every series whose labels are known in advance (each update type, each
 * failure type, each handshake rejection, each kind of garbage collection)
 * exists from the start at 0, so that a scrape shows what the server can
 * count before it has counted it, and `rate()` sees the first increase.
 *
 * Counting happens on hot paths (every update, every fan-out), so the
 * recorders are synchronous and reuse one attributed metric per type.
 * They write to the metric registry of the default context (a process-wide
 * registry unless an application provides its own `Metric.MetricRegistry`
 * around the export): several servers in one process add to the same
 * series.
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import { monitorEventLoopDelay, PerformanceObserver, constants as perfConstants, performance } from "node:perf_hooks"
import { descriptors } from "@lichat/core"
import { Context, Effect, Metric, type Scope } from "effect"

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
  description: "Failure updates written to clients (one per recipient connection), by failure type",
  incremental: true
})
const bytesIn = Metric.counter("lichat_bytes_received_total", {
  description: "Bytes of update text received (UTF-8, as read from the sockets; WebSocket framing not included)",
  incremental: true
})
const bytesOut = Metric.counter("lichat_bytes_sent_total", {
  description: "Bytes of update text written to sockets (UTF-8; WebSocket framing not included)",
  incremental: true
})
const outboxDrops = Metric.counter("lichat_outbox_drops_total", {
  description: "Connections closed because their outbox was full (clients that stopped reading)",
  incremental: true
})
const handshakeRejections = Metric.counter("lichat_handshake_rejections_total", {
  description: "Connections refused before or during their handshake, by reason",
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

/** Every update type (their tags), in definition order. */
const UPDATE_TYPES: ReadonlyArray<string> = descriptors().map((descriptor) => descriptor.tag)

/** The failure types: `failure` and every class inheriting from it. */
const FAILURE_TYPES: ReadonlySet<string> = new Set(
  descriptors().filter((descriptor) => descriptor.ancestors.has("failure")).map((descriptor) => descriptor.tag)
)

/**
 * Why a connection is refused before or during its handshake: the failure
 * it was answered with, or `unreadable` (its first update could not be
 * read), `blacklisted` (a banned name), `login-throttled` (too many failed
 * logins), `mixed-scripts` (a new name mixing scripts), `ip-banned` (a
 * banned address, dropped without a reply), `address-busy` (too many
 * handshakes from its address).
 */
const HANDSHAKE_REJECTIONS = [
  "unreadable",
  "invalid-update",
  "too-many-connections",
  "incompatible-version",
  "bad-name",
  "blacklisted",
  "login-throttled",
  "no-such-profile",
  "invalid-password",
  "username-taken",
  "mixed-scripts",
  "ip-banned",
  "address-busy"
] as const

/** A reason a handshake is refused. */
export type HandshakeRejection = typeof HANDSHAKE_REJECTIONS[number]

/** Counts one update received, of its type (bytes are counted by the transports as they read them: `bytesReceived`). */
export const received = (type: string): void => {
  receivedOf(type).updateUnsafe(1, context)
}

/**
 * Counts an update written to `recipients` connections, and when it is a
 * failure, as many failures (bytes are counted by the transports as they
 * write them: `bytesSent`).
 */
export const sent = (type: string, recipients: number): void => {
  if (recipients === 0) return
  sentOf(type).updateUnsafe(recipients, context)
  if (FAILURE_TYPES.has(type)) failureOf(type).updateUnsafe(recipients, context)
}

/** Counts bytes read from a client's socket (the payload, UTF-8). */
export const bytesReceived = (bytes: number): void => bytesIn.updateUnsafe(bytes, context)

/** Counts bytes written to a client's socket (the payload, UTF-8). */
export const bytesSent = (bytes: number): void => bytesOut.updateUnsafe(bytes, context)

/** Counts a connection closed as a slow consumer. */
export const outboxDrop = (): void => outboxDrops.updateUnsafe(1, context)

/** Counts a refused handshake. */
export const handshakeRejected = (type: HandshakeRejection): void => rejectionOf(type).updateUnsafe(1, context)

/** Counts an accepted socket. */
export const connectionAccepted = (): void => connectionsAccepted.updateUnsafe(1, context)

// ---------------------------------------------------------------------------
// The process

/** How often the event loop's delay is sampled; each sample includes this interval. */
const LOOP_RESOLUTION_MILLIS = 10

const residentMemory = Metric.gauge("process_resident_memory_bytes", { description: "Resident memory size in bytes" })
const heapUsed = Metric.gauge("nodejs_heap_size_used_bytes", { description: "V8 heap in use, in bytes" })
const heapTotal = Metric.gauge("nodejs_heap_size_total_bytes", { description: "V8 heap allocated, in bytes" })
const externalMemory = Metric.gauge("nodejs_external_memory_bytes", {
  description: "Memory of C++ objects bound to JavaScript objects (buffers included), in bytes"
})
const startTime = Metric.gauge("process_start_time_seconds", {
  description: "When the process started, in seconds since the Unix epoch"
})
const uptime = Metric.gauge("process_uptime_seconds", { description: "Seconds since the process started" })
const loopDelay = (stat: string, description: string) =>
  Metric.gauge(`nodejs_eventloop_lag_${stat}_seconds`, {
    description: `${description} event-loop delay since the previous scrape, in seconds (beyond the ${LOOP_RESOLUTION_MILLIS} ms sampling interval)`
  })
const loopDelayP50 = loopDelay("p50", "The median")
const loopDelayP99 = loopDelay("p99", "The 99th percentile of the")
const loopDelayMax = loopDelay("max", "The longest")
const loopDelayMean = loopDelay("mean", "The mean")
const gcRuns = Metric.counter("nodejs_gc_runs_total", { description: "Garbage collections, by kind", incremental: true })
const gcSeconds = Metric.counter("nodejs_gc_duration_seconds_total", {
  description: "Time spent in garbage collection, by kind, in seconds",
  incremental: true
})
const buildInfo = Metric.gauge("lichat_build_info", {
  description: "The server's version and the Node.js version it runs on (always 1)"
})

/** The kinds of garbage collection, by their `perf_hooks` constant. */
const GC_KINDS: ReadonlyMap<number, string> = new Map([
  [perfConstants.NODE_PERFORMANCE_GC_MINOR, "minor"],
  [perfConstants.NODE_PERFORMANCE_GC_MAJOR, "major"],
  [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL, "incremental"],
  [perfConstants.NODE_PERFORMANCE_GC_MINOR_MARK_SWEEP, "minor-mark-sweep"],
  [perfConstants.NODE_PERFORMANCE_GC_WEAKCB, "weakcb"]
])
const gcRunsOf = byType(gcRuns)
const gcSecondsOf = byType(gcSeconds)
const gcKind = (kind: number | undefined): string => (kind === undefined ? undefined : GC_KINDS.get(kind)) ?? "other"

/**
 * The version of this package, from its package.json: one directory up from
 * this module, both in `src/` and in the built `dist/`.
 */
const VERSION: string = (() => {
  try {
    const manifest: unknown = JSON.parse(Fs.readFileSync(new URL("../package.json", import.meta.url), "utf8"))
    const version = typeof manifest === "object" && manifest !== null ? (manifest as { version?: unknown }).version : undefined
    return typeof version === "string" ? version : "unknown"
  } catch {
    return "unknown"
  }
})()

/** The process-wide sampling (event-loop delay, garbage collections), shared by every server in the process. */
let sampling:
  | {
    readonly users: number
    readonly delay: ReturnType<typeof monitorEventLoopDelay>
    readonly gc: PerformanceObserver
  }
  | undefined

const startSampling = (): void => {
  if (sampling !== undefined) {
    sampling = { ...sampling, users: sampling.users + 1 }
    return
  }
  const delay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MILLIS })
  delay.enable()
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = gcKind((entry as { readonly detail?: { readonly kind?: number } }).detail?.kind)
      gcRunsOf(kind).updateUnsafe(1, context)
      gcSecondsOf(kind).updateUnsafe(entry.duration / 1000, context)
    }
  })
  gc.observe({ entryTypes: ["gc"] })
  sampling = { users: 1, delay, gc }
}

const stopSampling = (): void => {
  if (sampling === undefined) return
  if (sampling.users > 1) {
    sampling = { ...sampling, users: sampling.users - 1 }
    return
  }
  sampling.delay.disable()
  sampling.gc.disconnect()
  sampling = undefined
}

/**
 * Samples the event-loop delay and garbage collections while the scope is
 * open (one sampler per process however many servers run in it).
 */
export const sampleProcess: Effect.Effect<void, never, Scope.Scope> = Effect.acquireRelease(
  Effect.sync(startSampling),
  () => Effect.sync(stopSampling)
)

const NANOS = 1e9

/** A sample of the event-loop delay histogram in seconds, less the sampling interval it includes. */
const lag = (nanos: number): number => Math.max(0, nanos / NANOS - LOOP_RESOLUTION_MILLIS / 1000)

/** Reads the process gauges; called when metrics are rendered. */
export const collectProcess = (): void => {
  const memory = process.memoryUsage()
  residentMemory.updateUnsafe(memory.rss, context)
  heapUsed.updateUnsafe(memory.heapUsed, context)
  heapTotal.updateUnsafe(memory.heapTotal, context)
  externalMemory.updateUnsafe(memory.external, context)
  uptime.updateUnsafe(process.uptime(), context)
  const delay = sampling?.delay
  // No sample since the previous scrape (scraped twice within the resolution): the last values stand.
  if (delay !== undefined && delay.count > 0) {
    loopDelayP50.updateUnsafe(lag(delay.percentile(50)), context)
    loopDelayP99.updateUnsafe(lag(delay.percentile(99)), context)
    loopDelayMax.updateUnsafe(lag(delay.max), context)
    loopDelayMean.updateUnsafe(lag(delay.mean), context)
    delay.reset()
  }
}

// Every series with known labels, at 0 from the start.
for (const type of UPDATE_TYPES) {
  receivedOf(type).updateUnsafe(0, context)
  sentOf(type).updateUnsafe(0, context)
}
for (const type of FAILURE_TYPES) failureOf(type).updateUnsafe(0, context)
for (const type of HANDSHAKE_REJECTIONS) rejectionOf(type).updateUnsafe(0, context)
for (const kind of [...GC_KINDS.values(), "other"]) {
  gcRunsOf(kind).updateUnsafe(0, context)
  gcSecondsOf(kind).updateUnsafe(0, context)
}
for (const counter of [bytesIn, bytesOut, outboxDrops, connectionsAccepted]) counter.updateUnsafe(0, context)
for (const gauge of [loopDelayP50, loopDelayP99, loopDelayMax, loopDelayMean]) gauge.updateUnsafe(0, context)
startTime.updateUnsafe(Math.round(performance.timeOrigin) / 1000, context)
Metric.withAttributes(buildInfo, { version: VERSION, node: process.version }).updateUnsafe(1, context)
collectProcess()
