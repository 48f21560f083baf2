/**
 * Starts the real server on an ephemeral loopback port for a test, inside
 * the test's scope: closing the scope stops it.
 */
import { type BoundListener, layer, LichatServer, Operators, type ServerOptionsInput } from "@lichat/server"
import { Effect, Layer, References, type Scope } from "effect"

/** The server name tests use. */
export const SERVER_NAME = "TestServer"

/** A running test server. */
export interface TestServer {
  readonly url: string
  readonly port: number
  readonly name: string
  /** Every listener as bound, in the order `listen` gave them. */
  readonly listeners: ReadonlyArray<BoundListener>
  /** Provisions an operator's profile in the server's store, as `lichat-server operator add` would. */
  readonly provision: (name: string, password: string) => Effect.Effect<void, string>
}

/** The password `start` provisions each listed operator with. */
export const operatorPassword = (name: string): string => `${name}-password`

/**
 * Starts a server with test defaults and `options` on top; stops with the
 * scope. Nothing is stored on disk unless `options` give a `dataDir` or a
 * `database`. Each of the `operators` is provisioned with
 * `operatorPassword(name)` (as `lichat-server operator add` would) unless
 * `provision` is false.
 */
export const start = (
  options: ServerOptionsInput = {},
  { provision = true }: { readonly provision?: boolean } = {}
): Effect.Effect<TestServer, unknown, Scope.Scope> =>
  Effect.gen(function*() {
    // Warnings and errors only: the tests' output stays readable.
    const context = yield* Layer.build(layer({
      name: SERVER_NAME,
      hostname: "127.0.0.1",
      port: 0,
      memory: options.dataDir === undefined && options.database === undefined,
      ...options
    })).pipe(
      Effect.provideService(References.MinimumLogLevel, "Warn")
    )
    const provisionOne = (name: string, password: string) =>
      Effect.provideContext(Effect.asVoid(Operators.provision(name, password)), context)
    if (provision) for (const name of options.operators ?? []) yield* provisionOne(name, operatorPassword(name))
    const { address, listeners } = yield* Effect.provideContext(Effect.service(LichatServer), context)
    return {
      url: `ws://127.0.0.1:${address.port}/`,
      port: address.port,
      name: options.name ?? SERVER_NAME,
      listeners,
      provision: provisionOne
    }
  })
