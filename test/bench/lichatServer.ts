/**
 * Our server as a child process for `pnpm bench:load`: the whole server
 * (`LichatServer.layer` with its configuration and in-memory profiles), with
 * the limits raised for load and logging quiet, plus the registered
 * IDLE_USERS (see idleUsers.ts), stored with a
 * cheap password hash so that thousands of logins do not spend minutes in
 * scrypt. Usage: `node test/bench/lichatServer.ts --port 0 [--data-dir DIR]`
 * prints `listening <port>` and serves until killed; with `--data-dir`
 * everything is stored in DIR/lichat.db as `pnpm start` stores it, else in
 * memory.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import {
  LichatServer,
  openFileLimit,
  RuntimeTuning,
  ServerConfig,
  type ServerOptionsInput,
  StoreFromConfig
} from "@lichat/server"
import { Effect, Layer, References } from "effect"
import { registerIdleUsers } from "./registerIdleUsers.ts"

const argument = (flag: string) => process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined
const port = Number(argument("--port") ?? 0)
const dataDir = argument("--data-dir")

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
  handshakesPerAddress: connections,
  ...(dataDir === undefined ? { memory: true } : { dataDir })
}

// Tuned like the lichat-server command tunes its process (the startup flags
// are on the command line serverProcess.ts starts this with).
RuntimeTuning.tuneForServer()

// The profile store is kept in the output, so that the users registered here are the server's.
const server = LichatServer.layer.pipe(
  Layer.provideMerge(StoreFromConfig.layerWithProfiles),
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
