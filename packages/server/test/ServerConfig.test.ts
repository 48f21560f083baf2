/**
 * Every layer validates the options as the command line does (OptionTable.ts):
 * explicit values, and `LICHAT_*` variables read with the same parsers.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Exit, Layer, Redacted, Result } from "effect"
import { makeValid, ServerConfig } from "../src/config/ServerConfig.ts"

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
  it("the defaults are valid", () => {
    assert.isTrue(Result.isSuccess(makeValid({})))
  })

  it("the server name: a valid Lichat name of at most 32 characters", () => {
    const refused = (name: string) => {
      const made = makeValid({ name })
      return Result.isFailure(made) ? made.failure.message : assert.fail(`${name} was accepted`)
    }
    assert.strictEqual(refused(""), "name: must not be empty")
    assert.include(refused(" "), "name: must not be empty")
    assert.strictEqual(refused("a".repeat(40)), `name: "${"a".repeat(40)}" is 40 characters long; a Lichat name has at most 32`)
    assert.include(refused("two  spaces"), "is not a valid Lichat name")
    assert.isTrue(Result.isSuccess(makeValid({ name: "a".repeat(32) })))
    assert.isTrue(Result.isSuccess(makeValid({ name: "Café ☃" })))
  })

  it.effect("log level and format: one of the known ones, by the layer and by LICHAT_* alike", () =>
    Effect.gen(function*() {
      const badLevel = failureMessage(yield* build(ServerConfig.layer({ logLevel: "loud" as never })))
      assert.include(badLevel, "logLevel: expected one of all, trace, debug, info, warn, error, fatal, none")
      assert.include(failureMessage(yield* build(ServerConfig.layer({ logFormat: "xml" as never }))), "logFormat: expected one of text, json")
      const env = failureMessage(yield* fromEnv({ LICHAT_LOG_LEVEL: "loud" }))
      assert.include(env, `LICHAT_LOG_LEVEL: expected one of all, trace, debug, info, warn, error, fatal, none (got "loud")`)
      const read = yield* Effect.scoped(
        Effect.flatMap(
          Layer.build(ServerConfig.layerFromEnv.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({
            env: { LICHAT_LOG_LEVEL: "WARNING", LICHAT_LOG_FORMAT: "JSON", LICHAT_METRICS_LISTEN: "[::1]:9100" }
          }))))),
          (context) => Effect.provideContext(Effect.service(ServerConfig), context)
        )
      )
      assert.strictEqual(read.logLevel, "warn")
      assert.strictEqual(read.logFormat, "json")
      assert.strictEqual(read.metricsListen, "[::1]:9100")
    }))

  it("disabledExtensions: only extensions this server has (or their other names)", () => {
    const made = makeValid({ disabledExtensions: ["shirakumo-typing", "shirakumo-nope"] })
    assert.isTrue(Result.isFailure(made))
    if (Result.isFailure(made)) assert.include(made.failure.message, `disabledExtensions: "shirakumo-nope" is not an extension of this server`)
    assert.isTrue(Result.isSuccess(makeValid({ disabledExtensions: ["shirakumo-typing", "shirakumo-search", "shirakumo-emote"] })))
  })

  it("metricsListen: host:port, an IPv6 host in brackets", () => {
    for (const good of ["", "127.0.0.1:0", "0.0.0.0:9100", "[::1]:9100", "metrics.local:9100"]) {
      assert.isTrue(Result.isSuccess(makeValid({ metricsListen: good })), good)
    }
    for (const bad of ["9100", "127.0.0.1", "::1:9100", "127.0.0.1:70000", "http://127.0.0.1:9100"]) {
      const made = makeValid({ metricsListen: bad })
      assert.isTrue(Result.isFailure(made), bad)
      if (Result.isFailure(made)) assert.include(made.failure.message, "metricsListen:")
    }
  })

  it("every option is checked by its kind, however it is given (the layer takes values the command line could not give)", () => {
    const refused = (input: Record<string, unknown>) => {
      const made = makeValid(input as never)
      return Result.isFailure(made) ? made.failure.message : assert.fail(`${JSON.stringify(input)} was accepted`)
    }
    assert.include(refused({ port: 70000 }), "port: expected a port number from 0 to 65535")
    assert.include(refused({ floodLimit: 0 }), "floodLimit: expected a whole number of at least 1")
    assert.include(refused({ floodLimit: 1.5 }), "floodLimit:")
    assert.include(refused({ hostname: 5 }), "hostname: expected a string")
    assert.include(refused({ memory: "yes" }), "memory: expected true or false")
    assert.include(refused({ operators: "ana" }), "operators: expected an array of strings")
    assert.include(refused({ operators: ["two  spaces"] }), "operators:")
    assert.include(refused({ pingInterval: "soon" }), "pingInterval: expected a duration")
    assert.isTrue(Result.isSuccess(makeValid({ salt: Redacted.make("s"), database: "" })))
  })
})
