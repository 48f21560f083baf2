/**
 * The whole Lichat server as one Layer: configuration in, a listening
 * server out. Build it into an Effect application with its own layers;
 * closing the layer's scope stops the server gracefully (every client gets
 * `disconnect`, every socket and fiber ends).
 *
 * @since 0.1.0
 */
import { Clock, Context, Duration, Effect, Layer, Option } from "effect"
import { Registry } from "./actors/Registry.ts"
import * as RegistryActor from "./actors/RegistryActor.ts"
import * as ChannelHost from "./cluster/ChannelHost.ts"
import * as Cluster from "./cluster/Cluster.ts"
import { type InvalidOptions, parseHostPort, ServerConfig, type ServerOptionsInput } from "./config/ServerConfig.ts"
import * as Connection from "./connection/Connection.ts"
import * as Extensions from "./extensions/Extensions.ts"
import { LinkStore } from "./extensions/link/link.ts"
import * as LinkHttp from "./extensions/link/serve.ts"
import * as Endpoints from "./http/Endpoints.ts"
import * as Guard from "./http/Guard.ts"
import * as Admission from "./limits/Admission.ts"
import * as Metrics from "./Metrics.ts"
import type { ProfileStore } from "./storage/ProfileStore.ts"
import type { Store, StoreError } from "./storage/Store.ts"
import { StoredChannels } from "./storage/StoredChannels.ts"
import * as StoreFromConfig from "./storage/StoreFromConfig.ts"
import type { RequestHandler } from "./transport/HttpSide.ts"
import * as Listener from "./transport/Listener.ts"

/** How long a socket on an `auto` port may take to show whether it speaks raw Lichat or HTTP. */
const DETECT_MILLIS = 5_000

/** The listeners to start: `listen`, or the simple form (`auto` on hostname:port, and `auto+tls` on tlsPort with TLS). */
const listenersOf = (config: ServerConfig["Service"]): ReadonlyArray<Listener.ListenerSpec> => {
  const parsed = config.listen.map(Listener.parseListener).filter((l): l is Listener.ListenerSpec => typeof l !== "string")
  if (parsed.length > 0) return parsed
  const simple: Listener.ListenerSpec = { scheme: "auto", hostname: config.hostname, port: config.port }
  return config.tlsCert === "" ? [simple] : [simple, { scheme: "auto+tls", hostname: config.hostname, port: config.tlsPort }]
}

/** `host:port`, an IPv6 host in brackets. */
const hostPort = (address: Listener.BoundAddress): string =>
  `${address.hostname.includes(":") ? `[${address.hostname}]` : address.hostname}:${address.port}`

/** A running server: where it listens. */
export class LichatServer extends Context.Service<LichatServer, {
  /** The first listener's address and port as bound (useful with port 0). */
  readonly address: Listener.BoundAddress
  /** Every listener as bound. */
  readonly listeners: ReadonlyArray<Listener.BoundListener>
  /** Where `/metrics` and `/healthz` are served on their own (`metricsListen`), as bound; `undefined` when on the chat port. */
  readonly metricsAddress: Listener.BoundAddress | undefined
}>()("@lichat/server/LichatServer") {
  /**
   * Starts the server from the `ServerConfig`, `ProfileStore` and `Store` in context.
   */
  static readonly layerWith = (options: {
    readonly onRequest?: RequestHandler | undefined
  } = {}): Layer.Layer<
    LichatServer | Registry | LinkStore,
    Listener.ListenError | StoreError | Cluster.ClusterError,
    ServerConfig | ProfileStore | Store
  > =>
    Layer.effect(
      LichatServer,
      Effect.gen(function*() {
        const config = yield* ServerConfig
        const links = yield* LinkStore
        const registry = yield* Registry
        const startedAt = yield* Clock.currentTimeMillis
        // In a cluster, this runner hosts its share of the channels, with the server's services.
        const cluster = Option.getOrUndefined(yield* Effect.serviceOption(Cluster.ClusterMode))
        if (cluster !== undefined) {
          const services = yield* Effect.context<ServerConfig | ProfileStore | Store | Registry | LinkStore | StoredChannels>()
          yield* Layer.build(ChannelHost.layer).pipe(Effect.provideContext(Context.merge(services, cluster.context)))
        }
        const metricsApart = config.metricsListen === "" ? undefined : parseHostPort(config.metricsListen)
        if (typeof metricsApart === "string") return yield* Effect.die(new Error(`metricsListen: ${metricsApart}`))
        // With a metrics listener of their own, the chat port keeps /healthz only.
        const endpoints = Endpoints.handle(registry, startedAt, { metrics: metricsApart === undefined })
        const onRequest = options.onRequest
        // HTTP work runs with the server's services, so its errors reach the server's logger.
        const run: Guard.Runner = Effect.runForkWith(yield* Effect.context<never>())
        // Event-loop delay and garbage collections, sampled while the server runs.
        yield* Metrics.sampleProcess
        const serveLink = LinkHttp.serve(links, run)
        const fdLimit = Admission.openFileLimit()
        const maxSockets = Admission.socketBudget(config.connectionLimit, config.handshakeLimit, fdLimit)
        if (fdLimit !== undefined && maxSockets < config.connectionLimit + config.handshakeLimit + Admission.RESERVED_FDS) {
          yield* Effect.logWarning(
            `the process may open ${fdLimit} files (ulimit -n): at most ${maxSockets} sockets at once, fewer than the connection limit asks for`
          )
        }
        // Bytes: `maxUpdateSize` UTF-16 code units take at most 3 bytes each in UTF-8 (a
        // 4-byte character is 2 units), and a little framing. A larger frame is closed.
        const maxBytes = config.maxUpdateSize * 3 + 1024
        const tls = config.tlsCert === "" ? undefined : { cert: config.tlsCert, key: config.tlsKey }
        const said = (result: { readonly ok: boolean; readonly message: string }) =>
          run(result.ok ? Effect.logInfo(result.message) : Effect.logWarning(result.message))
        const listeners = yield* Listener.listen(
          {
            listeners: listenersOf(config),
            tls,
            maxPayload: maxBytes,
            maxUpdateBytes: maxBytes,
            maxSockets,
            detectMillis: DETECT_MILLIS,
            said,
            // /healthz and /metrics, stored payloads (shirakumo-link), then the embedder's routes.
            // A throw anywhere in here is logged and answered with 500 (see Guard.ts).
            onRequest: Guard.handler(run, (request, response) => {
              if (endpoints(request, response) || serveLink(request, response)) return
              if (onRequest !== undefined) return onRequest(request, response)
              response.writeHead(404, { "content-type": "text/plain" }).end("Not found\n")
            })
          },
          Connection.serve
        )
        const web = listeners.find((listener) => Listener.SCHEMES[listener.scheme].serves !== "lichat")
        if (web !== undefined) {
          const host = web.hostname === "0.0.0.0" || web.hostname === "::" ? "localhost" : web.hostname
          links.setBaseUrl(`${Listener.SCHEMES[web.scheme].tls ? "https" : "http"}://${host}:${web.port}`)
        }
        for (const listener of listeners) {
          yield* Effect.logInfo(
            `Lichat server ${config.name} listening on ${listener.scheme}://${listener.hostname}:${listener.port}` +
              ` (ping ${Duration.format(config.pingInterval)}, idle ${Duration.format(config.idleTimeout)})`
          )
        }
        // Closed with the layer's scope, after the chat listeners (finalizers run in reverse).
        const metricsAddress = metricsApart === undefined ? undefined : yield* Endpoints.listen(registry, startedAt, metricsApart, run)
        if (metricsAddress !== undefined) {
          yield* Effect.logInfo(`metrics served apart at http://${hostPort(metricsAddress)}/metrics (and /healthz)`).pipe(
            Effect.annotateLogs({ metricsAddress: hostPort(metricsAddress) })
          )
        }
        yield* Effect.logInfo(`extensions: ${Extensions.supported(config).join(", ") || "none"}`)
        const [first] = listeners
        if (first === undefined) return yield* Effect.die(new Error("no listener"))
        return LichatServer.of({ address: { hostname: first.hostname, port: first.port }, listeners, metricsAddress })
      })
    ).pipe(
      Layer.provideMerge(RegistryActor.layer),
      Layer.provideMerge(LinkStore.layer),
      Layer.provideMerge(StoredChannels.layer),
      Layer.provideMerge(Cluster.layer)
    )

  /** The server from the `ServerConfig`, `ProfileStore` and `Store` in context. */
  static readonly layer: Layer.Layer<
    LichatServer | Registry | LinkStore,
    Listener.ListenError | StoreError | Cluster.ClusterError,
    ServerConfig | ProfileStore | Store
  > = LichatServer.layerWith()
}

/**
 * The server with everything it needs: explicit options (defaults for the
 * rest; invalid ones fail the layer), and the store they ask for
 * (StoreFromConfig.ts: the SQLite file under `dataDir` unless `memory` or
 * a `database`).
 */
export const layer = (
  options: ServerOptionsInput = {}
): Layer.Layer<
  LichatServer | Registry | LinkStore | ServerConfig | Store | ProfileStore,
  Listener.ListenError | StoreError | InvalidOptions | Cluster.ClusterError
> =>
  LichatServer.layer.pipe(
    Layer.provideMerge(StoreFromConfig.layerWithProfiles),
    Layer.provideMerge(ServerConfig.layer(options))
  )
