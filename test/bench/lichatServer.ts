/**
 * Our server as a child process for `pnpm bench:load`, with the limits
 * raised for load (flood limit, connection limits) and logging quiet.
 * Profiles `idle0`…`idle99` (password "password") are pre-registered with
 * a cheap hash so that the idle-connection run can open many connections
 * per user without spending minutes in scrypt.
 * Usage: `node test/bench/lichatServer.ts --port 0` prints `listening <port>`.
 */
import { NodeRuntime } from "@effect/platform-node"
import { LichatServer, Passwords, ProfileStore, ServerConfig } from "@lichat/server"
import { Effect, Layer, Redacted, References } from "effect"

const port = Number(process.argv[process.argv.indexOf("--port") + 1] ?? 0)

const config = ServerConfig.layer({
  name: "bench",
  hostname: "127.0.0.1",
  port,
  connectionLimit: 20_000,
  connectionsPerUser: 20_000,
  channelsPerUser: 1_000,
  floodLimit: 1_000_000
})

const profiles = Layer.effect(
  ProfileStore,
  Effect.gen(function*() {
    const store = yield* ProfileStore
    const password = yield* Passwords.hash("password", Redacted.make(""), 16)
    for (let i = 0; i < 100; i++) {
      yield* store.put(`idle${i}`, { name: `idle${i}`, password, registeredAt: 0, lastUsed: 4e9, data: {} })
    }
    return store
  })
).pipe(Layer.provide(ProfileStore.layerMemory))

Effect.gen(function*() {
  const { address } = yield* LichatServer
  process.stdout.write(`listening ${address.port}\n`)
  return yield* Effect.never
}).pipe(
  Effect.provide(LichatServer.layer.pipe(Layer.provide(config), Layer.provide(profiles))),
  Effect.provideService(References.MinimumLogLevel, "Warn"),
  NodeRuntime.runMain
)
