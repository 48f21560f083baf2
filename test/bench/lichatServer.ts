/**
 * Our server as a child process for `pnpm bench:load`: the whole server
 * (`LichatServer.layer` with its configuration and in-memory profiles), with
 * the limits raised for load and logging quiet, plus the registered
 * IDLE_USERS (see idleUsers.ts), stored with a
 * cheap password hash so that thousands of logins do not spend minutes in
 * scrypt. Usage: `node test/bench/lichatServer.ts --port 0` prints
 * `listening <port>` and serves until killed.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { LichatServer, openFileLimit, ProfileStore, RuntimeTuning, ServerConfig, type ServerOptionsInput } from "@lichat/server"
import { Effect, Layer, References } from "effect"
import { registerIdleUsers } from "./registerIdleUsers.ts"

const port = Number(process.argv[process.argv.indexOf("--port") + 1] ?? 0)

// As many connections as the open-file limit allows (the idle phase fills it), at least 20,000.
const connections = Math.max(20_000, openFileLimit() ?? 200_000)

const options: ServerOptionsInput = {
  hostname: "127.0.0.1",
  port,
  name: "bench",
  connectionLimit: connections,
  connectionsPerUser: connections,
  floodLimit: 1_000_000,
  channelsPerUser: 1000,
  // Bench clients connect from 127.0.0.x, thousands at once.
  handshakeLimit: connections,
  handshakesPerAddress: connections
}

// Tuned like the lichat-server command tunes its process (the startup flags
// are on the command line serverProcess.ts starts this with).
RuntimeTuning.tuneForServer()

// The in-memory profile store is provided and kept in the output, so that
// the users registered here are the server's.
const server = LichatServer.layer.pipe(
  Layer.provideMerge(ProfileStore.layerMemory),
  Layer.provideMerge(ServerConfig.layer(options))
)

Effect.gen(function*() {
  const { address } = yield* LichatServer
  yield* registerIdleUsers
  process.stdout.write(`listening ${address.port}\n`)
  return yield* Effect.never
}).pipe(
  Effect.provide(server),
  Effect.provideService(References.MinimumLogLevel, "Warn"),
  NodeRuntime.runMain
)
