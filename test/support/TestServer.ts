/**
 * Starts the real server on an ephemeral loopback port for a test, inside
 * the test's scope: closing the scope stops it.
 */
import { type BoundListener, layer, LichatServer, type ServerOptionsInput } from "@lichat/server"
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
}

/** Starts a server with test defaults and `options` on top; stops with the scope. */
export const start = (options: ServerOptionsInput = {}): Effect.Effect<TestServer, unknown, Scope.Scope> =>
  Effect.gen(function*() {
    // Warnings and errors only: the tests' output stays readable.
    const context = yield* Layer.build(layer({ name: SERVER_NAME, hostname: "127.0.0.1", port: 0, ...options })).pipe(
      Effect.provideService(References.MinimumLogLevel, "Warn")
    )
    const { address, listeners } = yield* Effect.provideContext(Effect.service(LichatServer), context)
    return { url: `ws://127.0.0.1:${address.port}/`, port: address.port, name: options.name ?? SERVER_NAME, listeners }
  })
