/**
 * Every layer validates the options as the command line does (OptionTable.ts):
 * explicit values, and `LICHAT_*` variables read with the same parsers.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Exit, Layer } from "effect"
import { ServerConfig } from "../src/config/ServerConfig.ts"

const build = (layer: Layer.Layer<ServerConfig, unknown>) => Effect.scoped(Layer.build(layer)).pipe(Effect.exit)

const failureMessage = (exit: Exit.Exit<unknown, unknown>): string => {
  if (Exit.isSuccess(exit)) return assert.fail("the layer was built")
  return String(exit.cause)
}

const fromEnv = (env: Record<string, string>) =>
  build(ServerConfig.layerFromEnv.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env })))))

describe("ServerConfig", () => {
  it.effect("layer refuses what the command line refuses: a short idle timeout, a ping after it, a bad name", () =>
    Effect.gen(function*() {
      assert.include(failureMessage(yield* build(ServerConfig.layer({ idleTimeout: "50 seconds" }))), "idleTimeout")
      assert.include(
        failureMessage(yield* build(ServerConfig.layer({ pingInterval: "200 seconds", idleTimeout: "150 seconds" }))),
        "pingInterval"
      )
      assert.include(failureMessage(yield* build(ServerConfig.layer({ name: "" }))), "name")
      assert.isTrue(Exit.isSuccess(yield* build(ServerConfig.layer({ name: "Fine", idleTimeout: "101 seconds" }))))
    }))

  it.effect("listeners: each scheme://host:port checked, TLS ones only with both TLS files", () =>
    Effect.gen(function*() {
      const listen = (entries: ReadonlyArray<string>, tls = {}) => build(ServerConfig.layer({ listen: entries, ...tls }))
      assert.isTrue(Exit.isSuccess(yield* listen(["tcp://0.0.0.0:1111", "ws://[::1]:1113", "auto://127.0.0.1:0"])))
      assert.include(failureMessage(yield* listen(["udp://0.0.0.0:1111"])), "listen: \"udp://0.0.0.0:1111\" is not scheme://host:port")
      assert.include(failureMessage(yield* listen(["tcp://0.0.0.0"])), "is not scheme://host:port")
      assert.include(failureMessage(yield* listen(["tcp://0.0.0.0:70000"])), "at most 65535")
      assert.include(failureMessage(yield* listen(["tls://0.0.0.0:1112"])), "needs tlsCert and tlsKey")
      assert.include(failureMessage(yield* listen([], { tlsCert: "cert.pem" })), "give both or neither")
      assert.isTrue(Exit.isSuccess(yield* listen(["auto+tls://0.0.0.0:1112"], { tlsCert: "c.pem", tlsKey: "k.pem" })))
    }))

  it.effect("layerFromEnv reads LICHAT_* with the command line's parsers, and says which variable is wrong", () =>
    Effect.gen(function*() {
      const config = yield* Effect.scoped(
        Effect.flatMap(
          Layer.build(ServerConfig.layerFromEnv.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({
            env: {
              LICHAT_FLOOD_LIMIT: "7",
              LICHAT_PING_INTERVAL: "30",
              LICHAT_REFUSE_MIXED_SCRIPTS: "no",
              LICHAT_OPERATORS: "ana, bob"
            }
          }))))),
          (context) => Effect.provideContext(Effect.service(ServerConfig), context)
        )
      )
      assert.strictEqual(config.floodLimit, 7)
      assert.strictEqual(Duration.toSeconds(config.pingInterval), 30)
      assert.isFalse(config.refuseMixedScripts)
      assert.deepStrictEqual(config.operators, ["ana", "bob"])
      assert.include(failureMessage(yield* fromEnv({ LICHAT_FLOOD_LIMIT: "lots" })), "LICHAT_FLOOD_LIMIT")
      assert.include(failureMessage(yield* fromEnv({ LICHAT_IDLE_TIMEOUT: "60" })), "idleTimeout")
    }))
})
