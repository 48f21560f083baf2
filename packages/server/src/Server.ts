/**
 * The whole Lichat server as one Layer: configuration in, a listening
 * server out. Build it into an Effect application with its own layers;
 * closing the layer's scope stops the server gracefully (every client gets
 * `disconnect`, every socket and fiber ends).
 *
 * @since 0.1.0
 */
import { Clock, Context, Duration, Effect, Layer } from "effect"
import { Registry } from "./actors/Registry.ts"
import * as RegistryActor from "./actors/RegistryActor.ts"
import { type InvalidOptions, ServerConfig, type ServerOptionsInput } from "./config/ServerConfig.ts"
import * as Connection from "./connection/Connection.ts"
import * as Extensions from "./extensions/Extensions.ts"
import { LinkStore } from "./extensions/link/link.ts"
import * as LinkHttp from "./extensions/link/serve.ts"
import * as Endpoints from "./http/Endpoints.ts"
import * as Guard from "./http/Guard.ts"
import * as Admission from "./limits/Admission.ts"
import { ChannelFile } from "./storage/ChannelFile.ts"
import { HistoryFileError, MessageArchive } from "./storage/MessageArchive.ts"
import * as ProfileFile from "./storage/ProfileFile.ts"
import { ProfileStore } from "./storage/ProfileStore.ts"
import * as Listener from "./transport/WebSocketListener.ts"

/** A running server: where it listens. */
export class LichatServer extends Context.Service<LichatServer, {
  /** The address and port actually bound (useful with port 0). */
  readonly address: Listener.BoundAddress
}>()("@lichat/server/LichatServer") {
  /**
   * Starts the server from the `ServerConfig` and `ProfileStore` in context.
   */
  static readonly layerWith = (options: {
    readonly onRequest?: Listener.RequestHandler | undefined
  } = {}): Layer.Layer<
    LichatServer | Registry | LinkStore,
    Listener.ListenError | HistoryFileError | ProfileFile.StateFileError,
    ServerConfig | ProfileStore
  > =>
    Layer.effect(
      LichatServer,
      Effect.gen(function*() {
        const config = yield* ServerConfig
        const links = yield* LinkStore
        const registry = yield* Registry
        const endpoints = Endpoints.handle(registry, yield* Clock.currentTimeMillis)
        const onRequest = options.onRequest
        // HTTP work runs with the server's services, so its errors reach the server's logger.
        const run: Guard.Runner = Effect.runForkWith(yield* Effect.context<never>())
        const serveLink = LinkHttp.serve(links, run)
        const fdLimit = Admission.openFileLimit()
        const maxSockets = Admission.socketBudget(config.connectionLimit, config.handshakeLimit, fdLimit)
        if (fdLimit !== undefined && maxSockets < config.connectionLimit + config.handshakeLimit + Admission.RESERVED_FDS) {
          yield* Effect.logWarning(
            `the process may open ${fdLimit} files (ulimit -n): at most ${maxSockets} sockets at once, fewer than the connection limit asks for`
          )
        }
        const address = yield* Listener.listen(
          {
            hostname: config.hostname,
            port: config.port,
            // Bytes: `maxUpdateSize` UTF-16 code units take at most 3 bytes each in UTF-8 (a
            // 4-byte character is 2 units), and a little framing. A larger frame is closed (1009).
            maxPayload: config.maxUpdateSize * 3 + 1024,
            maxSockets,
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
        links.setBaseUrl(`http://${address.hostname === "0.0.0.0" || address.hostname === "::" ? "localhost" : address.hostname}:${address.port}`)
        yield* Effect.logInfo(
          `Lichat server ${config.name} listening on ${address.hostname}:${address.port}` +
            ` (ping ${Duration.format(config.pingInterval)}, idle ${Duration.format(config.idleTimeout)})`
        )
        yield* Effect.logInfo(`extensions: ${Extensions.supported(config).join(", ") || "none"}`)
        return LichatServer.of({ address })
      })
    ).pipe(
      Layer.provideMerge(RegistryActor.layer),
      Layer.provideMerge(LinkStore.layer),
      Layer.provide(MessageArchive.layerFromConfig),
      Layer.provide(ChannelFile.layerFromConfig)
    )

  /**
   * The server from the `ServerConfig` and `ProfileStore` in context (the
   * message archive from the configuration's `historyFile`).
   */
  static readonly layer: Layer.Layer<
    LichatServer | Registry | LinkStore,
    Listener.ListenError | HistoryFileError | ProfileFile.StateFileError,
    ServerConfig | ProfileStore
  > = LichatServer.layerWith()
}

/**
 * The server with everything it needs: explicit options (defaults for the
 * rest; invalid ones fail the layer), and profiles in the `stateFile` when one is given, else in
 * memory.
 */
export const layer = (
  options: ServerOptionsInput = {}
): Layer.Layer<
  LichatServer | Registry | LinkStore | ServerConfig,
  Listener.ListenError | ProfileFile.StateFileError | HistoryFileError | InvalidOptions
> =>
  LichatServer.layer.pipe(
    Layer.provide(ProfileFile.layerFromConfig),
    Layer.provideMerge(ServerConfig.layer(options))
  )
