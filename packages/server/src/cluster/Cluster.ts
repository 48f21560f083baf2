/**
 * Cluster mode (`cluster`): this server as one runner of an Effect Cluster
 * whose runners share one PostgreSQL database — runner registry and shard
 * locks (`SqlRunnerStorage`), live runners and user names (Runners.ts), and
 * the store. Channels are `Channel` entities (ChannelHost.ts), reached
 * through handles that forward to them (RemoteChannels.ts); messages are
 * volatile (`MessageStorage.layerNoop`): a channel's durable state is in
 * the store, not in a message log.
 *
 * Lock timings are tuned for failover within seconds: a runner that dies
 * gives up its shards after `shardLockExpiration` (5 s).
 *
 * @since 0.3.0
 */
import * as Crypto from "node:crypto"
import { NodeSocket, NodeSocketServer } from "@effect/platform-node"
import * as PgClient from "@effect/sql-pg/PgClient"
import { Cause, Context, Data, Effect, Layer, Option, Redacted, type Scope } from "effect"
import {
  Runners as ClusterRunnersRpc,
  MessageStorage,
  RunnerAddress,
  RunnerHealth,
  type Sharding,
  ShardingConfig,
  SocketRunner,
  SqlRunnerStorage
} from "effect/cluster"
import { RpcClient, RpcSerialization } from "effect/rpc"
import { Socket } from "effect/socket"
import { parseHostPort } from "../config/OptionTable.ts"
import { ServerConfig } from "../config/ServerConfig.ts"
import type { User } from "../Model.ts"
import * as RemoteChannels from "./RemoteChannels.ts"
import * as Runners from "./Runners.ts"

/** What the registry and the server use of the cluster. */
export interface ClusterModeService {
  readonly runners: Runners.RunnersService
  /** The runner's handles on channel entities, over its registry's users. */
  readonly channels: (options: {
    readonly localUser: (name: string) => User | undefined
    readonly localUsers: () => Iterable<User>
  }) => Effect.Effect<RemoteChannels.RemoteChannelsService, never, Scope.Scope>
  /** The cluster's services, for hosting entities (ChannelHost.layer). */
  readonly context: Context.Context<Sharding.Sharding | Runners.ClusterRunners>
}

/** The runner could not join its cluster (the database, the runner port). */
export class ClusterError extends Data.TaggedError("ClusterError")<{ readonly message: string }> {}

/** Present in cluster mode only. */
export class ClusterMode extends Context.Service<ClusterMode, ClusterModeService>()("@lichat/server/ClusterMode") {}

/** The sharding settings: this runner's address, and lock timings for a failover within seconds. */
const shardingOptions = (host: string, port: number): Partial<ShardingConfig.ShardingConfig["Service"]> => ({
  runnerAddress: Option.some(RunnerAddress.make(host, port)),
  shardLockRefreshInterval: "1 second",
  shardLockExpiration: "5 seconds",
  refreshAssignmentsInterval: "1 second",
  // Channels with members stay resident; idle ones end after their own maxIdleTime.
  maxResidentEntities: "unbounded",
  entityTerminationTimeout: "2 seconds"
})

/**
 * How a runner reaches another: NodeClusterSocket's, with Nagle's
 * algorithm off — a frame for another runner is small and must not wait
 * for the peer's delayed ACK (40 ms a hop with it on).
 */
const clientProtocol = Layer.effect(ClusterRunnersRpc.RpcClientProtocol)(
  Effect.gen(function*() {
    const serialization = yield* RpcSerialization.RpcSerialization
    return {
      codecFor: serialization.codecFor,
      make: Effect.fnUntraced(function*(address: RunnerAddress.RunnerAddress) {
        const socket = yield* NodeSocket.makeNet({ openTimeout: 1000, timeout: 5500, host: address.host, port: address.port, noDelay: true })
        return yield* RpcClient.makeProtocolSocket().pipe(
          Effect.provideService(Socket.Socket, socket),
          Effect.provideService(RpcSerialization.RpcSerialization, serialization)
        )
      }, Effect.orDie)
    }
  })
)

/** The runner of the cluster the configuration names, on its PostgreSQL database. */
const runnerLayer = (url: string, host: string, port: number): Layer.Layer<ClusterMode, ClusterError> => {
  const options = shardingOptions(host, port)
  const sql = PgClient.layer({ url: Redacted.make(url), applicationName: "lichat-cluster" })
  const storage = Layer.merge(SqlRunnerStorage.layer, MessageStorage.layerNoop).pipe(
    Layer.provide(ShardingConfig.layer(options))
  )
  const sharding = Layer.provide(SocketRunner.layer, [
    NodeSocketServer.layer({ host, port, noDelay: true }),
    clientProtocol
  ]).pipe(
    Layer.provide(RunnerHealth.layerPing.pipe(Layer.provide(ClusterRunnersRpc.layerRpc), Layer.provide(clientProtocol))),
    Layer.provide(storage),
    Layer.provide(ShardingConfig.layer(options)),
    Layer.provide(RpcSerialization.layerSchemaBinary())
  )
  const self = `${host}:${port}/${Crypto.randomBytes(4).toString("hex")}`
  const services = Layer.merge(sharding, Runners.layer(self, `${host}:${port}`)).pipe(Layer.provide(sql))
  return Layer.effect(
    ClusterMode,
    Effect.gen(function*() {
      const context = yield* Effect.context<Sharding.Sharding | Runners.ClusterRunners>()
      yield* Effect.logInfo(`cluster: runner ${self} at ${host}:${port}`)
      return ClusterMode.of({
        runners: Context.get(context, Runners.ClusterRunners),
        context,
        channels: (local) => RemoteChannels.make({ runner: self, ...local }).pipe(Effect.provideContext(context))
      })
    })
  ).pipe(
    Layer.provide(services),
    Layer.catchCause((cause) => Layer.effect(ClusterMode, Effect.fail(new ClusterError({ message: Cause.pretty(cause).split("\n")[0] ?? "" }))))
  )
}

/** Cluster mode when the configuration asks for it; nothing otherwise. */
export const layer: Layer.Layer<never, ClusterError, ServerConfig> = Layer.unwrap(
  Effect.map(Effect.service(ServerConfig), (config) => {
    const url = Redacted.value(config.cluster)
    if (url === "") return Layer.empty
    const address = parseHostPort(config.runnerAddress)
    if (typeof address === "string") return Layer.effectDiscard(Effect.die(new Error(`runnerAddress: ${address}`)))
    return runnerLayer(url, address.hostname, address.port)
  })
)
